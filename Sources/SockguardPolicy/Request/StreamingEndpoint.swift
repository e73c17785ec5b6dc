/// Requests whose response is a stream that may rightly last minutes or forever: `upstream.request_timeout`
/// never cuts them. Everything else is a finite request, bounded from the moment it is forwarded to the end of
/// its response.
///
/// Streams: `GET /events`; logs with `follow`; `stats` unless `stream=0`; `POST /containers/{id}/wait`; pulls,
/// pushes, builds, image loads and saves; archive and export transfers; `attach` and exec start (hijacked);
/// plugin pulls and upgrades; BuildKit's `/session` and `/grpc`.
public enum StreamingEndpoint {
    /// Whether `method` on `endpoint` with the raw `query` is a stream.
    public static func isStream(method: String, endpoint: DockerEndpoint, query: String?) -> Bool {
        guard endpoint.isKnown else { return false }
        let isRead = method == "GET" || method == "HEAD"
        switch endpoint.family {
        case .events: return isRead && endpoint.resource == nil && endpoint.action == nil
        case .session, .grpc: return method == "POST" && endpoint.resource == nil && endpoint.action == nil
        case .build: return method == "POST" && endpoint.isCollection(.build)
        case .containers:
            guard endpoint.resource != nil else { return false }
            switch endpoint.action {
            case "logs": return flag("follow", in: query) ?? false
            case "stats": return flag("stream", in: query) ?? true
            case "export", "archive", "attach", "attach/ws", "wait": return true
            default: return false
            }
        case .exec: return endpoint.action == "start"
        case .services, .tasks:
            return endpoint.resource != nil && endpoint.action == "logs" && (flag("follow", in: query) ?? false)
        case .images:
            return endpoint.isCollection(.images, "create") || endpoint.isCollection(.images, "load")
                || endpoint.isCollection(.images, "get") || endpoint.action == "push" || endpoint.action == "get"
        case .plugins:
            return endpoint.isCollection(.plugins, "pull") || endpoint.action == "upgrade" || endpoint.action == "push"
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
