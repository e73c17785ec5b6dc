/// The checks Podman's two SpecGenerator bodies share: a container's (`LibpodContainerCreateInspector`) and a
/// pod's (`LibpodPodCreateInspector`). Both name namespaces, mounts and ID mappings the same way.
enum LibpodSpecFields {
    /// The namespace fields and the reason code of joining the host's.
    static let namespaces: [(String, ReasonCode)] = [
        ("netns", .containerCreateHostNetwork), ("pidns", .containerCreateHostPID), ("ipcns", .containerCreateHostIPC),
        ("utsns", .containerCreateHostUTS), ("userns", .containerCreateHostUserNS),
        ("cgroupns", .containerCreateHostCgroupNS),
    ]

    /// What an inspector's options open in the shared fields; the default opens nothing (a pod has no options).
    struct Gates: Sendable {
        /// Namespace fields (`netns`, ...) whose `host` mode is allowed.
        var hostNamespaces: [String] = []
        var bindMounts = HostPathAllowlist([])
        var customIDMappings = false
        /// `{"nsmode": "container", "value": ref}` against `restrict_namespace_sharing` (a pod's gate is open:
        /// its namespaces are its infra container's).
        var namespaceSharing = NamespaceSharingGate()
    }

    /// Checks `key` (lower-cased as `name`) if it is one of the shared fields: returns false when it is not.
    static func checkShared(
        key: String,
        name: String,
        value: JSONValue,
        gates: Gates = Gates()
    ) throws(BodyFieldRefusal) -> Bool {
        if let (_, code) = namespaces.first(where: { $0.0 == name }) {
            try checkNamespace(
                key,
                value,
                code,
                hostAllowed: gates.hostNamespaces.contains(name),
                sharing: gates.namespaceSharing
            )
            return true
        }
        switch name {
        case "mounts": try checkMounts(value, bindMounts: gates.bindMounts)
        case "idmappings": if !gates.customIDMappings { try checkIDMappings(value) }
        default: return false
        }
        return true
    }

    /// `{"nsmode": "host"}` or `{"nsmode": "path", "value": "/proc/1/ns/net"}` joins the host's namespace.
    /// `host` passes when `hostAllowed`; a namespace by path never does (it can name any process's namespace).
    /// `container` (another container's) passes `sharing`.
    static func checkNamespace(
        _ key: String,
        _ value: JSONValue,
        _ code: ReasonCode,
        hostAllowed: Bool = false,
        sharing: NamespaceSharingGate = NamespaceSharingGate()
    ) throws(BodyFieldRefusal) {
        guard case .object(let namespace) = value, case .string(let mode)? = namespace.value(forKey: "nsmode") else {
            return
        }
        if mode == "host" && hostAllowed { return }
        if mode == "container" {
            let reference = if case .string(let text)? = namespace.value(forKey: "value") { text } else { "" }
            let what = key.lowercased().dropLast(2)  // netns -> net
            try sharing.check(reference, what: String(what), field: "\(key).value \(reference)")
            return
        }
        if mode == "host" || mode == "path" || mode == "ns" {
            throw BodyFieldRefusal(code, "the host's namespace is not allowed (\(key).nsmode \(mode))")
        }
    }

    /// Volumes and tmpfs; a bind only from inside `bindMounts`; any other type that takes a source path reaches the
    /// host and is refused.
    static func checkMounts(_ value: JSONValue, bindMounts: HostPathAllowlist) throws(BodyFieldRefusal) {
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
                if type == "bind", HostPathAllowlist.isAbsolute(source), bindMounts.allows(source) { continue }
                throw BodyFieldRefusal(
                    .containerCreateBindMount,
                    "\(type) mount of host path \"\(source)\" is not allowed (mounts)"
                )
            }
        }
    }

    /// The host's ID mapping (`HostUIDMapping`) is the default; custom maps and an automatic user namespace are
    /// refused unless `allow_custom_id_mappings`.
    static func checkIDMappings(_ value: JSONValue) throws(BodyFieldRefusal) {
        guard case .object(let mappings) = value else { return }
        for key in ["UIDMap", "GIDMap"] where mappings.value(forKey: key)?.isSet == true {
            throw BodyFieldRefusal(.containerCreateHostUserNS, "custom ID mappings are not allowed (idmappings.\(key))")
        }
        if mappings.value(forKey: "AutoUserNs") == .bool(true) {
            throw BodyFieldRefusal(
                .containerCreateHostUserNS,
                "an automatic user namespace is not allowed (idmappings.AutoUserNs)"
            )
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
