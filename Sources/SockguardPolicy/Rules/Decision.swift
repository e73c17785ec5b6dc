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
    /// A TCP client outside `clients.allowed_cidrs`.
    case clientNotAllowed = "client_not_allowed"
    // The admin endpoints (`admin.*`), as sockguard (Go) names them.
    case adminMethodNotAllowed = "admin_method_not_allowed"
    case adminBodyTooLarge = "admin_body_too_large"
    case adminValidationFailed = "admin_validation_failed"
    case adminPolicyVersionUnavailable = "admin_policy_version_unavailable"
    case adminUnknownPath = "admin_unknown_path"
    // Request bodies (`Inspection/`).
    case requestBodyInvalid = "request_body_invalid"
    case requestBodyInvalidField = "request_body_invalid_field"
    /// A body that could not be inspected: larger than `InspectorRegistry.bodyLimit`, or too slow.
    case requestBodyRefused = "request_body_refused"
    /// An archive body sockguard will not read through: bzip2, xz or zstd compression, more inflated bytes than
    /// the inspector reads, or a sparse tar entry.
    case requestBodyUninspectable = "request_body_uninspectable"
    /// An `X-Registry-Auth` or `X-Registry-Config` header that is not bounded base64 JSON of the right shape.
    case registryAuthInvalid = "registry_auth_invalid"
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
    case containerCreateTmpfsOptions = "container_create_tmpfs_options"
    case containerCreateNamespaceSharing = "container_create_namespace_sharing"
    case containerCreateRuntime = "container_create_runtime"
    case containerCreateRootUser = "container_create_root_user"
    case containerCreateNoNewPrivileges = "container_create_no_new_privileges"
    case containerCreateReadonlyRootfs = "container_create_readonly_rootfs"
    case containerCreateDropAllCapabilities = "container_create_drop_all_capabilities"
    case containerCreateMemoryLimit = "container_create_memory_limit"
    case containerCreatePidsLimit = "container_create_pids_limit"
    case containerCreateCPULimit = "container_create_cpu_limit"
    case containerCreateRequiredLabel = "container_create_required_label"
    // `POST /containers/{id}/update` (`ContainerUpdateInspector`).
    case containerUpdateDevices = "container_update_devices"
    case containerUpdateResources = "container_update_resources"
    case containerUpdateRestartPolicy = "container_update_restart_policy"
    // `POST /containers/{id}/exec`, `POST /exec/{id}/start` (`ExecInspector`).
    case execCommand = "exec_command"
    case execPrivileged = "exec_privileged"
    case execRootUser = "exec_root_user"
    case execEnv = "exec_env"
    /// The daemon's answer about the exec instance to start could not be read.
    case execInstanceUnreadable = "exec_instance_unreadable"
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
    // `POST /services/create`, `/services/{id}/update` (`ServiceInspector`).
    case serviceHostNetwork = "service_host_network"
    case serviceBindMount = "service_bind_mount"
    case serviceCapabilities = "service_capabilities"
    case serviceSysctls = "service_sysctls"
    case serviceSecurityOpt = "service_security_opt"
    case serviceRuntime = "service_runtime"
    case serviceRegistry = "service_registry"
    case serviceRootUser = "service_root_user"
    case serviceNoNewPrivileges = "service_no_new_privileges"
    case serviceReadonlyRootfs = "service_readonly_rootfs"
    case serviceDropAllCapabilities = "service_drop_all_capabilities"
    // `POST /swarm/init`, `/swarm/join`, `/swarm/update`, `/swarm/unlock` (`SwarmInspector`).
    /// A `/swarm/update` query string dockerd would reject.
    case swarmInvalidQuery = "swarm_invalid_query"
    case swarmForceNewCluster = "swarm_force_new_cluster"
    case swarmExternalCA = "swarm_external_ca"
    case swarmSigningCAUpdate = "swarm_signing_ca_update"
    case swarmJoinRemoteAddr = "swarm_join_remote_addr"
    case swarmAutoLockManagers = "swarm_auto_lock_managers"
    case swarmTokenRotation = "swarm_token_rotation"
    case swarmUnlockKeyRotation = "swarm_unlock_key_rotation"
    case swarmUnlock = "swarm_unlock"
    // `POST /nodes/{id}/update` (`NodeInspector`).
    case nodeRoleChange = "node_role_change"
    case nodeAvailabilityChange = "node_availability_change"
    case nodeNameChange = "node_name_change"
    case nodeLabelMutation = "node_label_mutation"
    // `POST /secrets/create` (`SecretInspector`), `POST /configs/create` (`ConfigInspector`).
    case secretCustomDriver = "secret_custom_driver"
    case secretTemplateDriver = "secret_template_driver"
    case configCustomDriver = "config_custom_driver"
    case configTemplateDriver = "config_template_driver"
    // `POST /plugins/pull`, `/plugins/{name}/upgrade`, `/plugins/{name}/set`, `/plugins/create` (`PluginInspector`).
    /// A `/plugins/pull` or `/upgrade` query string dockerd would reject, or an unreadable `remote`.
    case pluginInvalidQuery = "plugin_invalid_query"
    case pluginRegistry = "plugin_registry"
    case pluginHostNetwork = "plugin_host_network"
    case pluginHostPID = "plugin_host_pid"
    case pluginHostIPC = "plugin_host_ipc"
    case pluginBindMount = "plugin_bind_mount"
    case pluginDevices = "plugin_devices"
    case pluginCapabilities = "plugin_capabilities"
    /// A privilege whose `Name` sockguard does not know.
    case pluginPrivilege = "plugin_privilege"
    case pluginSetting = "plugin_setting"
    case pluginCreate = "plugin_create"
    // `POST /build` (`BuildInspector`).
    /// A query string dockerd would reject, or a repeated parameter the decision depends on.
    case buildInvalidQuery = "build_invalid_query"
    case buildHostNetwork = "build_host_network"
    case buildRemoteContext = "build_remote_context"
    /// A `# syntax=` directive or `BUILDKIT_SYNTAX` build argument: a frontend image of the client's choosing.
    case buildCustomFrontend = "build_custom_frontend"
    /// No Dockerfile in the context that sockguard can read: missing, a link, too large, or not parseable.
    case buildDockerfileUninspectable = "build_dockerfile_uninspectable"
    case buildRunInstruction = "build_run_instruction"
    // `PUT /containers/{id}/archive` (`ContainerArchiveInspector`).
    /// A query string dockerd would reject, a repeated `path`, or no `path`.
    case containerArchiveInvalidQuery = "container_archive_invalid_query"
    case containerArchivePath = "container_archive_path"
    case containerArchiveEntryPath = "container_archive_entry_path"
    case containerArchiveEscapingLink = "container_archive_escaping_link"
    case containerArchiveSetID = "container_archive_setid"
    case containerArchiveDeviceNode = "container_archive_device_node"
    case containerArchiveEntryType = "container_archive_entry_type"
    // `POST /images/load` (`ImageLoadInspector`).
    /// No `request_body.image_load` switch permits any image.
    case imageLoadNotAllowed = "image_load_not_allowed"
    /// No manifest sockguard can read: none at all, repeated, a link, or malformed.
    case imageLoadManifest = "image_load_manifest"
    case imageLoadUntagged = "image_load_untagged"
    case imageLoadRegistry = "image_load_registry"
    /// `clients.container_labels`: the client container's `<prefix><method>` labels do not allow the path.
    case containerLabelDenied = "container_label_denied"
    /// `listeners[].allowed_profiles` does not list the client's profile.
    case listenerProfileNotAllowed = "listener_profile_not_allowed"

    // Owner-label isolation (`OwnershipPolicy`).
    /// The object carries another owner's label, or none (and is not an image that may be read unowned).
    case ownerMismatch = "owner_mismatch"
    /// A create or build that sets the owner label to another owner.
    case ownerLabelConflict = "owner_label_conflict"
    /// The daemon could not say who owns the object.
    case ownerLookupFailed = "owner_lookup_failed"
    /// A `filters` or `labels` query parameter sockguard cannot add the owner to.
    case ownerQueryInvalid = "owner_query_invalid"

    // Visibility (`response.visible_resource_labels`, `name_patterns`, `image_patterns`), as sockguard (Go) names them.
    /// A read of an object the client may not see: answered 404.
    case visibilityPolicyHidResource = "visibility_policy_hid_resource"
    /// The daemon could not say what the object is.
    case visibilityPolicyLookupFailed = "visibility_policy_lookup_failed"
    /// A `filters` query parameter sockguard cannot add the label selectors to.
    case visibilityFilterInvalid = "visibility_filter_invalid"

    // Throttling (`ProfileLimits`): answered with 429.
    /// The profile's token bucket (`limits.rate`) is empty.
    case rateLimitExceeded = "rate_limit_exceeded"
    /// The profile's `limits.concurrency.max_inflight` requests are in flight.
    case concurrencyCap = "concurrency_cap"
    /// `clients.global_concurrency`: the profile's priority share of the global cap is in flight.
    case priorityFloor = "priority_floor"

    /// The body inspector whose check this is (`container_create`, `exec`, `build`, ...); nil for a denial no
    /// inspector made (rules, limits, ownership, the proxy's own checks).
    public var inspector: String? {
        Self.inspectorFamilies.first { rawValue.hasPrefix($0 + "_") }
    }

    /// Longest first, so `container_create_*` is not read as a `container_*`.
    static let inspectorFamilies = [
        "container_archive", "container_create", "container_update", "image_load", "image_pull", "request_body",
        "registry_auth", "exec", "volume", "network", "service", "swarm", "node", "secret", "config", "plugin",
        "build",
    ]

    /// Whether this is a throttle (429) rather than a refusal of what the request asks.
    public var isThrottle: Bool { self == .rateLimitExceeded || self == .concurrencyCap || self == .priorityFloor }
}
