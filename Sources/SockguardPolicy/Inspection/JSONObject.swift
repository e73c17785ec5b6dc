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
    }

    private(set) var members: [Member] = []
    /// Keyed by UTF-8 bytes, not `String`: `String` equality is canonical equivalence, which Go does not use.
    private var indexByFoldedKey: [[UInt8]: Int] = [:]

    init() {}

    /// The keys in body order, as written (escapes decoded).
    public var keys: [String] { members.map(\.key) }

    public var count: Int { members.count }

    public var isEmpty: Bool { members.isEmpty }

    /// The value whose key matches `key` case-insensitively, or nil when there is none.
    public func value(forKey key: String) -> JSONValue? {
        guard let index = indexByFoldedKey[Self.fold(key)] else { return nil }
        return members[index].value
    }

    /// The value whose key is exactly `key`: for data maps (labels, driver options) whose keys are data,
    /// not field names.
    func value(forExactKey key: String) -> JSONValue? {
        members.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// Adds a member, or returns the existing key it collides with (equal or a case variant).
    mutating func insert(key: String, value: JSONValue) -> String? {
        let folded = Self.fold(key)
        if let existing = indexByFoldedKey[folded] {
            return members[existing].key
        }
        indexByFoldedKey[folded] = members.count
        members.append(Member(key: key, value: value))
        return nil
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members == rhs.members
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
