/// `POST /libpod/containers/create`: Podman's own container create, whose body is a SpecGenerator (snake_case,
/// nothing like the Docker API's `HostConfig`). Fail-closed: a field this inspector does not know is refused,
/// so a newer Podman field that reaches the host is never let through unread.
///
/// By default it refuses what the Docker create inspector refuses; `request_body.libpod_container_create`
/// (`Options`, Go's keys) opens a gate at a time:
/// - `privileged`;
/// - a host namespace (`nsmode` `host`) for net, pid, ipc and user; uts and cgroup always, and a namespace given by
///   path (`path`, `ns`) always;
/// - custom user-namespace ID mappings or an automatic user namespace;
/// - host paths: bind mounts outside `allowed_bind_mounts`, other non-volume `mounts`, `overlay_volumes`, `rootfs`,
///   `init_path`, `chroot_directories`, a log `path`, `conmon_pid_file`, a seccomp profile file;
/// - `devices` outside `allowed_devices`, `devices_from`, `device_cgroup_rule`, `host_device_list`;
/// - `cap_add` outside `allowed_capabilities`;
/// - `sysctl`, `cgroup_parent`, `volumes_from`, `unmask`, `procfs_opts`;
/// - an unconfined seccomp or AppArmor profile, `seccomp_policy: image`, SELinux `disable`;
/// - systemd mode: `systemd: always`, or `true` with an init as the command (Podman's trigger);
/// - an OCI runtime other than runc or crun, `env_host`, and annotations beyond Podman's TTY marker.
/// And it requires what `require_*` asks: a non-root user, a read-only root filesystem, memory, CPU and pids limits.
public struct LibpodContainerCreateInspector: BodyInspector {
    /// The switches of `request_body.libpod_container_create`; every default is the safe one.
    public struct Options: Sendable, Equatable {
        public var allowPrivileged = false
        public var allowHostNetwork = false
        public var allowHostPID = false
        public var allowHostIPC = false
        public var allowHostUserNS = false
        /// Host path prefixes bind mounts may use (see `HostPathAllowlist`).
        public var allowedBindMounts: [String] = []
        public var allowAllDevices = false
        /// Host device path prefixes `devices` may name.
        public var allowedDevices: [String] = []
        public var allowAllCapabilities = false
        /// `cap_add` entries allowed, with or without `CAP_`, any case.
        public var allowedCapabilities: [String] = []
        public var allowUnconfinedSeccomp = false
        public var allowUnconfinedAppArmor = false
        public var allowSelinuxDisable = false
        /// When non-empty, the only `seccomp_profile_path` values allowed (`default` for none); a listed file passes.
        public var allowedSeccompProfiles: [String] = []
        /// When non-empty, the only `apparmor_profile` values allowed (`default` for none).
        public var allowedAppArmorProfiles: [String] = []
        public var requireNonRootUser = false
        public var requireReadonlyRootfs = false
        public var requireMemoryLimit = false
        /// A CPU quota or CPU shares.
        public var requireCPULimit = false
        /// A CPU quota (shares alone do not cap).
        public var requireCPULimitHard = false
        public var requirePidsLimit = false
        public var allowSysctls = false
        public var allowSystemdMode = false
        /// Custom `idmappings` (`--uidmap`, `--gidmap`, `--userns=auto`).
        public var allowCustomIDMappings = false
        /// `restrict_namespace_sharing` and `allowed_namespace_sharing_containers`: which containers' namespaces
        /// (`nsmode: container`) any of the six namespace fields may join.
        public var namespaceSharing = NamespaceSharingGate()

        public init() {}
    }

    public static let bodyLimit = 1 << 20

    public let options: Options
    /// What the options open in the fields a pod create shares (namespaces, mounts, ID mappings).
    let shared: LibpodSpecFields.Gates
    let devices: HostPathAllowlist
    let capabilities: Set<String>

    public init(options: Options = .init()) {
        self.options = options
        // uts and cgroup have no gate, as in sockguard (Go).
        let hostNamespaces = [
            ("netns", options.allowHostNetwork), ("pidns", options.allowHostPID), ("ipcns", options.allowHostIPC),
            ("userns", options.allowHostUserNS),
        ]
        shared = LibpodSpecFields.Gates(
            hostNamespaces: hostNamespaces.filter(\.1).map(\.0),
            bindMounts: HostPathAllowlist(options.allowedBindMounts),
            customIDMappings: options.allowCustomIDMappings,
            namespaceSharing: options.namespaceSharing
        )
        devices = HostPathAllowlist(options.allowedDevices)
        capabilities = Set(options.allowedCapabilities.map(ContainerCreateInspector.normalizeCapability))
    }

    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.isCollection(.libpod, "containers/create")
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a libpod container create must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            for key in root.keys {
                try check(key: key, value: root.value(forKey: key) ?? .null, in: root)
            }
            try checkRequirements(root)
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "libpod container create body passed inspection"))
    }

    /// Fields that only shape the container itself (process, labels, resources, networking inside it).
    static let plainFields: Set<String> = [
        "name", "pod", "entrypoint", "command", "httpproxy", "env", "terminal", "stdin", "labels", "stop_signal",
        "stop_timeout", "timeout", "raw_image_name", "restart_policy", "restart_tries", "systemd", "sdnotifymode",
        "namespace", "hostname", "remove", "containercreatecommand", "timezone", "dependencycontainers",
        "secret_env", "init_container_type", "image", "image_volume_mode", "init", "volumes", "image_volumes",
        "shm_size", "shm_size_systemd", "work_dir", "storage_opts", "rootfs_propagation", "secrets", "volatile",
        "user", "groups", "cap_drop", "no_new_privileges", "read_only_filesystem", "read_write_tmpfs", "umask",
        "mask", "cgroups_mode", "aliases", "static_ip", "static_ipv6", "static_mac", "portmappings",
        "publish_image_ports", "expose", "cni_networks", "networks", "use_image_resolve_conf", "dns_server",
        "dns_search", "dns_option", "use_image_hosts", "hostadd", "network_options", "resource_limits", "r_limits",
        "oom_score_adj", "weightdevice", "throttlereadbpsdevice", "throttlewritebpsdevice",
        "throttlereadiopsdevice", "throttlewriteiopsdevice", "unified", "cpu_period", "cpu_quota", "healthconfig",
        "startuphealthconfig", "health_check_on_failure_action", "manage_password", "passwd_entry", "group_entry",
        "envmerge", "unsetenv", "unsetenvall", "selinux_opts", "apparmor_profile", "seccomp_policy",
        "seccomp_profile_path", "log_configuration", "oci_runtime", "annotations", "idmappings", "privileged",
        "cap_add", "env_host",
    ]

    /// Fields an option opens (checked in `check`, not listed with the plain or host fields).
    static let gatedFields: Set<String> = [
        "mounts", "idmappings", "privileged", "cap_add", "devices", "sysctl", "systemd", "seccomp_profile_path",
        "seccomp_policy", "apparmor_profile", "selinux_opts", "oci_runtime", "log_configuration", "env_host",
        "annotations",
    ]

    /// Fields that name a host path or reach the host: refused whenever they are set.
    static let hostFields: [(String, ReasonCode, String)] = [
        ("rootfs", .containerCreateBindMount, "a host directory as the root filesystem"),
        ("overlay_volumes", .containerCreateBindMount, "overlay volumes on host directories"),
        ("init_path", .containerCreateBindMount, "an init binary from the host"),
        ("chroot_directories", .containerCreateBindMount, "host chroot directories"),
        ("conmon_pid_file", .containerCreateBindMount, "a conmon pid file on the host"),
        ("devices_from", .containerCreateDevices, "another container's devices"),
        ("device_cgroup_rule", .containerCreateDevices, "device cgroup rules"),
        ("host_device_list", .containerCreateDevices, "host devices"),
        ("cgroup_parent", .containerCreateCgroupParent, "a cgroup parent"),
        ("volumes_from", .containerCreateVolumesFrom, "another container's volumes"),
        ("unmask", .containerCreateSystemPaths, "unmasked system paths"),
        ("procfs_opts", .containerCreateSystemPaths, "proc mount options"),
    ]

    private func check(key: String, value: JSONValue, in root: JSONObject) throws(BodyFieldRefusal) {
        let name = key.lowercased()
        if try LibpodSpecFields.checkShared(key: key, name: name, value: value, gates: shared) { return }
        if let (_, code, what) = Self.hostFields.first(where: { $0.0 == name }) {
            if value.isSet { throw BodyFieldRefusal(code, "\(what) are not allowed (\(key))") }
            return
        }
        switch name {
        case "privileged":
            if value == .bool(true) && !options.allowPrivileged {
                throw BodyFieldRefusal(.containerCreatePrivileged, "privileged containers are not allowed (privileged)")
            }
        case "cap_add": try checkCapabilities(value)
        case "devices": try checkDevices(value)
        case "sysctl":
            if value.isSet && !options.allowSysctls {
                throw BodyFieldRefusal(.containerCreateSysctls, "sysctls are not allowed (sysctl)")
            }
        case "systemd": try checkSystemd(value, in: root)
        case "seccomp_profile_path":
            guard case .string(let path) = value, !path.isEmpty else { return }
            if path == "unconfined" ? options.allowUnconfinedSeccomp : options.allowedSeccompProfiles.contains(path) {
                return
            }
            throw BodyFieldRefusal(
                .containerCreateSecurityOpt,
                path == "unconfined"
                    ? "an unconfined seccomp profile is not allowed (seccomp_profile_path)"
                    : "a seccomp profile file is not allowed (seccomp_profile_path)"
            )
        case "seccomp_policy":
            if case .string(let policy) = value, !["", "default"].contains(policy) {
                throw BodyFieldRefusal(.containerCreateSecurityOpt, "seccomp_policy \(policy) is not allowed")
            }
        case "apparmor_profile":
            if case .string(let profile) = value, profile == "unconfined", !options.allowUnconfinedAppArmor {
                throw BodyFieldRefusal(.containerCreateSecurityOpt, "an unconfined AppArmor profile is not allowed")
            }
        case "selinux_opts":
            if case .array(let selinux) = value, selinux.contains(where: { $0 == .string("disable") }),
                !options.allowSelinuxDisable
            {
                throw BodyFieldRefusal(.containerCreateSecurityOpt, "disabling SELinux is not allowed (selinux_opts)")
            }
        case "oci_runtime":
            if case .string(let runtime) = value, !["", "runc", "crun"].contains(runtime) {
                throw BodyFieldRefusal(.containerCreateRuntime, "OCI runtime \(runtime) is not allowed (oci_runtime)")
            }
        case "log_configuration":
            if case .object(let log) = value, log.value(forKey: "path")?.isSet == true {
                throw BodyFieldRefusal(
                    .containerCreateBindMount,
                    "a log file on the host is not allowed (log_configuration.path)"
                )
            }
        case "env_host":
            if value == .bool(true) {
                throw BodyFieldRefusal(
                    .requestBodyInvalidField,
                    "the service's environment is not handed to containers (env_host)"
                )
            }
        case "annotations":
            if case .object(let annotations) = value,
                let other = annotations.keys.first(where: { $0 != "io.kubernetes.cri-o.TTY" })
            {
                throw BodyFieldRefusal(.requestBodyInvalidField, "annotation \(other) is not inspected, so not allowed")
            }
        default:
            guard Self.plainFields.contains(name) else {
                throw BodyFieldRefusal(
                    .requestBodyInvalidField,
                    "field \(key) is not inspected by sockguard, so not allowed"
                )
            }
        }
    }
}
