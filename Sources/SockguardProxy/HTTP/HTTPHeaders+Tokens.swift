import NIOHTTP1

extension HTTPHeaders {
    /// Whether a header `name` (any case) lists `token` (lower-case ASCII) among its comma-separated values, each
    /// trimmed of spaces and tabs, compared without case. What `self[canonicalForm: name].contains { $0.lowercased()
    /// == token }` answers, without building an array and strings per request.
    func hasToken(_ token: StaticString, in name: StaticString) -> Bool {
        for (headerName, value) in self where Self.equalsIgnoringCase(headerName.utf8, name) {
            var rest = value.utf8[...]
            while !rest.isEmpty {
                let comma = rest.firstIndex(of: UInt8(ascii: ",")) ?? rest.endIndex
                var item = rest[..<comma]
                while let first = item.first, first == 0x20 || first == 0x09 { item.removeFirst() }
                while let last = item.last, last == 0x20 || last == 0x09 { item.removeLast() }
                if Self.equalsIgnoringCase(item, token) { return true }
                rest = comma == rest.endIndex ? rest[rest.endIndex...] : rest[rest.index(after: comma)...]
            }
        }
        return false
    }

    /// ASCII case-insensitive equality of `bytes` with the lower-case `expected`.
    private static func equalsIgnoringCase<Bytes: Collection<UInt8>>(
        _ bytes: Bytes,
        _ expected: StaticString
    )
        -> Bool
    {
        guard bytes.count == expected.utf8CodeUnitCount else { return false }
        return expected.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, lower in
                (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == lower
            }
        }
    }
}
