import SockguardPolicy

/// The keys of every `request_body.<family>` section but `container_create` (see `ContainerCreateSetting`),
/// spelled as sockguard (Go) spells them, each with the inspector option it sets. Environment:
/// `SOCKGUARD_REQUEST_BODY_VOLUME_ALLOW_CUSTOM_DRIVERS`, ...; lists comma-separated, `allowed_commands` as JSON.
struct RequestBodySetting: Sendable {
    enum Target: Sendable {
        case flag(WritableKeyPath<RequestBodyConfig, Bool> & Sendable)
        /// Go's `deny_x`, which sets `allow_x` to its opposite.
        case inverseFlag(WritableKeyPath<RequestBodyConfig, Bool> & Sendable)
        case list(WritableKeyPath<RequestBodyConfig, [String]> & Sendable, ListEntry)
        case patterns(WritableKeyPath<RequestBodyConfig, [ArgumentPattern]> & Sendable)
        /// `request_body.exec.allowed_commands`: a list of argv lists.
        case commands
    }

    /// What a list entry must look like.
    enum ListEntry: Sendable {
        case nonEmpty
        case absolutePath
        /// `NAME=VALUE` with a non-empty name.
        case nameValue
    }

    /// Dotted key path: `request_body.volume.allow_custom_drivers`.
    let rawValue: String
    let target: Target

    init?(rawValue: String) {
        guard let setting = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = setting
    }

    init(_ rawValue: String, _ target: Target) {
        self.rawValue = rawValue
        self.target = target
    }

    /// The `request_body` sub-sections these keys live in.
    static let families: Set<String> = Set(
        allCases.map { String($0.rawValue.split(separator: ".")[1]) }
    )

    static let allCases: [RequestBodySetting] = familyCases + libpodContainerCreateCases

    private static let familyCases: [RequestBodySetting] = [
        .init("request_body.volume.allow_custom_drivers", .flag(\.volume.allowCustomDrivers)),
        .init("request_body.volume.allow_driver_opts", .flag(\.volume.allowDriverOpts)),
        .init("request_body.network.allow_custom_drivers", .flag(\.network.allowCustomDrivers)),
        .init("request_body.network.allow_swarm_scope", .flag(\.network.allowSwarmScope)),
        .init("request_body.network.allow_ingress", .flag(\.network.allowIngress)),
        .init("request_body.network.allow_attachable", .flag(\.network.allowAttachable)),
        .init("request_body.network.allow_config_only", .flag(\.network.allowConfigOnly)),
        .init("request_body.network.allow_config_from", .flag(\.network.allowConfigFrom)),
        .init("request_body.network.allow_custom_ipam_drivers", .flag(\.network.allowCustomIPAMDrivers)),
        .init("request_body.network.allow_custom_ipam_config", .flag(\.network.allowCustomIPAMConfig)),
        .init("request_body.network.allow_ipam_options", .flag(\.network.allowIPAMOptions)),
        .init("request_body.network.allow_driver_options", .flag(\.network.allowDriverOptions)),
        .init("request_body.network.allow_endpoint_config", .flag(\.network.allowEndpointConfig)),
        .init("request_body.network.allow_disconnect_force", .flag(\.network.allowDisconnectForce)),
        .init("request_body.network.allow_disable_ipv4", .flag(\.network.allowDisableIPv4)),
        .init("request_body.image_pull.allow_imports", .flag(\.imagePull.allowImports)),
        .init("request_body.image_pull.allow_all_registries", .flag(\.imagePull.allowAllRegistries)),
        .init("request_body.image_pull.allow_official", .flag(\.imagePull.allowOfficial)),
        .init("request_body.image_pull.allowed_registries", .list(\.imagePull.allowedRegistries, .nonEmpty)),
        .init("request_body.container_update.allow_all_devices", .flag(\.containerUpdate.allowAllDevices)),
        .init("request_body.container_update.allow_resource_updates", .flag(\.containerUpdate.allowResourceUpdates)),
        .init("request_body.container_update.allow_restart_policy", .flag(\.containerUpdate.allowRestartPolicy)),
        .init("request_body.exec.allowed_commands", .commands),
        .init("request_body.exec.allow_privileged", .flag(\.exec.allowPrivileged)),
        .init("request_body.exec.allow_root_user", .flag(\.exec.allowRootUser)),
        .init("request_body.exec.allowed_env_vars", .patterns(\.exec.allowedEnvVars)),
        .init("request_body.exec.denied_env_vars", .patterns(\.exec.deniedEnvVars)),
        .init("request_body.exec.allowed_env_values", .list(\.exec.allowedEnvValues, .nameValue)),
        .init("request_body.service.allow_host_network", .flag(\.service.allowHostNetwork)),
        .init("request_body.service.allowed_bind_mounts", .list(\.service.allowedBindMounts, .absolutePath)),
        .init("request_body.service.allow_all_registries", .flag(\.service.allowAllRegistries)),
        .init("request_body.service.allow_official", .flag(\.service.allowOfficial)),
        .init("request_body.service.allowed_registries", .list(\.service.allowedRegistries, .nonEmpty)),
        .init("request_body.service.allow_all_capabilities", .flag(\.service.allowAllCapabilities)),
        .init("request_body.service.allowed_capabilities", .list(\.service.allowedCapabilities, .nonEmpty)),
        .init("request_body.service.allow_sysctls", .flag(\.service.allowSysctls)),
        .init("request_body.service.allow_unconfined_seccomp", .flag(\.service.allowUnconfinedSeccomp)),
        .init("request_body.service.deny_unconfined_seccomp", .inverseFlag(\.service.allowUnconfinedSeccomp)),
        .init("request_body.service.allow_custom_seccomp_profiles", .flag(\.service.allowCustomSeccompProfiles)),
        .init(
            "request_body.service.deny_custom_seccomp_profiles",
            .inverseFlag(\.service.allowCustomSeccompProfiles)
        ),
        .init("request_body.service.allow_unconfined_apparmor", .flag(\.service.allowUnconfinedAppArmor)),
        .init("request_body.service.deny_unconfined_apparmor", .inverseFlag(\.service.allowUnconfinedAppArmor)),
        .init("request_body.service.allow_selinux_disable", .flag(\.service.allowSelinuxDisable)),
        .init("request_body.service.deny_selinux_disable", .inverseFlag(\.service.allowSelinuxDisable)),
        .init("request_body.service.allow_selinux_label_override", .flag(\.service.allowSelinuxLabelOverride)),
        .init(
            "request_body.service.deny_selinux_label_override",
            .inverseFlag(\.service.allowSelinuxLabelOverride)
        ),
        .init("request_body.service.allow_plugin_runtime", .flag(\.service.allowPluginRuntime)),
        .init("request_body.service.require_non_root_user", .flag(\.service.requireNonRootUser)),
        .init("request_body.service.require_no_new_privileges", .flag(\.service.requireNoNewPrivileges)),
        .init("request_body.service.require_readonly_rootfs", .flag(\.service.requireReadonlyRootfs)),
        .init("request_body.service.require_drop_all_capabilities", .flag(\.service.requireDropAllCapabilities)),
        .init("request_body.swarm.allow_force_new_cluster", .flag(\.swarm.allowForceNewCluster)),
        .init("request_body.swarm.allow_external_ca", .flag(\.swarm.allowExternalCA)),
        .init("request_body.swarm.allowed_join_remote_addrs", .list(\.swarm.allowedJoinRemoteAddrs, .nonEmpty)),
        .init("request_body.swarm.allow_token_rotation", .flag(\.swarm.allowTokenRotation)),
        .init(
            "request_body.swarm.allow_manager_unlock_key_rotation",
            .flag(\.swarm.allowManagerUnlockKeyRotation)
        ),
        .init("request_body.swarm.allow_auto_lock_managers", .flag(\.swarm.allowAutoLockManagers)),
        .init("request_body.swarm.allow_signing_ca_update", .flag(\.swarm.allowSigningCAUpdate)),
        .init("request_body.swarm.allow_unlock", .flag(\.swarm.allowUnlock)),
        .init("request_body.node.allow_name_change", .flag(\.node.allowNameChange)),
        .init("request_body.node.allow_role_change", .flag(\.node.allowRoleChange)),
        .init("request_body.node.allow_availability_change", .flag(\.node.allowAvailabilityChange)),
        .init("request_body.node.allow_label_mutation", .flag(\.node.allowLabelMutation)),
        .init("request_body.node.allowed_label_keys", .list(\.node.allowedLabelKeys, .nonEmpty)),
        .init("request_body.secret.allow_custom_drivers", .flag(\.secret.allowCustomDrivers)),
        .init("request_body.secret.allow_template_drivers", .flag(\.secret.allowTemplateDrivers)),
        .init("request_body.config.allow_custom_drivers", .flag(\.config.allowCustomDrivers)),
        .init("request_body.config.allow_template_drivers", .flag(\.config.allowTemplateDrivers)),
        .init("request_body.plugin.allow_host_network", .flag(\.plugin.allowHostNetwork)),
        .init("request_body.plugin.allow_host_ipc", .flag(\.plugin.allowHostIPC)),
        .init("request_body.plugin.allow_ipc_host", .flag(\.plugin.allowHostIPC)),
        .init("request_body.plugin.allow_host_pid", .flag(\.plugin.allowHostPID)),
        .init("request_body.plugin.allow_all_devices", .flag(\.plugin.allowAllDevices)),
        .init("request_body.plugin.allowed_bind_mounts", .list(\.plugin.allowedBindMounts, .absolutePath)),
        .init("request_body.plugin.allowed_devices", .list(\.plugin.allowedDevices, .absolutePath)),
        .init("request_body.plugin.allow_all_capabilities", .flag(\.plugin.allowAllCapabilities)),
        .init("request_body.plugin.allowed_capabilities", .list(\.plugin.allowedCapabilities, .nonEmpty)),
        .init("request_body.plugin.allow_all_registries", .flag(\.plugin.allowAllRegistries)),
        .init("request_body.plugin.allow_official", .flag(\.plugin.allowOfficial)),
        .init("request_body.plugin.allowed_registries", .list(\.plugin.allowedRegistries, .nonEmpty)),
        .init("request_body.plugin.allowed_set_env_prefixes", .list(\.plugin.allowedSetEnvPrefixes, .nonEmpty)),
        .init("request_body.plugin.allow_create", .flag(\.plugin.allowCreate)),
        .init("request_body.build.allow_remote_context", .flag(\.build.allowRemoteContext)),
        .init("request_body.build.allow_host_network", .flag(\.build.allowHostNetwork)),
        .init("request_body.build.allow_run_instructions", .flag(\.build.allowRunInstructions)),
        .init("request_body.container_archive.allowed_paths", .list(\.containerArchive.allowedPaths, .absolutePath)),
        .init("request_body.container_archive.allow_setid", .flag(\.containerArchive.allowSetID)),
        .init("request_body.container_archive.allow_device_nodes", .flag(\.containerArchive.allowDeviceNodes)),
        .init("request_body.container_archive.allow_escaping_links", .flag(\.containerArchive.allowEscapingLinks)),
        .init("request_body.image_load.allow_all_registries", .flag(\.imageLoad.allowAllRegistries)),
        .init("request_body.image_load.allow_official", .flag(\.imageLoad.allowOfficial)),
        .init("request_body.image_load.allowed_registries", .list(\.imageLoad.allowedRegistries, .nonEmpty)),
        .init("request_body.image_load.allow_untagged", .flag(\.imageLoad.allowUntagged)),
    ]

    var isList: Bool {
        switch target {
        case .list, .patterns: true
        case .flag, .inverseFlag, .commands: false
        }
    }

    /// `request_body.exec.allowed_commands` is a list of argv lists: YAML `[["/bin/echo", "*"]]`, or the
    /// same as JSON in `SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS`.
    var isCommandList: Bool {
        if case .commands = target { return true }
        return false
    }

    var environmentName: String { ConfigKey.environmentName(forKeyPath: self.rawValue) }

    /// Checks a value; returns a problem to report, or nil.
    func problem(with value: ContainerCreateSetting.Value) -> String? {
        switch (target, value) {
        case (.commands, .commands(let commands)):
            for (index, command) in commands.enumerated() {
                if command.isEmpty { return "entry \(index) is an empty command" }
                if command[0].isEmpty { return "entry \(index) has an empty program name" }
            }
        case (.list(_, .absolutePath), .list(let entries)):
            if let bad = entries.first(where: { !$0.hasPrefix("/") }) {
                return "\"\(bad)\" must be an absolute host path"
            }
        case (.list(_, .nameValue), .list(let entries)):
            if entries.contains(where: { ($0.firstIndex(of: "=") ?? $0.startIndex) == $0.startIndex }) {
                return "entries must be NAME=VALUE"
            }
        case (_, .list(let entries)):
            if entries.contains(where: \.isEmpty) { return "empty entry" }
        default:
            break
        }
        return nil
    }

    func apply(_ value: ContainerCreateSetting.Value, to config: inout RequestBodyConfig) {
        switch (target, value) {
        case (.flag(let keyPath), .flag(let flag)): config[keyPath: keyPath] = flag
        case (.inverseFlag(let keyPath), .flag(let flag)): config[keyPath: keyPath] = !flag
        case (.list(let keyPath, _), .list(let entries)): config[keyPath: keyPath] = entries
        case (.patterns(let keyPath), .list(let entries)): config[keyPath: keyPath] = entries.map(ArgumentPattern.init)
        case (.commands, .commands(let commands)):
            config.exec.allowedCommands = commands.map { $0.map(ArgumentPattern.init) }
        default: break  // a value of the wrong shape is refused by the readers before this point
        }
    }
}
