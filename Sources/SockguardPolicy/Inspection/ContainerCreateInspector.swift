/// `POST /containers/create`: refuses container specs that give the container the host.
///
/// The threat: whoever may create containers through the socket is root on the host unless the spec is
/// checked, because one body can ask for `--privileged`, the host's namespaces, a bind mount of `/`, raw
/// devices, extra capabilities, an unconfined seccomp/AppArmor/SELinux profile or another runtime. By default
/// this inspector refuses each of these:
/// - `HostConfig.Privileged` true.
/// - `HostConfig.NetworkMode`, `PidMode`, `IpcMode`, `UsernsMode`, `CgroupnsMode` set to `host` (or to an
///   `ns:<path>`), unless the matching `allowHost...` switch; `UTSMode` `host` always.
/// - `HostConfig.Binds` with an absolute host path, `HostConfig.Mounts` of type `bind`, and volume mounts
///   whose local driver option `device` names a host path, outside `allowedBindMounts` (see
///   `HostPathAllowlist`). Named volumes, anonymous volumes and tmpfs are allowed.
/// - `Devices` unless `allowAllDevices` or listed in `allowedDevices`; `DeviceRequests` unless
///   `allowDeviceRequests`; `DeviceCgroupRules` unless `allowDeviceCgroupRules` or listed.
/// - `CapAdd` (and the legacy `Capabilities`) entries outside `allowedCapabilities`.
/// - `Sysctls`, `VolumesFrom`, `CgroupParent`, unless allowed.
/// - `SecurityOpt` `seccomp=unconfined`, `apparmor=unconfined`, `label=disable`, `systempaths=unconfined`
///   (either separator), and any `MaskedPaths`/`ReadonlyPaths` override, unless allowed.
/// - `Runtime` other than the daemon default and `allowedRuntimes`.
///
/// Opt-in rails (`require...`) additionally demand a non-root `User`, `no-new-privileges`, a read-only
/// root filesystem, `CapDrop` `ALL`, a memory limit, a pids limit and labels.
///
/// A field with the wrong JSON type is refused (`request_body_invalid_field`); `null` is absent; fields not
/// named here are ignored. Keys match case-insensitively, as dockerd matches them (`JSONObject`).
public struct ContainerCreateInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.container_create.*`.
    public struct Options: Sendable, Equatable {
        public var allowPrivileged = false
        public var allowHostNetwork = false
        public var allowHostPID = false
        public var allowHostIPC = false
        public var allowHostUserNS = false
        public var allowHostCgroupNS = false
        /// Absolute host directories that may be bind-mounted, with everything below them.
        public var allowedBindMounts: [String] = []
        /// Permits every `Devices` entry.
        public var allowAllDevices = false
        /// `Devices` whose `PathOnHost` is one of these, or below one (`/dev/dri` covers `/dev/dri/card0`).
        public var allowedDevices: [String] = []
        /// Permits `DeviceRequests` (GPUs and other driver-managed devices).
        public var allowDeviceRequests = false
        /// Permits every `DeviceCgroupRules` entry.
        public var allowDeviceCgroupRules = false
        /// `DeviceCgroupRules` entries permitted one by one, compared exactly (`c 189:* rmw`).
        public var allowedDeviceCgroupRules: [String] = []
        /// `allowed_seccomp_profiles`: when non-empty, the only `seccomp=` values allowed, compared exactly;
        /// `default` stands for no `seccomp=` entry. `unconfined` also needs `allowUnconfinedSeccomp`.
        public var allowedSeccompProfiles: [String] = []
        /// `allowed_apparmor_profiles`: the same for `apparmor=`.
        public var allowedAppArmorProfiles: [String] = []
        /// `allow_tmpfs_privileged_options`: permits `exec`, `dev` and `suid` in `Mounts[].TmpfsOptions.Options`
        /// (API 1.46+), which undo dockerd's `noexec,nodev,nosuid` tmpfs default.
        public var allowTmpfsPrivilegedOptions = false
        /// `deny_selinux_label_override`: refuses `label=user:`, `role:`, `type:` and `level:` entries in
        /// `SecurityOpt` (off by default, as in sockguard (Go)).
        public var denySelinuxLabelOverride = false
        /// `restrict_namespace_sharing` and `allowed_namespace_sharing_containers`: which containers'
        /// namespaces `NetworkMode`, `PidMode`, `IpcMode` and `UsernsMode` may join as `container:<ref>`.
        public var namespaceSharing = NamespaceSharingGate()
        /// `deny_namespace_path_mode`: refuses `NetworkMode: ns:<path>` even with `allow_host_network` (without it,
        /// a namespace by path already counts as the host's and is refused).
        public var denyNamespacePathMode = false
        public var allowAllCapabilities = false
        /// `CapAdd` entries that are allowed, with or without `CAP_`, any case; `ALL` allows every one.
        public var allowedCapabilities: [String] = []
        public var allowSysctls = false
        public var allowVolumesFrom = false
        public var allowCgroupParent = false
        public var allowUnconfinedSeccomp = false
        public var allowUnconfinedAppArmor = false
        public var allowSelinuxDisable = false
        /// Permits `systempaths=unconfined` and `MaskedPaths`/`ReadonlyPaths` overrides.
        public var allowUnconfinedSystemPaths = false
        /// Runtimes besides the daemon default (an empty `Runtime`), matched case-sensitively.
        public var allowedRuntimes: [String] = ["runc"]
        public var requireNonRootUser = false
        public var requireNoNewPrivileges = false
        public var requireReadonlyRootfs = false
        public var requireDropAllCapabilities = false
        public var requireMemoryLimit = false
        public var requirePidsLimit = false
        /// `NanoCpus`, `CpuQuota` or `CpuShares` set.
        public var requireCPULimit = false
        /// `NanoCpus` or `CpuQuota` set (`CpuShares` is only a weight).
        public var requireCPULimitHard = false
        /// Labels that must be present; a non-nil value must match exactly.
        public var requiredLabels: [String: String?] = [:]

        public init() {}
    }

    public let options: Options
    let bindMounts: HostPathAllowlist
    let capabilities: Set<String>

    public init(options: Options = .init()) {
        self.options = options
        self.bindMounts = HostPathAllowlist(options.allowedBindMounts)
        self.capabilities = Set(options.allowedCapabilities.map(Self.normalizeCapability))
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a container spec must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            let hostConfig = try root.object("HostConfig", in: "") ?? JSONObject()
            try checkHostConfig(hostConfig)
            try checkMounts(hostConfig)
            try checkRails(root: root, hostConfig: hostConfig)
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "container create body passed inspection"))
    }

    /// Upper case without `CAP_`, as dockerd normalizes `CapAdd`/`CapDrop`: `cap_sys_admin` is `SYS_ADMIN`.
    static func normalizeCapability(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }
}
