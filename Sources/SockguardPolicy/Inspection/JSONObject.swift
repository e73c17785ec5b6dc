/// A JSON object whose keys are looked up the way dockerd (Go `encoding/json`) matches struct fields:
/// case-insensitively, with the Unicode simple folds Go applies (`ſ` is `s`, the Kelvin sign `K` is `k`).
///
/// Because lookup folds case, an object may not hold two keys that fold together: `JSONBody` rejects
/// `{"Privileged":false,"privileged":true}` outright. Go would let the last one win while a policy reading
/// the first would allow it, which is exactly the split view a filtering proxy must never have.
///
/// An object is a view of its members in the parsed document (`JSONDocument`): a lookup walks the members and
/// compares a hash of each folded key before the key itself, and builds only the value it returns. Lookups are
/// linear; inspectors make a few dozen of them on objects of at most about a hundred members (`HostConfig`).
public struct JSONObject: Sendable, Equatable {
    /// One member, in body order.
    struct Member: Sendable, Equatable {
        var key: String
        var value: JSONValue
    }

    /// nil for the empty object an inspector makes for an absent field.
    private let document: JSONDocument?
    private let node: Int

    init() {
        self.document = nil
        self.node = 0
    }

    init(document: JSONDocument, node: Int) {
        self.document = document
        self.node = node
    }

    public var keys: [String] { members.map(\.key) }

    public var count: Int { document.map { $0.nodes[node].count } ?? 0 }

    public var isEmpty: Bool { count == 0 }

    /// Every member, built from the document.
    var members: [Member] {
        guard let document else { return [] }
        var members: [Member] = []
        members.reserveCapacity(count)
        var keyNode = node + 1
        for _ in 0..<count {
            members.append(Member(key: document.string(at: keyNode), value: document.value(at: keyNode + 1)))
            keyNode = document.nodes[keyNode + 1].next
        }
        return members
    }

    public func value(forKey key: String) -> JSONValue? {
        guard let document else { return nil }
        let hash = Self.foldedHash(key)
        var keyNode = node + 1
        for _ in 0..<count {
            if document.nodes[keyNode].keyHash == hash && Self.foldedEqual(document.string(at: keyNode), key) {
                return document.value(at: keyNode + 1)
            }
            keyNode = document.nodes[keyNode + 1].next
        }
        return nil
    }

    func value(forExactKey key: String) -> JSONValue? {
        members.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members == rhs.members
    }

    /// FNV-1a over the folded key (`fold`), computed without allocating for ASCII keys. Keys that fold
    /// together always hash equal; it is not seeded, so it only ever narrows a search that `foldedEqual` decides.
    /// The parser hashes plain ASCII keys the same way as it reads them (`JSONParser.plainASCIIKey`).
    static func foldedHash(_ key: String) -> UInt64 {
        var contiguous = key
        let asciiHash: UInt64? = contiguous.withUTF8 { utf8 in
            var hash = foldedHashBasis
            for byte in utf8 {
                guard byte < 0x80 else { return nil }
                hash = foldedHash(hash, byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            return hash
        }
        return asciiHash ?? fold(key).reduce(foldedHashBasis, foldedHash)
    }

    static let foldedHashBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step: `hash` extended by a byte of the folded key.
    static func foldedHash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    /// Go's case-insensitive key match without allocating for ASCII keys.
    static func foldedEqual(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs
        var right = rhs
        let asciiEqual = left.withUTF8 { a in right.withUTF8 { b in asciiFoldedEqual(a, b) } }
        return asciiEqual ?? (fold(lhs) == fold(rhs))
    }

    /// Whether two keys are equal ignoring ASCII case, or nil when that depends on a non-ASCII character. Keys of
    /// different lengths fold equal only through a non-ASCII character (the Kelvin sign, the long s).
    private static func asciiFoldedEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard a.count == b.count else {
            return a.allSatisfy({ $0 < 0x80 }) && b.allSatisfy({ $0 < 0x80 }) ? false : nil
        }
        for (x, y) in zip(a, b) {
            if x >= 0x80 || y >= 0x80 { return nil }
            if x != y && (x | 0x20 != y | 0x20 || !(0x61...0x7A).contains(x | 0x20)) { return false }
        }
        return true
    }

    /// A key compared and hashed the way Go matches JSON keys (ASCII case-insensitively, plus Unicode simple
    /// folding for non-ASCII keys), without allocating for ASCII keys. Hashing uses the standard library's
    /// randomly seeded hasher, so a body cannot be crafted to collide its keys.
    struct FoldedKey: Hashable {
        let key: String

        init(_ key: String) { self.key = key }

        static func == (lhs: FoldedKey, rhs: FoldedKey) -> Bool { JSONObject.foldedEqual(lhs.key, rhs.key) }

        func hash(into hasher: inout Hasher) {
            guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
                JSONObject.fold(key).withUnsafeBytes { hasher.combine(bytes: $0) }
                return
            }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
                var count = 0
                for byte in key.utf8 {
                    buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    count += 1
                    if count == 64 {
                        hasher.combine(bytes: UnsafeRawBufferPointer(buffer))
                        count = 0
                    }
                }
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[0..<count])))
            }
        }
    }

    /// The comparison key, as UTF-8. Lowercasing maps the Kelvin sign to `k`; `ſ` (U+017F) is already lowercase, but
    /// Go's `unicode.SimpleFold` puts it in the orbit of `s`, so it is mapped by hand. Anything this folds
    /// together that Go would not only makes duplicate detection stricter.
    static func fold(_ key: String) -> [UInt8] {
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            return key.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        var folded: [UInt8] = []
        for scalar in key.lowercased().unicodeScalars {
            UTF8.encode(scalar == "\u{17F}" ? "s" : scalar) { folded.append($0) }
        }
        return folded
    }
}
