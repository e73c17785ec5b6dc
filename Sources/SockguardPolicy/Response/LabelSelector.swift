/// One label condition, written `key` (the label is present, any value) or `key=value` (present with exactly
/// that value), as in `docker ps --filter label=...`.
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var value: String?

    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }

    /// Nil for an empty key (`""`, `=x`).
    public init?(parsing text: String) {
        if let equals = text.firstIndex(of: "=") {
            self.key = String(text[..<equals])
            self.value = String(text[text.index(after: equals)...])
        } else {
            self.key = text
            self.value = nil
        }
        if key.isEmpty { return nil }
    }

    public var description: String { value.map { "\(key)=\($0)" } ?? key }

    public func matches(_ labels: [String: String]) -> Bool {
        guard let present = labels[key] else { return false }
        return value.map { $0 == present } ?? true
    }
}
