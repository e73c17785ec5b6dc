/// The environment variables that set configuration keys, spelled once. `SOCKGUARD_<KEY_PATH>` names come
/// from sockguard's Go implementation; `SOCKET_PATH` and `LOG_LEVEL` are Tecnativa/LinuxServer's.
///
/// A `SOCKGUARD_*` name wins over an alias for the same key. Empty values count as unset, as they do in the
/// Go implementation.
enum ConfigEnvironmentVariable: String, Sendable, CaseIterable {
    case listenAddress = "SOCKGUARD_LISTEN_ADDRESS"
    case listenSocket = "SOCKGUARD_LISTEN_SOCKET"
    case listenSocketMode = "SOCKGUARD_LISTEN_SOCKET_MODE"
    case listenInsecureAllowPlainTCP = "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP"
    case listenInsecureAllowUnauthenticatedClients = "SOCKGUARD_LISTEN_INSECURE_ALLOW_UNAUTHENTICATED_CLIENTS"
    case listenTLSCertFile = "SOCKGUARD_LISTEN_TLS_CERT_FILE"
    case listenTLSKeyFile = "SOCKGUARD_LISTEN_TLS_KEY_FILE"
    case listenTLSClientCAFile = "SOCKGUARD_LISTEN_TLS_CLIENT_CA_FILE"
    case listenTLSCommonNames = "SOCKGUARD_LISTEN_TLS_COMMON_NAMES"
    case clientsAllowedCIDRs = "SOCKGUARD_CLIENTS_ALLOWED_CIDRS"
    case clientsDefaultProfile = "SOCKGUARD_CLIENTS_DEFAULT_PROFILE"
    case clientsContainerLabelsEnabled = "SOCKGUARD_CLIENTS_CONTAINER_LABELS_ENABLED"
    case clientsContainerLabelsPrefix = "SOCKGUARD_CLIENTS_CONTAINER_LABELS_LABEL_PREFIX"
    case clientsContainerLabelsRequired = "SOCKGUARD_CLIENTS_CONTAINER_LABELS_REQUIRE_LABELS"
    case listenTLSDNSNames = "SOCKGUARD_LISTEN_TLS_DNS_NAMES"
    case listenTLSIPAddresses = "SOCKGUARD_LISTEN_TLS_IP_ADDRESSES"
    case listenTLSURISANs = "SOCKGUARD_LISTEN_TLS_URI_SANS"
    case listenTLSPublicKeySHA256Pins = "SOCKGUARD_LISTEN_TLS_PUBLIC_KEY_SHA256_PINS"
    case ownershipOwner = "SOCKGUARD_OWNERSHIP_OWNER"
    case ownershipLabelKey = "SOCKGUARD_OWNERSHIP_LABEL_KEY"
    case ownershipAllowUnownedImages = "SOCKGUARD_OWNERSHIP_ALLOW_UNOWNED_IMAGES"
    case upstreamSocket = "SOCKGUARD_UPSTREAM_SOCKET"
    case upstreamRequestTimeout = "SOCKGUARD_UPSTREAM_REQUEST_TIMEOUT"
    case upstreamHijackInactivityTimeout = "SOCKGUARD_UPSTREAM_HIJACK_INACTIVITY_TIMEOUT"
    case upstreamFailoverHealthInterval = "SOCKGUARD_UPSTREAM_FAILOVER_HEALTH_INTERVAL"
    case upstreamFailoverHealthTimeout = "SOCKGUARD_UPSTREAM_FAILOVER_HEALTH_TIMEOUT"
    case responseDenyVerbosity = "SOCKGUARD_RESPONSE_DENY_VERBOSITY"
    case responseRedactContainerEnv = "SOCKGUARD_RESPONSE_REDACT_CONTAINER_ENV"
    case responseRedactMountPaths = "SOCKGUARD_RESPONSE_REDACT_MOUNT_PATHS"
    case responseRedactNetworkTopology = "SOCKGUARD_RESPONSE_REDACT_NETWORK_TOPOLOGY"
    case responseRedactHostTopology = "SOCKGUARD_RESPONSE_REDACT_HOST_TOPOLOGY"
    case responseRedactSensitiveData = "SOCKGUARD_RESPONSE_REDACT_SENSITIVE_DATA"
    case responseVisibleResourceLabels = "SOCKGUARD_RESPONSE_VISIBLE_RESOURCE_LABELS"
    case responseAllowAttestationStatements = "SOCKGUARD_RESPONSE_ALLOW_ATTESTATION_STATEMENTS"
    case responseNamePatterns = "SOCKGUARD_RESPONSE_NAME_PATTERNS"
    case responseImagePatterns = "SOCKGUARD_RESPONSE_IMAGE_PATTERNS"
    case logLevel = "SOCKGUARD_LOG_LEVEL"
    case logFormat = "SOCKGUARD_LOG_FORMAT"
    case logOutput = "SOCKGUARD_LOG_OUTPUT"
    case logAccessLog = "SOCKGUARD_LOG_ACCESS_LOG"
    case logAuditEnabled = "SOCKGUARD_LOG_AUDIT_ENABLED"
    case logAuditFormat = "SOCKGUARD_LOG_AUDIT_FORMAT"
    case logAuditOutput = "SOCKGUARD_LOG_AUDIT_OUTPUT"
    case healthEnabled = "SOCKGUARD_HEALTH_ENABLED"
    case healthPath = "SOCKGUARD_HEALTH_PATH"
    case clientsGlobalConcurrencyMaxInflight = "SOCKGUARD_CLIENTS_GLOBAL_CONCURRENCY_MAX_INFLIGHT"
    case healthWatchdogEnabled = "SOCKGUARD_HEALTH_WATCHDOG_ENABLED"
    case healthWatchdogInterval = "SOCKGUARD_HEALTH_WATCHDOG_INTERVAL"
    case healthReadinessEnabled = "SOCKGUARD_HEALTH_READINESS_ENABLED"
    case healthReadinessPath = "SOCKGUARD_HEALTH_READINESS_PATH"
    case healthReadinessInterval = "SOCKGUARD_HEALTH_READINESS_INTERVAL"
    case healthReadinessTimeout = "SOCKGUARD_HEALTH_READINESS_TIMEOUT"
    case adminEnabled = "SOCKGUARD_ADMIN_ENABLED"
    case adminPath = "SOCKGUARD_ADMIN_PATH"
    case adminMaxRequestBytes = "SOCKGUARD_ADMIN_MAX_REQUEST_BYTES"
    case adminPolicyVersionPath = "SOCKGUARD_ADMIN_POLICY_VERSION_PATH"
    case adminMountOn = "SOCKGUARD_ADMIN_MOUNT_ON"
    case metricsEnabled = "SOCKGUARD_METRICS_ENABLED"
    case metricsPath = "SOCKGUARD_METRICS_PATH"
    case reloadEnabled = "SOCKGUARD_RELOAD_ENABLED"
    case reloadDebounce = "SOCKGUARD_RELOAD_DEBOUNCE"
    case reloadPollInterval = "SOCKGUARD_RELOAD_POLL_INTERVAL"
    case compat = "SOCKGUARD_COMPAT"
    case insecureAllowBodyBlindWrites = "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES"
    case insecureAllowReadExfiltration = "SOCKGUARD_INSECURE_ALLOW_READ_EXFILTRATION"
    case mode = "SOCKGUARD_MODE"
    /// Tecnativa's name for the daemon socket.
    case socketPathAlias = "SOCKET_PATH"
    /// Tecnativa's name for the log level; accepts HAProxy's level names too.
    case logLevelAlias = "LOG_LEVEL"

    var key: ConfigKey {
        switch self {
        case .listenAddress: .listenAddress
        case .listenSocket: .listenSocket
        case .listenSocketMode: .listenSocketMode
        case .listenInsecureAllowPlainTCP: .listenInsecureAllowPlainTCP
        case .listenInsecureAllowUnauthenticatedClients: .listenInsecureAllowUnauthenticatedClients
        case .listenTLSCertFile: .listenTLSCertFile
        case .listenTLSKeyFile: .listenTLSKeyFile
        case .listenTLSClientCAFile: .listenTLSClientCAFile
        case .listenTLSCommonNames: .listenTLSCommonNames
        case .clientsAllowedCIDRs: .clientsAllowedCIDRs
        case .clientsDefaultProfile: .clientsDefaultProfile
        case .clientsContainerLabelsEnabled: .clientsContainerLabelsEnabled
        case .clientsContainerLabelsPrefix: .clientsContainerLabelsPrefix
        case .clientsContainerLabelsRequired: .clientsContainerLabelsRequired
        case .listenTLSDNSNames: .listenTLSDNSNames
        case .listenTLSIPAddresses: .listenTLSIPAddresses
        case .listenTLSURISANs: .listenTLSURISANs
        case .listenTLSPublicKeySHA256Pins: .listenTLSPublicKeySHA256Pins
        case .ownershipOwner: .ownershipOwner
        case .ownershipLabelKey: .ownershipLabelKey
        case .ownershipAllowUnownedImages: .ownershipAllowUnownedImages
        case .upstreamSocket, .socketPathAlias: .upstreamSocket
        case .upstreamRequestTimeout: .upstreamRequestTimeout
        case .upstreamHijackInactivityTimeout: .upstreamHijackInactivityTimeout
        case .upstreamFailoverHealthInterval: .upstreamFailoverHealthInterval
        case .upstreamFailoverHealthTimeout: .upstreamFailoverHealthTimeout
        case .responseDenyVerbosity: .responseDenyVerbosity
        case .responseRedactContainerEnv: .responseRedactContainerEnv
        case .responseRedactMountPaths: .responseRedactMountPaths
        case .responseRedactNetworkTopology: .responseRedactNetworkTopology
        case .responseRedactHostTopology: .responseRedactHostTopology
        case .responseRedactSensitiveData: .responseRedactSensitiveData
        case .responseVisibleResourceLabels: .responseVisibleResourceLabels
        case .responseAllowAttestationStatements: .responseAllowAttestationStatements
        case .responseNamePatterns: .responseNamePatterns
        case .responseImagePatterns: .responseImagePatterns
        case .logLevel, .logLevelAlias: .logLevel
        case .logFormat: .logFormat
        case .logOutput: .logOutput
        case .logAccessLog: .logAccessLog
        case .logAuditEnabled: .logAuditEnabled
        case .logAuditFormat: .logAuditFormat
        case .logAuditOutput: .logAuditOutput
        case .healthEnabled: .healthEnabled
        case .healthPath: .healthPath
        case .clientsGlobalConcurrencyMaxInflight: .clientsGlobalConcurrencyMaxInflight
        case .healthWatchdogEnabled: .healthWatchdogEnabled
        case .healthWatchdogInterval: .healthWatchdogInterval
        case .healthReadinessEnabled: .healthReadinessEnabled
        case .healthReadinessPath: .healthReadinessPath
        case .healthReadinessInterval: .healthReadinessInterval
        case .healthReadinessTimeout: .healthReadinessTimeout
        case .adminEnabled: .adminEnabled
        case .adminPath: .adminPath
        case .adminMaxRequestBytes: .adminMaxRequestBytes
        case .adminPolicyVersionPath: .adminPolicyVersionPath
        case .adminMountOn: .adminMountOn
        case .metricsEnabled: .metricsEnabled
        case .metricsPath: .metricsPath
        case .reloadEnabled: .reloadEnabled
        case .reloadDebounce: .reloadDebounce
        case .reloadPollInterval: .reloadPollInterval
        case .compat: .compat
        case .insecureAllowBodyBlindWrites: .insecureAllowBodyBlindWrites
        case .insecureAllowReadExfiltration: .insecureAllowReadExfiltration
        case .mode: .mode
        }
    }

    var isAlias: Bool { self == .socketPathAlias || self == .logLevelAlias }

    /// HAProxy's syslog level names (Tecnativa's `LOG_LEVEL` default is `info`) mapped onto ours.
    static let haproxyLogLevels: [String: String] = [
        "notice": "info", "warning": "warn", "err": "error", "crit": "error", "alert": "error", "emerg": "error",
    ]
}
