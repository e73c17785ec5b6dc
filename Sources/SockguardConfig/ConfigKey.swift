/// Every scalar configuration key, spelled as its dotted YAML path. These spellings are part of our
/// compatibility promise (sockguard's Go implementation uses the same ones), so they are written once, here.
enum ConfigKey: String, Sendable, CaseIterable {
    case listenAddress = "listen.address"
    case listenSocket = "listen.socket"
    case listenSocketMode = "listen.socket_mode"
    case listenInsecureAllowPlainTCP = "listen.insecure_allow_plain_tcp"
    case upstreamSocket = "upstream.socket"
    case upstreamRequestTimeout = "upstream.request_timeout"
    case responseDenyVerbosity = "response.deny_verbosity"
    case logLevel = "log.level"
    case logFormat = "log.format"
    case logOutput = "log.output"
    case logAccessLog = "log.access_log"
    case healthEnabled = "health.enabled"
    case healthPath = "health.path"
    case compat = "compat"
    case insecureAllowBodyBlindWrites = "insecure_allow_body_blind_writes"

    /// The shape a YAML value must have before its text is parsed.
    enum Kind { case string, boolean, scalar }

    var kind: Kind {
        switch self {
        case .listenInsecureAllowPlainTCP, .logAccessLog, .healthEnabled, .insecureAllowBodyBlindWrites: .boolean
        // Written either as a string ("0600", "30s") or a bare YAML number (0600, 0).
        case .listenSocketMode, .upstreamRequestTimeout: .scalar
        default: .string
        }
    }

    /// The YAML mappings that hold keys (`listen`, `upstream`, ...), plus `rules`, which is a list.
    static let sections: Set<String> = Set(allCases.compactMap { $0.section }).union(["rules"])

    var section: String? {
        let parts = rawValue.split(separator: ".", maxSplits: 1)
        return parts.count == 2 ? String(parts[0]) : nil
    }

    /// Keys sockguard's Go implementation accepts that this version does not implement yet. Each is refused
    /// with "not supported yet" rather than ignored: most of them are security settings, and silently
    /// dropping one would run a more permissive proxy than the operator asked for.
    static let unsupported: Set<String> = [
        "listeners", "clients", "ownership", "metrics", "admin", "reload", "policy_bundle",
        "mutations", "insecure_allow_read_exfiltration",
        "insecure_accept_opaque_buildkit_tunnels",
        "listen.tls", "listen.insecure_allow_unauthenticated_clients", "listen.socket_uid", "listen.socket_gid",
        "upstream.endpoints", "upstream.failover", "upstream.hijack_inactivity_timeout",
        "log.audit",
        "response.redact_container_env", "response.redact_mount_paths", "response.redact_network_topology",
        "response.redact_sensitive_data", "response.redact_host_topology", "response.visible_resource_labels",
        "response.name_patterns", "response.image_patterns", "response.allow_attestation_statements",
        "health.watchdog", "health.readiness",
        // Body inspection of other endpoint families, and container_create options not implemented yet.
        "request_body.buildkit", "request_body.libpod_container_create",
        "request_body.container_create.image_trust", "request_body.container_create.allowed_devices",
        "request_body.container_create.allow_device_requests",
        "request_body.container_create.allowed_device_requests",
        "request_body.container_create.allow_device_cgroup_rules",
        "request_body.container_create.allowed_device_cgroup_rules",
        "request_body.container_create.require_cpu_limit", "request_body.container_create.require_cpu_limit_hard",
        "request_body.container_create.allowed_seccomp_profiles",
        "request_body.container_create.allowed_apparmor_profiles",
        "request_body.container_create.restrict_namespace_sharing",
        "request_body.container_create.allowed_namespace_sharing_containers",
        "request_body.container_create.deny_namespace_path_mode",
        "request_body.container_create.deny_selinux_label_override",
        "request_body.container_create.allow_tmpfs_privileged_options",
    ]

    /// The `SOCKGUARD_*` spelling of a dotted key: `listen.socket_mode` -> `SOCKGUARD_LISTEN_SOCKET_MODE`.
    static func environmentName(forKeyPath keyPath: String) -> String {
        "SOCKGUARD_" + keyPath.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}
