/// Requests whose response is a stream that may rightly last minutes or forever: `upstream.request_timeout`
/// never cuts them. Everything else is a finite request, bounded from the moment it is forwarded to the end of
/// its response.
///
/// Streams: `GET /events`; logs with `follow`; `stats` unless `stream=0`; `POST /containers/{id}/wait`; pulls,
/// pushes, builds, image loads and saves; archive and export transfers; `attach` and exec start (hijacked);
/// plugin pulls and upgrades; BuildKit's `/session` and `/grpc`.
public enum StreamingEndpoint {
    /// Whether `method` on canonical `path` with the raw `query` is a stream.
    public static func isStream(method: String, path: String, query: String?) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = segments.first else { return false }
        let last = segments.count > 1 ? segments[segments.count - 1] : ""
        switch (method, first, segments.count) {
        case ("GET", "events", 1): return true
        case ("POST", "session", 1), ("POST", "grpc", 1), ("POST", "build", 1): return true
        case ("GET", "containers", 3), ("HEAD", "containers", 3):
            switch last {
            case "logs": return flag("follow", in: query) ?? false
            case "stats": return flag("stream", in: query) ?? true
            case "export", "archive", "attach": return true
            default: return false
            }
        case ("PUT", "containers", 3): return last == "archive"
        case ("POST", "containers", 3): return last == "wait" || last == "attach"
        case ("GET", "containers", 4): return last == "ws"  // /containers/{id}/attach/ws
        case ("POST", "exec", 3): return last == "start"
        case ("GET", "services", 3), ("GET", "tasks", 3): return last == "logs" && (flag("follow", in: query) ?? false)
        case ("POST", "images", 2...):
            return segments == ["images", "create"] || segments == ["images", "load"] || last == "push"
        case ("GET", "images", 2...): return last == "get"
        case ("POST", "plugins", 2...): return segments == ["plugins", "pull"] || last == "upgrade" || last == "push"
        default: return false
        }
    }

    /// A query flag as dockerd's `httputils.BoolValue` reads it: false for empty, `0`, `no`, `false`, `none`
    /// (any case, trimmed), true for anything else; nil when absent. An unreadable query counts as a stream
    /// (no timeout), the harmless side.
    static func flag(_ name: String, in query: String?) -> Bool? {
        guard let query else { return nil }
        guard let parameters = try? QueryParameters(parsing: query) else { return true }
        guard let value = parameters.values(name).first else { return nil }
        let trimmed = value.asciiTrimmed().lowercased()
        return !["", "0", "no", "false", "none"].contains(trimmed)
    }
}
