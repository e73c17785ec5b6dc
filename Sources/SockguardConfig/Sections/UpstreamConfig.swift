/// `upstream:`: the Docker daemon sockguard forwards allowed requests to.
///
/// Which daemon is used: `endpoints` when it has entries, else `DOCKER_HOST` from the environment, else `socket`.
/// `LoadedConfiguration.resolvedUpstreamEndpoints` is the result.
public struct UpstreamConfig: Sendable, Equatable {
    /// The daemon's unix socket.
    public var socket: String = "/var/run/docker.sock"
    /// Total deadline for one proxied request; nil means no deadline (`"off"` or `"0"`).
    /// Long-lived endpoints (events, log follow, attach, ...) are the proxy's business to exempt.
    public var requestTimeout: Duration? = .seconds(60)
    /// `hijack_inactivity_timeout`: a hijacked connection (attach, exec) with no byte in either direction for this
    /// long is closed. Always on, 10 minutes by default, as in sockguard (Go).
    public var hijackInactivityTimeout: Duration = .seconds(600)
    /// `endpoints:`: an ordered failover set for one logical daemon (a swarm VIP and its managers, an HA pair).
    /// The first is preferred; later ones are used while earlier ones fail their health probe. Container and exec
    /// IDs are daemon-local, so these must not be different daemons.
    public var endpoints: [UpstreamEndpointConfig] = []
    /// `failover:`: the health probe that picks among `endpoints`.
    public var failover = UpstreamFailoverConfig()

    public init() {}
}
