/// Podman's container create (`LibpodContainerCreateInspector`): a body decides the same as its re-serialised
/// form; a body that asks for `privileged` (any key case) or carries a field the inspector does not know is
/// always denied (fail-closed).
enum LibpodFuzz {
    static let inspector = LibpodContainerCreateInspector()
    static let request = InspectedRequest(method: "POST", path: "/libpod/containers/create")

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
        guard case .allow = decision, case .object(let root) = body.root else { return }
        if case .bool(true)? = root.value(forKey: "privileged") { violated("privileged is denied", text) }
        if let unknown = root.keys.first(where: { !knownFields.contains($0.lowercased()) }) {
            violated("unknown field \(unknown) is denied", text)
        }
    }
}
