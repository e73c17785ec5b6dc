import NIOCore

/// What every client connection of one listener shares: the policy store, the access log, the cached health.
final class ConnectionContext: Sendable {
    /// The settings the server started with: listeners, upstreams and the other fields a reload cannot change.
    /// What a request is judged by comes from `policies`.
    let settings: ProxySettings
    let policies: PolicyStore
    let accessLog: AccessLog?
    let health: HealthMonitor
    var upstreams: UpstreamPool { health.pool }
    /// Request heads larger than this are refused with 400 before anything is forwarded.
    let maxHeaderBytes = 64 * 1024
    /// Container addresses and labels, for `clients.container_labels`.
    let containers = ContainerDirectory()
    /// The name of the listener these connections came through (`listeners[].name`, `default` for `listen`).
    let listenerName: String

    init(
        settings: ProxySettings,
        policies: PolicyStore,
        accessLog: AccessLog?,
        health: HealthMonitor,
        listenerName: String = "default"
    ) {
        self.settings = settings
        self.policies = policies
        self.listenerName = listenerName
        self.accessLog = accessLog
        self.health = health
    }
}
