/// Hides the parts of a canonical path that name secrets, for verbose deny messages and logs.
///
/// A secret's name or id can itself be sensitive (`/secrets/prod-db-password`), so the segment after
/// `/secrets/` is replaced, except the `create` endpoint, which names no secret. `/swarm/unlockkey`
/// becomes `/swarm/<redacted>` because its response is the swarm unlock key, and log searches should not
/// turn up key-related paths verbatim. Every other path is returned unchanged.
public enum PathRedaction {
    static let placeholder = "<redacted>"

    /// For verbose deny messages and logs: "/secrets/abc" -> "/secrets/<redacted>",
    /// "/secrets/abc/update" -> "/secrets/<redacted>/update", "/swarm/unlockkey" -> "/swarm/<redacted>".
    public static func redact(_ canonicalPath: String) -> String {
        let utf8 = canonicalPath.utf8
        let isSecret = utf8.starts(with: "/secrets/".utf8)
        // Every request that names no secret returns here, without a copy.
        guard isSecret || utf8.starts(with: "/swarm/unlockkey".utf8) else { return canonicalPath }
        let start = utf8.index(utf8.startIndex, offsetBy: isSecret ? "/secrets/".utf8.count : "/swarm/".utf8.count)
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
        let segment = utf8[start..<end]
        let hidden =
            isSecret
            ? !segment.isEmpty && !segment.elementsEqual("create".utf8) : segment.elementsEqual("unlockkey".utf8)
        guard hidden else { return canonicalPath }
        return String(canonicalPath[..<start]) + placeholder + String(canonicalPath[end...])
    }

    /// The request path as logs show it: without its query string (it may carry tokens) and with a secret's name or
    /// the unlock-key segment hidden, keeping the client's version prefix: `/v1.41/secrets/db?x=1` is logged as
    /// `/v1.41/secrets/<redacted>`. A path that could not be canonicalised is shown only when nothing in it, once
    /// decoded, could name a secret.
    public static func forLog(rawTarget: String, canonicalPath: String?) -> String {
        let end = rawTarget.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        let rawPath = end.map { String(rawTarget[..<$0]) } ?? rawTarget
        guard let canonicalPath else {
            let decoded = (try? PercentEncoding.decode(ArraySlice(rawPath.utf8))).map {
                String(decoding: $0, as: UTF8.self)
            }
            let lowered = (decoded ?? rawPath).lowercased()
            return lowered.contains("secret") || lowered.contains("unlockkey") ? placeholder : rawPath
        }
        let redacted = redact(canonicalPath)
        guard redacted != canonicalPath else { return rawPath }
        return versionPrefix(of: rawPath) + redacted
    }

    /// `/v1.41` of `/v1.41/secrets/x`; empty when the path has none.
    static func versionPrefix(of rawPath: String) -> String {
        let bytes = Array(rawPath.utf8)
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "/"), bytes[1] == UInt8(ascii: "v") else { return "" }
        var end = 2
        while end < bytes.count,
            bytes[end] == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end])
        {
            end += 1
        }
        guard end > 2, end < bytes.count, bytes[end] == UInt8(ascii: "/") else { return "" }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
