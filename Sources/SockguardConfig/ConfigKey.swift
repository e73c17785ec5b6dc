/// Every scalar configuration key, spelled as its dotted YAML path. These spellings are part of our
/// compatibility promise (sockguard's Go implementation uses the same ones), so they are written once, here.
enum ConfigKey: String, Sendable, CaseIterable {
    case listenAddress = "listen.address"
    case listenSocket = "listen.socket"
    case listenSocketMode = "listen.socket_mode"
    case listenSocketUID = "listen.socket_uid"
    case listenSocketGID = "listen.socket_gid"
    case listenInsecureAllowPlainTCP = "listen.insecure_allow_plain_tcp"
    case listenInsecureAllowUnauthenticatedClients = "listen.insecure_allow_unauthenticated_clients"
    case listenTLSCertFile = "listen.tls.cert_file"
    case listenTLSKeyFile = "listen.tls.key_file"
    case listenTLSClientCAFile = "listen.tls.client_ca_file"
    case listenTLSCommonNames = "listen.tls.common_names"
    case listenTLSDNSNames = "listen.tls.dns_names"
    case listenTLSIPAddresses = "listen.tls.ip_addresses"
    case listenTLSURISANs = "listen.tls.uri_sans"
    case listenTLSPublicKeySHA256Pins = "listen.tls.public_key_sha256_pins"
    case clientsAllowedCIDRs = "clients.allowed_cidrs"
    case clientsDefaultProfile = "clients.default_profile"
    case clientsGlobalConcurrencyMaxInflight = "clients.global_concurrency.max_inflight"
    case clientsContainerLabelsEnabled = "clients.container_labels.enabled"
    case clientsContainerLabelsPrefix = "clients.container_labels.label_prefix"
    case clientsContainerLabelsRequired = "clients.container_labels.require_labels"
    case ownershipOwner = "ownership.owner"
    case ownershipLabelKey = "ownership.label_key"
    case ownershipAllowUnownedImages = "ownership.allow_unowned_images"
    case upstreamSocket = "upstream.socket"
    case upstreamRequestTimeout = "upstream.request_timeout"
    case upstreamHijackInactivityTimeout = "upstream.hijack_inactivity_timeout"
    case upstreamFailoverHealthInterval = "upstream.failover.health_interval"
    case upstreamFailoverHealthTimeout = "upstream.failover.health_timeout"
    case responseDenyVerbosity = "response.deny_verbosity"
    case responseRedactContainerEnv = "response.redact_container_env"
    case responseRedactMountPaths = "response.redact_mount_paths"
    case responseRedactNetworkTopology = "response.redact_network_topology"
    case responseRedactSensitiveData = "response.redact_sensitive_data"
    case responseRedactHostTopology = "response.redact_host_topology"
    case responseVisibleResourceLabels = "response.visible_resource_labels"
    case responseAllowAttestationStatements = "response.allow_attestation_statements"
    case responseNamePatterns = "response.name_patterns"
    case responseImagePatterns = "response.image_patterns"
    case logLevel = "log.level"
    case logFormat = "log.format"
    case logOutput = "log.output"
    case logAccessLog = "log.access_log"
    case logAuditEnabled = "log.audit.enabled"
    case logAuditFormat = "log.audit.format"
    case logAuditOutput = "log.audit.output"
    case healthEnabled = "health.enabled"
    case healthPath = "health.path"
    case healthWatchdogEnabled = "health.watchdog.enabled"
    case healthWatchdogInterval = "health.watchdog.interval"
    case healthReadinessEnabled = "health.readiness.enabled"
    case healthReadinessPath = "health.readiness.path"
    case healthReadinessInterval = "health.readiness.interval"
    case healthReadinessTimeout = "health.readiness.timeout"
    case adminEnabled = "admin.enabled"
    case adminPath = "admin.path"
    case adminMaxRequestBytes = "admin.max_request_bytes"
    case adminPolicyVersionPath = "admin.policy_version_path"
    case adminMountOn = "admin.mount_on"
    case metricsEnabled = "metrics.enabled"
    case metricsPath = "metrics.path"
    case reloadEnabled = "reload.enabled"
    case reloadDebounce = "reload.debounce"
    case reloadPollInterval = "reload.poll_interval"
    case compat = "compat"
    case insecureAllowBodyBlindWrites = "insecure_allow_body_blind_writes"
    case insecureAllowReadExfiltration = "insecure_allow_read_exfiltration"
    case mode = "mode"

    /// The shape a YAML value must have before its text is parsed.
    enum Kind { case string, boolean, scalar, list }

    var kind: Kind {
        switch self {
        case .listenInsecureAllowPlainTCP, .logAccessLog, .healthEnabled, .insecureAllowBodyBlindWrites, .reloadEnabled,
            .metricsEnabled, .logAuditEnabled, .adminEnabled, .responseAllowAttestationStatements,
            .healthWatchdogEnabled, .healthReadinessEnabled,
            .listenInsecureAllowUnauthenticatedClients, .insecureAllowReadExfiltration,
            .responseRedactContainerEnv, .responseRedactMountPaths, .responseRedactNetworkTopology,
            .responseRedactSensitiveData, .responseRedactHostTopology, .ownershipAllowUnownedImages,
            .clientsContainerLabelsEnabled,
            .clientsContainerLabelsRequired:
            .boolean
        // Written either as a string ("0600", "30s") or a bare YAML number (0600, 0).
        case .listenSocketMode, .upstreamRequestTimeout, .upstreamHijackInactivityTimeout,
            .upstreamFailoverHealthInterval,
            .upstreamFailoverHealthTimeout, .reloadDebounce, .reloadPollInterval, .healthWatchdogInterval,
            .healthReadinessInterval, .healthReadinessTimeout, .clientsGlobalConcurrencyMaxInflight,
            .adminMaxRequestBytes:
            .scalar
        // A YAML list of strings; comma-separated in the environment and in flags.
        case .listenTLSCommonNames, .listenTLSDNSNames, .listenTLSIPAddresses, .listenTLSURISANs,
            .listenTLSPublicKeySHA256Pins, .clientsAllowedCIDRs, .responseVisibleResourceLabels, .responseNamePatterns,
            .responseImagePatterns:
            .list
        default: .string
        }
    }

    /// The YAML mappings that hold keys, at any depth (`listen`, `listen.tls`, `upstream.failover`, ...), plus
    /// `rules`, which is a list. `upstream.endpoints` is a list of mappings, read on its own.
    static let sections: Set<String> = Set(
        allCases.flatMap { key in
            let parts = key.rawValue.split(separator: ".")
            return parts.indices.dropLast().map { parts[...$0].joined(separator: ".") }
        }
    ).union(["rules"])

    /// Keys sockguard (Go) spelled differently in earlier releases; a config using the old name gets a pointer to
    /// the new one instead of a bare "unknown key".
    static let renamed: [String: String] = [
        "listen.tls.allowed_common_names": "listen.tls.common_names",
        "listen.tls.allowed_dns_names": "listen.tls.dns_names",
        "listen.tls.allowed_ip_addresses": "listen.tls.ip_addresses",
        "listen.tls.allowed_uri_sans": "listen.tls.uri_sans",
        "listen.tls.allowed_public_key_sha256_pins": "listen.tls.public_key_sha256_pins",
    ]

    /// Whether `keyPath` or a section it is in (`clients` for `clients.profiles`) is in `unsupported`.
    static func isUnsupported(_ keyPath: String) -> Bool {
        var path = Substring(keyPath)
        while true {
            if unsupported.contains(String(path)) { return true }
            guard let dot = path.lastIndex(of: ".") else { return false }
            path = path[..<dot]
        }
    }

    /// Keys sockguard's Go implementation accepts that this version does not implement yet, or whole sections
    /// (`admin`). Each is refused
    /// with "not supported yet" rather than ignored: most of them are security settings, and silently
    /// dropping one would run a more permissive proxy than the operator asked for.
    static let unsupported: Set<String> = [
        "policy_bundle",
        "mutations",
        "insecure_accept_opaque_buildkit_tunnels",
        // BuildKit sessions' bodies.
        "request_body.buildkit",
    ]

    /// The `SOCKGUARD_*` spelling of a dotted key: `listen.socket_mode` -> `SOCKGUARD_LISTEN_SOCKET_MODE`.
    static func environmentName(forKeyPath keyPath: String) -> String {
        "SOCKGUARD_" + keyPath.uppercased().replacing(".", with: "_")
    }
}
