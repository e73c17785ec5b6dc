/// `upstream:`: the Docker daemon sockguard forwards allowed requests to.
public struct UpstreamConfig: Sendable, Equatable {
    /// The daemon's unix socket.
    public var socket: String = "/var/run/docker.sock"
    /// Total deadline for one proxied request; nil means no deadline (`"off"` or `"0"`).
    /// Long-lived endpoints (events, log follow, attach, ...) are the proxy's business to exempt.
    public var requestTimeout: Duration? = .seconds(60)

    public init() {}
}
