import Logging
import NIOCore
import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What every client connection of one listener shares: the policy store, the access log, the cached health.
final class ConnectionContext: Sendable {
    /// The settings the server started with: listeners, upstreams and the other fields a reload cannot change.
    /// What a request is judged by comes from `policies`.
    let settings: ProxySettings
    let policies: PolicyStore
    let accessLog: AccessLog?
    /// `log.audit`; nil when off.
    let auditLog: AuditLog?
    let metrics: ProxyMetrics?
    /// `clients.global_concurrency` and `profiles[].limits`: one per server, shared by its listeners.
    let limiter: Limiter
    let health: HealthMonitor
    /// `health.readiness`; nil when off.
    let readiness: ReadinessMonitor?
    var upstreams: UpstreamPool { health.pool }
    /// Request heads larger than this are refused with 400 before anything is forwarded.
    let maxHeaderBytes = 64 * 1024
    /// Container addresses and labels, for `clients.container_labels`.
    let containers = ContainerDirectory()
    /// The name of the listener these connections came through (`listeners[].name`, `default` for `listen`).
    let listenerName: String
    /// The listener as audit events name it.
    let auditListener: AuditListener
    /// Whether this listener serves the admin endpoints (`admin.*` cannot change on reload).
    let adminPlacement: AdminPlacement
    /// The proxy's event log (warnings about a connection, such as a hijack closed for inactivity).
    let logger: Logger?

    init(
        settings: ProxySettings,
        policies: PolicyStore,
        accessLog: AccessLog?,
        metrics: ProxyMetrics? = nil,
        health: HealthMonitor,
        readiness: ReadinessMonitor? = nil,
        listener: ProxySettings.ListenerSettings? = nil,
        auditLog: AuditLog? = nil,
        limiter: Limiter? = nil,
        logger: Logger? = nil
    ) {
        self.logger = logger
        self.limiter = limiter ?? Limiter(metrics: metrics)
        self.settings = settings
        self.policies = policies
        self.listenerName = listener?.name ?? "default"
        self.adminPlacement = settings.adminPlacement(listener: self.listenerName)
        let network = if case .unix? = listener?.listener { "unix" } else { "tcp" }
        self.auditListener = AuditListener(
            name: self.listenerName,
            network: network,
            scheme: listener?.tls == nil ? "http" : "https"
        )
        self.accessLog = accessLog
        self.auditLog = auditLog
        self.metrics = metrics
        self.health = health
        self.readiness = readiness
    }

    /// A request began: counted as active until `finished`.
    func started() {
        metrics?.requestStarted()
    }

    /// A request ended (answered, relayed, hijacked, failed or abandoned): its access log line and its metrics.
    func finished(_ record: RequestRecord, status: Int, bytes: Int) {
        if let ticket = record.ticket { limiter.release(ticket) }
        accessLog?.record(record, status: status, bytes: bytes, listener: listenerName)
        settings.learner?.observe(method: record.method, verdict: record.verdict)
        if let auditLog {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let ownership = policies.current.decider.ownership
            auditLog.record(
                AuditEvent(record: record, status: status, time: now, listener: auditListener, ownership: ownership)
            )
        }
        if let metrics {
            let seconds = Double((NIODeadline.now() - record.start).nanoseconds) / 1e9
            metrics.requestFinished(
                method: record.method,
                verdict: record.verdict,
                status: status,
                seconds: seconds,
                listener: listenerName,
                bytes: bytes
            )
        }
    }
}
