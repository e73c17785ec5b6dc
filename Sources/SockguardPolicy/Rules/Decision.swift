/// What the policy decided for one request.
public enum Decision: Sendable, Equatable {
    case allow(MatchedRule)
    case deny(Denial)
}

/// The rule that decided, as reported in access logs and by `sockguard match`.
public struct MatchedRule: Sendable, Equatable {
    /// Index in the compiled rule table, or nil when no rule matched.
    public var index: Int?
    public var reason: String
    public init(index: Int?, reason: String) {
        self.index = index
        self.reason = reason
    }
}

/// Why a request was refused. A denial is a value, not a thrown error.
public struct Denial: Sendable, Equatable {
    public var status: Int
    public var reasonCode: ReasonCode
    /// Human readable, printed by the docker CLI.
    public var message: String
    /// The rule that denied, if any (nil for default deny and for malformed requests).
    public var ruleIndex: Int?

    public init(status: Int = 403, reasonCode: ReasonCode, message: String, ruleIndex: Int? = nil) {
        self.status = status
        self.reasonCode = reasonCode
        self.message = message
        self.ruleIndex = ruleIndex
    }
}

/// Reason codes keep the Go sockguard's spelling: log pipelines depend on them.
public enum ReasonCode: String, Sendable, Equatable {
    case matchedAllowRule = "matched_allow_rule"
    case matchedDenyRule = "matched_deny_rule"
    case noMatchingAllowRule = "no_matching_allow_rule"
    case invalidPath = "invalid_path"
    case malformedRequest = "malformed_request"
    // Request bodies (`Inspection/`).
    case requestBodyInvalid = "request_body_invalid"
    case requestBodyInvalidField = "request_body_invalid_field"
    /// A body that could not be inspected: larger than `InspectorRegistry.bodyLimit`, or too slow.
    case requestBodyRefused = "request_body_refused"
    // `POST /containers/create` (`ContainerCreateInspector`).
    case containerCreatePrivileged = "container_create_privileged"
    case containerCreateHostNetwork = "container_create_host_network"
    case containerCreateHostPID = "container_create_host_pid"
    case containerCreateHostIPC = "container_create_host_ipc"
    case containerCreateHostUTS = "container_create_host_uts"
    case containerCreateHostUserNS = "container_create_host_userns"
    case containerCreateHostCgroupNS = "container_create_host_cgroupns"
    case containerCreateBindMount = "container_create_bind_mount"
    case containerCreateDevices = "container_create_devices"
    case containerCreateCapabilities = "container_create_capabilities"
    case containerCreateSysctls = "container_create_sysctls"
    case containerCreateVolumesFrom = "container_create_volumes_from"
    case containerCreateCgroupParent = "container_create_cgroup_parent"
    case containerCreateSecurityOpt = "container_create_security_opt"
    case containerCreateSystemPaths = "container_create_system_paths"
    case containerCreateRuntime = "container_create_runtime"
    case containerCreateRootUser = "container_create_root_user"
    case containerCreateNoNewPrivileges = "container_create_no_new_privileges"
    case containerCreateReadonlyRootfs = "container_create_readonly_rootfs"
    case containerCreateDropAllCapabilities = "container_create_drop_all_capabilities"
    case containerCreateMemoryLimit = "container_create_memory_limit"
    case containerCreatePidsLimit = "container_create_pids_limit"
    case containerCreateRequiredLabel = "container_create_required_label"
    // `POST /containers/{id}/update` (`ContainerUpdateInspector`).
    case containerUpdateDevices = "container_update_devices"
    case containerUpdateResources = "container_update_resources"
    case containerUpdateRestartPolicy = "container_update_restart_policy"
    // `POST /volumes/create` (`VolumeInspector`).
    case volumeCustomDriver = "volume_custom_driver"
    case volumeDriverOpts = "volume_driver_opts"
    // `POST /networks/create`, `/networks/{id}/connect`, `/networks/{id}/disconnect` (`NetworkInspector`).
    case networkCustomDriver = "network_custom_driver"
    case networkSwarmScope = "network_swarm_scope"
    case networkIngress = "network_ingress"
    case networkAttachable = "network_attachable"
    case networkConfigOnly = "network_config_only"
    case networkConfigFrom = "network_config_from"
    case networkCustomIPAMDriver = "network_custom_ipam_driver"
    case networkCustomIPAMConfig = "network_custom_ipam_config"
    case networkIPAMOptions = "network_ipam_options"
    case networkDriverOptions = "network_driver_options"
    case networkDisableIPv4 = "network_disable_ipv4"
    case networkEndpointConfig = "network_endpoint_config"
    case networkDisconnectForce = "network_disconnect_force"
    // `POST /images/create` (`ImagePullInspector`).
    /// A query string dockerd would reject, a repeated `fromImage`/`fromSrc`/`tag`, or an unreadable `fromImage`.
    case imagePullInvalidQuery = "image_pull_invalid_query"
    case imagePullImport = "image_pull_import"
    case imagePullRegistry = "image_pull_registry"
}
