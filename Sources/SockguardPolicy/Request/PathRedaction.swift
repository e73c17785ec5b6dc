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
        var segments = canonicalPath.split(separator: "/", omittingEmptySubsequences: false)
        // segments[0] is the empty string before the leading "/".
        guard segments.count >= 3, segments[0].isEmpty else { return canonicalPath }
        switch segments[1] {
        case "secrets" where !segments[2].isEmpty && segments[2] != "create":
            segments[2] = Substring(placeholder)
        case "swarm" where segments[2] == "unlockkey":
            segments[2] = Substring(placeholder)
        default:
            return canonicalPath
        }
        return segments.joined(separator: "/")
    }
}
