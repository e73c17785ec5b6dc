/// `POST /libpod/containers/create`: Podman's own container create, whose body is a SpecGenerator (snake_case,
/// nothing like the Docker API's `HostConfig`). Fail-closed: a field this inspector does not know is refused,
/// so a newer Podman field that reaches the host is never let through unread.
///
/// With no options yet (`request_body.libpod_container_create` is not supported), it refuses what the Docker
/// create inspector refuses by default:
/// - `privileged`;
/// - a host namespace (`nsmode` `host`) or one given by path (`path`), for net, pid, ipc, uts, user and cgroup;
/// - custom user-namespace ID mappings;
/// - host paths: bind and other non-volume `mounts`, `overlay_volumes`, `rootfs`, `init_path`, `chroot_directories`,
///   a log `path`, `conmon_pid_file`, a seccomp profile file;
/// - `devices`, `devices_from`, `device_cgroup_rule`, `host_device_list`;
/// - `cap_add`;
/// - `sysctl`, `cgroup_parent`, `volumes_from`, `unmask`, `procfs_opts`;
/// - an unconfined AppArmor profile, `seccomp_policy: image`, SELinux `disable`;
/// - an OCI runtime other than runc or crun, `env_host`, and annotations beyond Podman's TTY marker.
public struct LibpodContainerCreateInspector: BodyInspector {
    public static let bodyLimit = 1 << 20

    public init() {}

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

    static let namespaces: [(String, ReasonCode)] = [
        ("netns", .containerCreateHostNetwork), ("pidns", .containerCreateHostPID), ("ipcns", .containerCreateHostIPC),
        ("utsns", .containerCreateHostUTS), ("userns", .containerCreateHostUserNS),
        ("cgroupns", .containerCreateHostCgroupNS),
    ]

    /// Fields that name a host path or reach the host: refused whenever they are set.
    static let hostFields: [(String, ReasonCode, String)] = [
        ("rootfs", .containerCreateBindMount, "a host directory as the root filesystem"),
        ("overlay_volumes", .containerCreateBindMount, "overlay volumes on host directories"),
        ("init_path", .containerCreateBindMount, "an init binary from the host"),
        ("chroot_directories", .containerCreateBindMount, "host chroot directories"),
        ("conmon_pid_file", .containerCreateBindMount, "a conmon pid file on the host"),
        ("devices", .containerCreateDevices, "host devices"),
        ("devices_from", .containerCreateDevices, "another container's devices"),
        ("device_cgroup_rule", .containerCreateDevices, "device cgroup rules"),
        ("host_device_list", .containerCreateDevices, "host devices"),
        ("sysctl", .containerCreateSysctls, "sysctls"),
        ("cgroup_parent", .containerCreateCgroupParent, "a cgroup parent"),
        ("volumes_from", .containerCreateVolumesFrom, "another container's volumes"),
        ("unmask", .containerCreateSystemPaths, "unmasked system paths"),
        ("procfs_opts", .containerCreateSystemPaths, "proc mount options"),
    ]

    private func check(key: String, value: JSONValue, in root: JSONObject) throws(BodyFieldRefusal) {
        let name = key.lowercased()
        if let (_, code) = Self.namespaces.first(where: { $0.0 == name }) {
            return try checkNamespace(key, value, code)
        }
        if let (_, code, what) = Self.hostFields.first(where: { $0.0 == name }) {
            if value.isSet { throw BodyFieldRefusal(code, "\(what) are not allowed (\(key))") }
            return
        }
        switch name {
        case "privileged":
            if value == .bool(true) {
                throw BodyFieldRefusal(.containerCreatePrivileged, "privileged containers are not allowed (privileged)")
            }
        case "cap_add":
            if value.isSet {
                throw BodyFieldRefusal(.containerCreateCapabilities, "added capabilities are not allowed (cap_add)")
            }
        case "mounts": try checkMounts(value)
        case "idmappings": try checkIDMappings(value)
        case "seccomp_profile_path":
            if value.isSet {
                throw BodyFieldRefusal(
                    .containerCreateSecurityOpt,
                    "a seccomp profile file is not allowed (seccomp_profile_path)"
                )
            }
        case "seccomp_policy":
            if case .string(let policy) = value, !["", "default"].contains(policy) {
                throw BodyFieldRefusal(.containerCreateSecurityOpt, "seccomp_policy \(policy) is not allowed")
            }
        case "apparmor_profile":
            if case .string(let profile) = value, profile == "unconfined" {
                throw BodyFieldRefusal(.containerCreateSecurityOpt, "an unconfined AppArmor profile is not allowed")
            }
        case "selinux_opts":
            if case .array(let options) = value, options.contains(where: { $0 == .string("disable") }) {
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

    /// `{"nsmode": "host"}` or `{"nsmode": "path", "value": "/proc/1/ns/net"}` joins the host's namespace.
    private func checkNamespace(_ key: String, _ value: JSONValue, _ code: ReasonCode) throws(BodyFieldRefusal) {
        guard case .object(let namespace) = value, case .string(let mode)? = namespace.value(forKey: "nsmode") else {
            return
        }
        if mode == "host" || mode == "path" || mode == "ns" {
            throw BodyFieldRefusal(code, "the host's namespace is not allowed (\(key).nsmode \(mode))")
        }
    }

    /// Only volumes and tmpfs: a bind (or any other type that takes a source path) reaches the host.
    private func checkMounts(_ value: JSONValue) throws(BodyFieldRefusal) {
        guard case .array(let mounts) = value else {
            if value.isSet { throw BodyFieldRefusal.wrongType("mounts", expected: "an array", found: value) }
            return
        }
        for mount in mounts {
            guard case .object(let object) = mount else {
                throw .wrongType("mounts[]", expected: "an object", found: mount)
            }
            let type =
                object.value(forKey: "type").flatMap { if case .string(let text) = $0 { text } else { nil } } ?? "bind"
            guard ["volume", "tmpfs"].contains(type) else {
                let source =
                    object.value(forKey: "source").flatMap { if case .string(let text) = $0 { text } else { nil } }
                    ?? ""
                throw BodyFieldRefusal(
                    .containerCreateBindMount,
                    "\(type) mount of host path \"\(source)\" is not allowed (mounts)"
                )
            }
        }
    }

    /// The host's ID mapping (`HostUIDMapping`) is the default; custom maps or an automatic user namespace are not.
    private func checkIDMappings(_ value: JSONValue) throws(BodyFieldRefusal) {
        guard case .object(let mappings) = value else { return }
        for key in ["UIDMap", "GIDMap"] where mappings.value(forKey: key)?.isSet == true {
            throw BodyFieldRefusal(.containerCreateHostUserNS, "custom ID mappings are not allowed (idmappings.\(key))")
        }
    }
}

extension JSONValue {
    /// Present with a value: not null, false, an empty string, an empty array or an empty object.
    var isSet: Bool {
        switch self {
        case .null, .bool(false): false
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let object): !object.keys.isEmpty
        default: true
        }
    }
}
