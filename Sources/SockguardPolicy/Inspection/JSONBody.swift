/// Strict JSON, read the way dockerd (Go `encoding/json`) reads a request body, but fail-closed.
///
/// Everything Go would accept with a meaning a policy could misread is rejected instead: a duplicate or
/// case-variant duplicate key in any object (Go keeps the last, a naive policy reads the first), invalid
/// UTF-8 and lone surrogates (Go silently turns them into U+FFFD), trailing data after the value (Go's
/// `Decoder.Decode` ignores it), a byte order mark, control characters in strings, more than 64 nested
/// containers, and numbers outside the JSON grammar. `\u` escapes are decoded, so `"Privil\u0065ged"` is the
/// key `Privileged`, as dockerd sees it.
public struct JSONBody: Sendable {
    /// Containers (objects and arrays) that may be open at once. Docker request bodies nest a handful deep.
    public static let maxDepth = 64

    public var root: JSONValue

    /// Parses `bytes` as one JSON value surrounded only by whitespace.
    public init(parsing bytes: [UInt8]) throws(JSONBodyError) {
        var parser = JSONParser(bytes: bytes, maxDepth: Self.maxDepth)
        self.init(document: try parser.parseDocument())
    }

    /// A body already parsed (strictly) as `document`.
    init(document: JSONDocument) {
        self.root = document.value(at: 0)
    }

    /// Callers in other modules should convert to `[UInt8]` themselves (`Array(buffer.readableBytesView)`):
    /// there the copy is a `memcpy`, here an unspecialized element-by-element loop.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONBodyError) {
        try self.init(parsing: Array(bytes))
    }

    /// Case-insensitive member lookup through nested objects (Go's `encoding/json` matches keys
    /// case-insensitively): `body["HostConfig", "Privileged"]`. Nil when a step is missing or not an object.
    public subscript(_ path: String...) -> JSONValue? {
        var current = root
        for key in path {
            guard case .object(let object) = current, let next = object.value(forKey: key) else { return nil }
            current = next
        }
        return current
    }
}
