/// `POST /libpod/pods/create`: Podman's pod create, whose body is a PodSpecGenerator. Every container that joins
/// the pod shares its namespaces, so a pod on the host's network or PID namespace hands them to containers whose
/// own create asks for nothing. Fail-closed like `LibpodContainerCreateInspector`: a field this inspector does not
/// know is refused.
///
/// It refuses:
/// - a host namespace (`nsmode` `host`, `path` or `ns`) for net, pid, ipc, uts, user and cgroup;
/// - custom user-namespace ID mappings;
/// - bind and other non-volume `mounts`, `overlay_volumes`, `volumes_from`;
/// - `pod_devices`, `sysctl`, `cgroup_parent`, `infra_conmon_pid_file` (a file on the host);
/// - `security_opt` other than `no-new-privileges` (it could disable SELinux, seccomp or AppArmor).
public struct LibpodPodCreateInspector: BodyInspector {
    public static let bodyLimit = 1 << 20

    public init() {}

    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.isCollection(.libpod, "pods/create")
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a libpod pod create must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            for key in root.keys {
                try check(key: key, value: root.value(forKey: key) ?? .null)
            }
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "libpod pod create body passed inspection"))
    }

    /// Fields that only shape the pod itself: its name, infra container, networking inside it, resources.
    static let plainFields: Set<String> = [
        "name", "hostname", "labels", "no_infra", "infra_command", "infra_image", "infra_name", "shared_namespaces",
        "share_parent", "pod_create_command", "exit_policy", "restart_policy", "restart_tries", "service_container_id",
        "static_ip", "static_ipv6", "static_mac", "portmappings", "cni_networks", "networks", "network_options",
        "no_manage_resolv_conf", "dns_server", "dns_search", "dns_option", "no_manage_hosts", "hostadd",
        "volumes", "image_volumes", "resource_limits", "cpu_period", "cpu_quota", "throttlereadbpsdevice",
        "shm_size", "shm_size_systemd",
    ]

    /// Fields that reach the host: refused whenever they are set.
    static let hostFields: [(String, ReasonCode, String)] = [
        ("overlay_volumes", .containerCreateBindMount, "overlay volumes on host directories"),
        ("volumes_from", .containerCreateVolumesFrom, "another container's volumes"),
        ("infra_conmon_pid_file", .containerCreateBindMount, "a conmon pid file on the host"),
        ("pod_devices", .containerCreateDevices, "host devices"),
        ("sysctl", .containerCreateSysctls, "sysctls"),
        ("cgroup_parent", .containerCreateCgroupParent, "a cgroup parent"),
    ]

    private func check(key: String, value: JSONValue) throws(BodyFieldRefusal) {
        let name = key.lowercased()
        if try LibpodSpecFields.checkShared(key: key, name: name, value: value) { return }
        if let (_, code, what) = Self.hostFields.first(where: { $0.0 == name }) {
            if value.isSet { throw BodyFieldRefusal(code, "\(what) are not allowed in a pod (\(key))") }
            return
        }
        if name == "security_opt" { return try checkSecurityOptions(value) }
        guard Self.plainFields.contains(name) else {
            throw BodyFieldRefusal(
                .requestBodyInvalidField,
                "field \(key) is not inspected by sockguard, so not allowed"
            )
        }
    }

    /// Only `no-new-privileges` (which restricts): `label=disable`, `seccomp=unconfined`, `apparmor=unconfined`,
    /// `unmask=...` and the like loosen every container of the pod.
    private func checkSecurityOptions(_ value: JSONValue) throws(BodyFieldRefusal) {
        guard case .array(let options) = value else {
            if value.isSet { throw BodyFieldRefusal.wrongType("security_opt", expected: "an array", found: value) }
            return
        }
        for option in options {
            guard case .string(let text) = option else {
                throw BodyFieldRefusal.wrongType("security_opt[]", expected: "a string", found: option)
            }
            guard ["no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"].contains(text) else {
                throw BodyFieldRefusal(.containerCreateSecurityOpt, "security option \(text) is not allowed in a pod")
            }
        }
    }
}
