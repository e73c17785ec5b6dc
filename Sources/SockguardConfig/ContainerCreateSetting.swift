import SockguardPolicy

/// The keys of `request_body.container_create`, spelled as sockguard (Go) spells them, each with the option of
/// `ContainerCreateInspector.Options` it sets. Environment: `SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_<KEY>`,
/// lists comma-separated.
enum ContainerCreateSetting: String, Sendable, CaseIterable {
    case allowPrivileged = "allow_privileged"
    case allowHostNetwork = "allow_host_network"
    case allowHostPID = "allow_host_pid"
    case allowHostIPC = "allow_host_ipc"
    case allowHostUserNS = "allow_host_userns"
    case allowHostCgroupNS = "allow_host_cgroupns"
    case allowedBindMounts = "allowed_bind_mounts"
    case allowAllDevices = "allow_all_devices"
    case allowedDevices = "allowed_devices"
    case allowDeviceRequests = "allow_device_requests"
    /// Per-driver limits on device requests; only the empty list (no such limit) is supported yet.
    case allowedDeviceRequests = "allowed_device_requests"
    case allowDeviceCgroupRules = "allow_device_cgroup_rules"
    case allowedDeviceCgroupRules = "allowed_device_cgroup_rules"
    case allowAllCapabilities = "allow_all_capabilities"
    case allowedCapabilities = "allowed_capabilities"
    case allowSysctls = "allow_sysctls"
    case allowVolumesFrom = "allow_volumes_from"
    case allowCgroupParent = "allow_cgroup_parent"
    case allowUnconfinedSeccomp = "allow_unconfined_seccomp"
    case allowUnconfinedAppArmor = "allow_unconfined_apparmor"
    case allowSelinuxDisable = "allow_selinux_disable"
    case allowUnconfinedSystemPaths = "allow_unconfined_system_paths"
    case allowTmpfsPrivilegedOptions = "allow_tmpfs_privileged_options"
    case denySelinuxLabelOverride = "deny_selinux_label_override"
    case allowedRuntimes = "allowed_runtimes"
    case allowedSeccompProfiles = "allowed_seccomp_profiles"
    case allowedAppArmorProfiles = "allowed_apparmor_profiles"
    case restrictNamespaceSharing = "restrict_namespace_sharing"
    case allowedNamespaceSharingContainers = "allowed_namespace_sharing_containers"
    case denyNamespacePathMode = "deny_namespace_path_mode"
    case requireNonRootUser = "require_non_root_user"
    case requireNoNewPrivileges = "require_no_new_privileges"
    case requireReadonlyRootfs = "require_readonly_rootfs"
    case requireDropAllCapabilities = "require_drop_all_capabilities"
    case requireMemoryLimit = "require_memory_limit"
    case requirePidsLimit = "require_pids_limit"
    case requireCPULimit = "require_cpu_limit"
    case requireCPULimitHard = "require_cpu_limit_hard"
    case requiredLabels = "required_labels"
    // sockguard (Go) spells four of the switches the other way round; `deny_x: false` is `allow_x: true`.
    case denyUnconfinedSeccomp = "deny_unconfined_seccomp"
    case denyUnconfinedAppArmor = "deny_unconfined_apparmor"
    case denySelinuxDisable = "deny_selinux_disable"
    case denyUnconfinedSystemPaths = "deny_unconfined_system_paths"

    /// A value as written in YAML or the environment.
    enum Value: Equatable {
        case flag(Bool)
        case list([String])
        /// `request_body.exec.allowed_commands`: argv templates.
        case commands([[String]])
    }

    var isList: Bool {
        switch self {
        case .allowedBindMounts, .allowedCapabilities, .allowedRuntimes, .requiredLabels, .allowedDevices,
            .allowedDeviceRequests, .allowedDeviceCgroupRules, .allowedSeccompProfiles, .allowedAppArmorProfiles,
            .allowedNamespaceSharingContainers:
            true
        default: false
        }
    }

    var keyPath: String { "request_body.container_create." + self.rawValue }

    var environmentName: String { ConfigKey.environmentName(forKeyPath: self.keyPath) }

    /// Checks list entries; returns a problem to report, or nil.
    func problem(with value: Value) -> String? {
        guard case .list(let entries) = value else { return nil }
        switch self {
        case .allowedBindMounts:
            if let bad = entries.first(where: { !$0.hasPrefix("/") }) {
                return "bind mount prefix \"\(bad)\" must be an absolute host path"
            }
        case .allowedDevices:
            if let bad = entries.first(where: { !$0.hasPrefix("/") }) {
                return "device \"\(bad)\" must be an absolute host path"
            }
        case .allowedDeviceRequests:
            // Refused rather than accepted and ignored: an entry would narrow allow_device_requests.
            if !entries.isEmpty { return "entries are not supported yet by this version (only [])" }
        case .requiredLabels:
            if let bad = entries.first(where: { $0.isEmpty || $0.hasPrefix("=") }) {
                return "required label \"\(bad)\" must be KEY or KEY=VALUE"
            }
        default:
            if let bad = entries.first(where: \.isEmpty) { return "empty entry \"\(bad)\"" }
        }
        return nil
    }
}

extension ContainerCreateSetting {
    /// Sets the option this key names. `required_labels` entries are `KEY` (any value) or `KEY=VALUE`.
    func apply(_ value: Value, to options: inout ContainerCreateInspector.Options) {
        switch (self, value) {
        case (.allowedBindMounts, .list(let entries)): options.allowedBindMounts = entries
        case (.allowedCapabilities, .list(let entries)): options.allowedCapabilities = entries
        case (.allowedRuntimes, .list(let entries)): options.allowedRuntimes = entries
        case (.allowedDevices, .list(let entries)): options.allowedDevices = entries
        case (.allowedDeviceCgroupRules, .list(let entries)): options.allowedDeviceCgroupRules = entries
        case (.allowedSeccompProfiles, .list(let entries)): options.allowedSeccompProfiles = entries
        case (.allowedAppArmorProfiles, .list(let entries)): options.allowedAppArmorProfiles = entries
        case (.allowedNamespaceSharingContainers, .list(let entries)):
            options.namespaceSharing.allowedContainers = entries
        case (.allowedDeviceRequests, .list): break  // only [] passes `problem(with:)`
        case (.requiredLabels, .list(let entries)):
            var labels: [String: String?] = [:]
            for entry in entries {
                if let equals = entry.firstIndex(of: "=") {
                    labels[String(entry[..<equals])] = .some(String(entry[entry.index(after: equals)...]))
                } else {
                    labels[entry] = .some(nil)
                }
            }
            options.requiredLabels = labels
        case (_, .flag(let flag)):
            self.applyFlag(flag, to: &options)
        case (_, .list), (_, .commands):
            break  // a list for a boolean key is refused by the readers before this point
        }
    }

    private func applyFlag(_ flag: Bool, to options: inout ContainerCreateInspector.Options) {
        switch self {
        case .allowPrivileged: options.allowPrivileged = flag
        case .allowHostNetwork: options.allowHostNetwork = flag
        case .allowHostPID: options.allowHostPID = flag
        case .allowHostIPC: options.allowHostIPC = flag
        case .allowHostUserNS: options.allowHostUserNS = flag
        case .allowHostCgroupNS: options.allowHostCgroupNS = flag
        case .allowAllDevices: options.allowAllDevices = flag
        case .allowDeviceRequests: options.allowDeviceRequests = flag
        case .allowDeviceCgroupRules: options.allowDeviceCgroupRules = flag
        case .allowAllCapabilities: options.allowAllCapabilities = flag
        case .allowSysctls: options.allowSysctls = flag
        case .allowVolumesFrom: options.allowVolumesFrom = flag
        case .allowCgroupParent: options.allowCgroupParent = flag
        case .allowUnconfinedSeccomp: options.allowUnconfinedSeccomp = flag
        case .allowTmpfsPrivilegedOptions: options.allowTmpfsPrivilegedOptions = flag
        case .denySelinuxLabelOverride: options.denySelinuxLabelOverride = flag
        case .restrictNamespaceSharing: options.namespaceSharing.restricted = flag
        case .denyNamespacePathMode: options.denyNamespacePathMode = flag
        case .allowUnconfinedAppArmor: options.allowUnconfinedAppArmor = flag
        case .allowSelinuxDisable: options.allowSelinuxDisable = flag
        case .allowUnconfinedSystemPaths: options.allowUnconfinedSystemPaths = flag
        case .requireNonRootUser: options.requireNonRootUser = flag
        case .requireNoNewPrivileges: options.requireNoNewPrivileges = flag
        case .requireReadonlyRootfs: options.requireReadonlyRootfs = flag
        case .requireDropAllCapabilities: options.requireDropAllCapabilities = flag
        case .requireMemoryLimit: options.requireMemoryLimit = flag
        case .requirePidsLimit: options.requirePidsLimit = flag
        case .requireCPULimit: options.requireCPULimit = flag
        case .requireCPULimitHard: options.requireCPULimitHard = flag
        case .denyUnconfinedSeccomp: options.allowUnconfinedSeccomp = !flag
        case .denyUnconfinedAppArmor: options.allowUnconfinedAppArmor = !flag
        case .denySelinuxDisable: options.allowSelinuxDisable = !flag
        case .denyUnconfinedSystemPaths: options.allowUnconfinedSystemPaths = !flag
        case .allowedBindMounts, .allowedCapabilities, .allowedRuntimes, .requiredLabels, .allowedDevices,
            .allowedDeviceRequests, .allowedDeviceCgroupRules, .allowedSeccompProfiles, .allowedAppArmorProfiles,
            .allowedNamespaceSharingContainers:
            break
        }
    }
}
