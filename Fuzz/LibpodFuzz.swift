/// Podman's container and pod creates (`LibpodContainerCreateInspector`, `LibpodPodCreateInspector`): a body
/// decides the same as its re-serialised form; a body that asks for `privileged` (any key case), joins a host
/// namespace or carries a field the inspector does not know is always denied (fail-closed).
enum LibpodFuzz {
    static let inspector = LibpodContainerCreateInspector()
    static let request = InspectedRequest(method: "POST", path: "/libpod/containers/create")
    static let podInspector = LibpodPodCreateInspector()
    static let podRequest = InspectedRequest(method: "POST", path: "/libpod/pods/create")
    static let podFields: Set<String> = LibpodPodCreateInspector.plainFields
        .union(LibpodSpecFields.namespaces.map(\.0))
        .union(LibpodPodCreateInspector.hostFields.map(\.0))
        .union(["mounts", "idmappings", "security_opt"])

    static let knownFields: Set<String> = LibpodContainerCreateInspector.plainFields
        .union(LibpodSpecFields.namespaces.map(\.0))
        .union(LibpodContainerCreateInspector.hostFields.map(\.0))
        .union(LibpodContainerCreateInspector.gatedFields)

    static func check(_ bytes: [UInt8]) {
        guard let body = try? JSONBody(parsing: bytes) else { return }
        let text = JSONFuzz.serialize(body.root)
        guard let again = try? JSONBody(parsing: Array(text.utf8)) else { violated("re-serialised body parses", text) }
        let decision = inspector.inspect(request, body: body)
        guard decision == inspector.inspect(request, body: again) else { violated("same decision", text) }
        let podDecision = podInspector.inspect(podRequest, body: body)
        guard podDecision == podInspector.inspect(podRequest, body: again) else { violated("same pod decision", text) }
        guard case .object(let root) = body.root else { return }
        let joinsHost = LibpodSpecFields.namespaces.contains { name, _ in
            root.keys.contains { key in
                guard key.lowercased() == name, case .object(let namespace)? = root.value(forKey: key) else {
                    return false
                }
                return namespace.value(forKey: "nsmode") == .string("host")
            }
        }
        if case .allow = podDecision {
            if joinsHost { violated("a host namespace is denied in a pod", text) }
            if let unknown = root.keys.first(where: { !podFields.contains($0.lowercased()) }) {
                violated("unknown pod field \(unknown) is denied", text)
            }
        }
        guard case .allow = decision else { return }
        if joinsHost { violated("a host namespace is denied", text) }
        if case .bool(true)? = root.value(forKey: "privileged") { violated("privileged is denied", text) }
        if let unknown = root.keys.first(where: { !knownFields.contains($0.lowercased()) }) {
            violated("unknown field \(unknown) is denied", text)
        }
    }
}
