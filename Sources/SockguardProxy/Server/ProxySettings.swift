import NIOCore
import SockguardPolicy

/// Everything the engine needs to run, already validated by the configuration layer.
public struct ProxySettings: Sendable {
    /// Where clients connect.
    public enum Listener: Sendable, Equatable, CustomStringConvertible {
        case tcp(host: String, port: Int)
        /// `owner`: `socket_uid`/`socket_gid`, applied with chown after bind; nil keeps the proxy's own.
        case unix(path: String, mode: UInt32, owner: SocketOwner? = nil)

        public var description: String {
            switch self {
            case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            case .unix(let path, _, _): return "unix://\(path)"
            }
        }
    }

    /// How much a 403 body tells the client.
    public enum DenyVerbosity: String, Sendable {
        case minimal
        case verbose
    }

    /// One listening socket and who may use it.
    /// `socket_uid` and `socket_gid` of a unix listener; either may be unset (left as the proxy's own).
    public struct SocketOwner: Sendable, Equatable {
        public var uid: UInt32?
        public var gid: UInt32?

        public init(uid: UInt32?, gid: UInt32?) {
            self.uid = uid
            self.gid = gid
        }
    }

    public struct ListenerSettings: Sendable {
        /// `listeners[].name`; the `listen` block is `default`, as in sockguard (Go).
        public var name: String
        public var listener: Listener
        /// TLS (mutual) on a TCP listener; nil serves plain HTTP.
        public var tls: ListenerTLSSettings?
        /// `listeners[].allowed_profiles`: only clients of these profiles may use it; nil admits every client.
        public var allowedProfiles: Set<String>?
        /// `.admin` for `admin.listen`: it serves the admin endpoints and nothing else.
        public var role: Role = .main

        public enum Role: String, Sendable {
            case main, admin
        }

        public init(
            name: String = "default",
            listener: Listener,
            tls: ListenerTLSSettings? = nil,
            allowedProfiles: Set<String>? = nil
        ) {
            self.name = name
            self.listener = listener
            self.tls = tls
            self.allowedProfiles = allowedProfiles
        }
    }

    /// Every listener, never empty: `listen`, or the `listeners` that replace it.
    public var listeners: [ListenerSettings]
    /// The first listener.
    public var listener: Listener { listeners[0].listener }
    public var listenerTLS: ListenerTLSSettings? { listeners[0].tls }
    /// TCP clients whose address is in none of these get 403 on every request, before `/health` and the rules.
    /// Empty allows every address; unix-socket clients are never checked.
    public var allowedClients: [AddressRange]
    /// The daemon's addresses in priority order (failover); never empty.
    public var upstreams: [UpstreamEndpoint]
    /// How often every upstream is probed in the background; nil probes once, at startup.
    public var upstreamProbeInterval: TimeAmount?
    /// How long one probe (connect, TLS handshake, `GET /_ping`) may take.
    public var upstreamProbeTimeout: TimeAmount
    public var ruleSet: RuleSet
    /// `mode`: how the top-level policy's denials apply.
    public var mode: RolloutMode = .enforce
    /// Which allowed requests have their body inspected before they are forwarded, and how.
    public var inspectors: InspectorRegistry
    /// How long the proxy waits for the whole body of an inspected request.
    public var bodyReadTimeout: TimeAmount
    public var denyVerbosity: DenyVerbosity
    /// `clients.profiles`: when set, each client is judged by its profile's rules and inspectors instead of
    /// `ruleSet` and `inspectors`.
    public var clientProfiles: ClientProfiles?
    /// `clients.container_labels`: the label prefix when on (TCP clients that are containers are limited to
    /// what their labels allow), nil when off.
    public var containerLabelPrefix: String?
    /// `clients.container_labels.require_labels`: a client container with no allow labels, or one the daemon does
    /// not list, is refused. Off (the default, as in sockguard Go and wollomatic), such a client falls through to
    /// the rules alone.
    public var containerLabelsRequired: Bool
    /// Owner-label isolation (`ownership.*`); nil when off.
    public var ownership: OwnershipPolicy?
    /// What is removed from successful JSON answers (`response.redact_*`, `visible_resource_labels`).
    public var redactor: ResponseRedactor
    /// Path answered locally with the cached upstream health; nil disables it.
    public var healthPath: String?
    /// Path answered locally with Prometheus metrics (`metrics.*`); nil disables it.
    public var metricsPath: String?
    /// `health.readiness`; nil when off.
    public var readiness: Readiness?
    /// `clients.global_concurrency.max_inflight`; nil when off.
    public var globalMaxInflight: Int?
    /// `admin.*`; nil when the admin endpoints are off.
    public var admin: AdminSettings?
    /// `sockguard learn`: every finished request is recorded here; nil when serving.
    public var learner: LearnRecorder?
    /// What `GET admin.policy_version_path` reports of this policy.
    public var policySummary = PolicySummary()
    /// `health.watchdog.interval`: the upstream is probed this often, each change logged and counted; nil when off.
    public var watchdogInterval: TimeAmount?

    /// `health.readiness`: `path` answers whether the daemon serves its API, from a probe every `interval`.
    public struct Readiness: Sendable {
        public var path: String
        public var interval: TimeAmount
        public var timeout: TimeAmount

        public init(path: String = "/ready", interval: TimeAmount = .seconds(10), timeout: TimeAmount = .seconds(5)) {
            self.path = path
            self.interval = interval
            self.timeout = timeout
        }
    }
    public var accessLog: Bool
    /// Longest time from forwarding a finite request to the end of its response (504, or a closed connection
    /// once the response started); nil waits forever. Streams (`StreamingEndpoint`, hijacks) are never cut.
    public var requestTimeout: TimeAmount?
    /// Idle keep-alive client connections (no request in flight) are closed after this long.
    public var idleTimeout: TimeAmount
    /// A hijacked connection with no byte in either direction for this long is closed (`RawRelayHandler`).
    public var hijackInactivityTimeout: TimeAmount = .minutes(10)
    public var eventLoopThreads: Int
    /// This binary's version, for `/health`.
    public var version: String

    public init(
        listener: Listener,
        listenerTLS: ListenerTLSSettings? = nil,
        listeners: [ListenerSettings] = [],
        allowedClients: [AddressRange] = [],
        upstreams: [UpstreamEndpoint],
        upstreamProbeInterval: TimeAmount? = .seconds(5),
        upstreamProbeTimeout: TimeAmount = .seconds(2),
        ruleSet: RuleSet,
        inspectors: InspectorRegistry = InspectorRegistry(),
        bodyReadTimeout: TimeAmount = .seconds(10),
        denyVerbosity: DenyVerbosity = .minimal,
        redaction: ResponseRedaction = .none,
        ownership: OwnershipPolicy? = nil,
        clientProfiles: ClientProfiles? = nil,
        containerLabelPrefix: String? = nil,
        containerLabelsRequired: Bool = false,
        healthPath: String? = "/health",
        accessLog: Bool = true,
        requestTimeout: TimeAmount? = .seconds(60),
        idleTimeout: TimeAmount = .seconds(120),
        eventLoopThreads: Int = ProxySettings.defaultEventLoopThreads,
        version: String = "dev"
    ) {
        self.listeners = listeners.isEmpty ? [ListenerSettings(listener: listener, tls: listenerTLS)] : listeners
        self.allowedClients = allowedClients
        self.upstreams = upstreams
        self.upstreamProbeInterval = upstreamProbeInterval
        self.upstreamProbeTimeout = upstreamProbeTimeout
        self.ruleSet = ruleSet
        self.inspectors = inspectors
        self.bodyReadTimeout = bodyReadTimeout
        self.denyVerbosity = denyVerbosity
        self.redactor = ResponseRedactor(redaction)
        self.ownership = ownership
        self.clientProfiles = clientProfiles
        self.containerLabelPrefix = containerLabelPrefix
        self.containerLabelsRequired = containerLabelsRequired
        self.healthPath = healthPath
        self.accessLog = accessLog
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.eventLoopThreads = eventLoopThreads
        self.version = version
    }

    /// One event loop per two cores: on small machines one loop was as fast as two with a better p99,
    /// because the proxy shares the cores with the daemon and the clients.
    public static var defaultEventLoopThreads: Int { max(1, System.coreCount / 2) }
}
