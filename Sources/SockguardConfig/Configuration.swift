import SockguardPolicy

/// The whole sockguard configuration after merging flags > environment > file > defaults.
///
/// `rules` holds what decides requests: the `rules:` list from the file, or the rules generated from
/// Tecnativa/LinuxServer environment variables. It is empty when the built-in `RuleSet.defaults` apply;
/// `LoadedConfiguration.ruleSource` says which.
public struct Configuration: Sendable, Equatable {
    public var listen = ListenConfig()
    public var upstream = UpstreamConfig()
    public var rules: [RuleConfig] = []
    public var response = ResponseConfig()
    public var log = LogConfig()
    public var health = HealthConfig()
    public var metrics = MetricsConfig()
    public var admin = AdminConfig()
    public var reload = ReloadConfig()
    public var requestBody = RequestBodyConfig()
    /// `clients:`: who may connect at all.
    public var clients = ClientsConfig()
    /// `listeners:`: several listeners, replacing `listen`; empty when `listen` is used.
    public var listeners: [ListenerConfig] = []
    /// `ownership:`: owner-label isolation.
    public var ownership = OwnershipConfig()
    /// Which peer proxy's environment variables are imitated when no `rules:` are configured.
    public var compat: CompatMode = .tecnativa
    /// `insecure_allow_body_blind_writes`: start even though the rules allow writes whose bodies the proxy
    /// cannot constrain (exec without `request_body.exec.allowed_commands`, ...). See `BodyBlindGuardrail`.
    public var insecureAllowBodyBlindWrites = false
    /// `insecure_allow_read_exfiltration`: sockguard (Go) refuses to start when the rules allow bulk reads (logs,
    /// archives, exports, image saves) without it. Accepted so Go configs load; this version never requires it
    /// (Tecnativa's `CONTAINERS=1` allows those reads too), so it changes nothing.
    public var insecureAllowReadExfiltration = false
    /// `mode`: how the top-level policy's denials apply (profiles have their own `mode`).
    public var mode = RolloutMode.enforce

    public init() {}

    /// Every default, as documented in Sources/SockguardConfig/README.md.
    public static let defaults = Configuration()
}
