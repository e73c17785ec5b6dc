import SockguardPolicy

/// Where the compiled rules came from.
public enum RuleSource: String, Sendable, Equatable {
    /// The `rules:` list of the configuration file.
    case configuration
    /// Generated from Tecnativa/LinuxServer variables (`CONTAINERS=1`, ...) because no `rules:` were set.
    case compatibilityEnvironment
    /// `RuleSet.defaults`: neither `rules:` nor compatibility variables were present.
    case defaults
}

/// Which setting chose the upstream daemon(s). Precedence: `upstream.endpoints` > `DOCKER_HOST` > `upstream.socket`.
public enum UpstreamSource: String, Sendable, Equatable {
    /// `upstream.endpoints` in the file.
    case endpoints
    /// The Docker CLI's `DOCKER_HOST` (with `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, ...).
    case dockerHost
    /// `upstream.socket` (`SOCKGUARD_UPSTREAM_SOCKET`, `SOCKET_PATH`), or its default.
    case socket
}

/// A validated configuration with its rules compiled and their provenance.
public struct LoadedConfiguration: Sendable {
    public var configuration: Configuration
    public var ruleSet: RuleSet
    /// One per compiled rule: `"rules[3]"`, `"env CONTAINERS"`, `"env ALLOW_START"`, `"linuxserver CONTAINERS_ID_LOGS"`,
    /// `"no matching allow rule"`, or `"default"` for `RuleSet.defaults`.
    public var ruleOrigins: [String]
    public var ruleSource: RuleSource
    /// The file that was read (`preset NAME` for a preset, `(candidate)` for an admin candidate); nil when the
    /// default file did not exist.
    public var fileUsed: String?
    /// The YAML that was read, when any.
    public var configText: String?
    /// Compatibility variables that were present but ignored because `rules:` are configured; worth a warning.
    public var ignoredCompatibilityVariables: [String]
    /// The daemons to forward to, in failover order; never empty. `upstream.endpoints` when set, else the
    /// `DOCKER_HOST` endpoint, else `upstream.socket` as a `.unix` endpoint.
    public var resolvedUpstreamEndpoints: [UpstreamEndpointConfig]
    /// Which setting produced `resolvedUpstreamEndpoints`.
    public var upstreamSource: UpstreamSource
    /// `clients.profiles`, their rules compiled, in file order; empty when profiles are not used.
    public var profiles: [LoadedProfile] = []

    public init(
        configuration: Configuration,
        ruleSet: RuleSet,
        ruleOrigins: [String],
        ruleSource: RuleSource,
        fileUsed: String?,
        ignoredCompatibilityVariables: [String] = [],
        resolvedUpstreamEndpoints: [UpstreamEndpointConfig]? = nil,
        upstreamSource: UpstreamSource? = nil
    ) {
        self.configuration = configuration
        self.ruleSet = ruleSet
        self.ruleOrigins = ruleOrigins
        self.ruleSource = ruleSource
        self.fileUsed = fileUsed
        self.ignoredCompatibilityVariables = ignoredCompatibilityVariables
        let fromFile = configuration.upstream.endpoints
        let socket = UpstreamEndpointConfig(address: .unix(path: configuration.upstream.socket))
        self.resolvedUpstreamEndpoints =
            resolvedUpstreamEndpoints.flatMap { $0.isEmpty ? nil : $0 } ?? (fromFile.isEmpty ? [socket] : fromFile)
        self.upstreamSource = upstreamSource ?? (fromFile.isEmpty ? .socket : .endpoints)
    }
}

/// One `clients.profiles` entry, validated and compiled.
public struct LoadedProfile: Sendable {
    public var name: String
    public var ruleSet: RuleSet
    /// `clients.profiles[1].rules[0]`, ... one per rule.
    public var ruleOrigins: [String]
    public var requestBody: RequestBodyConfig
    public var mode: RolloutMode
    /// The top-level `response` redaction with the profile's own `response` over it.
    public var redaction: ResponseRedaction
}
