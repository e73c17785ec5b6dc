/// A JSON object whose keys are looked up the way dockerd (Go `encoding/json`) matches struct fields:
/// case-insensitively, with the Unicode simple folds Go applies (`ſ` is `s`, the Kelvin sign `K` is `k`).
///
/// Because lookup folds case, an object may not hold two keys that fold together: `JSONBody` rejects
/// `{"Privileged":false,"privileged":true}` outright. Go would let the last one win while a policy reading
/// the first would allow it, which is exactly the split view a filtering proxy must never have.
public struct JSONObject: Sendable, Equatable {
    /// One member, in body order.
    struct Member: Sendable, Equatable {
        var key: String
        var value: JSONValue
        /// `foldedHash(key)`: members are compared by it first, and by `foldedEqual` only when it matches.
        var keyHash: UInt64

        init(key: String, value: JSONValue, keyHash: UInt64? = nil) {
            self.key = key
            self.value = value
            self.keyHash = keyHash ?? JSONObject.foldedHash(key)
        }
    }

    private(set) var members: [Member] = []
    /// Built once an object has `indexThreshold` members. Smaller objects (every one Docker sends; `HostConfig`
    /// has about 90 fields) are searched linearly by `keyHash`, which costs one integer comparison per member.
    /// Larger ones go through a dictionary hashed by the standard library's randomly seeded hasher, so a body
    /// with a huge object cannot make insertion quadratic. Below the threshold, keys crafted to collide on the
    /// unseeded `keyHash` cost at most one extra key comparison each, so a body of N bytes costs at most about
    /// `indexThreshold / 2 * N` byte comparisons.
    private var indexByFoldedKey: [FoldedKey: Int]?
    private static let indexThreshold = 128

    init() {}

    public var keys: [String] { members.map(\.key) }

    public var count: Int { members.count }

    public var isEmpty: Bool { members.isEmpty }

    public func value(forKey key: String) -> JSONValue? {
        guard let index = self.index(ofFoldedKey: key) else { return nil }
        return members[index].value
    }

    func value(forExactKey key: String) -> JSONValue? {
        members.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// Appends a member, or returns the key already present that `key` folds to (nothing is inserted then).
    mutating func insert(key: String, value: JSONValue) -> String? {
        let hash = Self.foldedHash(key)
        if let existing = self.index(ofFoldedKey: key, hash: hash) {
            return members[existing].key
        }
        if indexByFoldedKey != nil {
            indexByFoldedKey?[FoldedKey(key)] = members.count
        } else if members.isEmpty {
            members.reserveCapacity(8)
        }
        members.append(Member(key: key, value: value, keyHash: hash))
        if indexByFoldedKey == nil && members.count >= Self.indexThreshold {
            var index: [FoldedKey: Int] = [:]
            index.reserveCapacity(2 * Self.indexThreshold)
            for (position, member) in members.enumerated() { index[FoldedKey(member.key)] = position }
            indexByFoldedKey = index
        }
        return nil
    }

    private func index(ofFoldedKey key: String, hash: UInt64? = nil) -> Int? {
        if let indexByFoldedKey { return indexByFoldedKey[FoldedKey(key)] }
        let hash = hash ?? Self.foldedHash(key)
        return members.firstIndex { $0.keyHash == hash && Self.foldedEqual($0.key, key) }
    }

    /// FNV-1a over the folded key (`fold`), computed without allocating for ASCII keys. Keys that fold
    /// together always hash equal; it is not seeded, so it only ever narrows a search that `foldedEqual` decides.
    static func foldedHash(_ key: String) -> UInt64 {
        var contiguous = key
        let asciiHash: UInt64? = contiguous.withUTF8 { utf8 in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in utf8 {
                guard byte < 0x80 else { return nil }
                hash = (hash ^ UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)) &* 0x100_0000_01b3
            }
            return hash
        }
        return asciiHash ?? foldedHash(folded: fold(key))
    }

    private static func foldedHash(folded: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in folded { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
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
