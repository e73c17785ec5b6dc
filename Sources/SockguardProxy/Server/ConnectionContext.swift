import NIOCore

/// What every client connection of one server shares: settings, the access log, the cached health.
final class ConnectionContext: Sendable {
    let settings: ProxySettings
    let accessLog: AccessLog?
    let health: HealthMonitor
    var upstreams: UpstreamPool { health.pool }
    /// Request heads larger than this are refused with 400 before anything is forwarded.
    let maxHeaderBytes = 64 * 1024
    /// The top-level rules and inspectors, for every client when `clients.profiles` is not set.
    let basePolicy: ClientPolicy
    /// Container addresses and labels, for `clients.container_labels`.
    let containers = ContainerDirectory()

    /// `listeners[].allowed_profiles` of the listener these connections came through; nil admits every client.
    let allowedProfiles: Set<String>?

    init(settings: ProxySettings, accessLog: AccessLog?, health: HealthMonitor, allowedProfiles: Set<String>? = nil) {
        self.settings = settings
        self.allowedProfiles = allowedProfiles
        self.basePolicy = ClientPolicy(profile: nil, ruleSet: settings.ruleSet, inspectors: settings.inspectors)
        self.accessLog = accessLog
        self.health = health
    }
}
