/// Every JSON body inspector the registry routes to (`InspectorRegistry.inspection`), with the default options: the
/// input's first byte picks the endpoint, the rest is the body. A body decides the same as its re-serialised form,
/// deciding twice gives the same answer, and an endpoint the registry routes is always one of the table's.
enum InspectorsFuzz {
    static let registry = InspectorRegistry()

    /// Every POST endpoint whose body is inspected as JSON.
    static let endpoints = [
        "/containers/create", "/volumes/create", "/networks/create", "/networks/n1/connect",
        "/networks/n1/disconnect", "/containers/c1/update", "/containers/c1/exec", "/services/create",
        "/services/s1/update", "/swarm/init", "/swarm/join", "/swarm/update", "/swarm/unlock", "/nodes/n1/update",
        "/secrets/create", "/configs/create", "/plugins/pull", "/plugins/p1/upgrade", "/plugins/p1/set",
        "/libpod/containers/create", "/libpod/pods/create",
    ]

    static func check(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let path = endpoints[Int(selector) % endpoints.count]
        guard let inspector = registry.inspector(method: "POST", path: path) else {
            violated("the registry inspects every JSON endpoint", path)
        }
        let request = InspectedRequest(method: "POST", path: path)
        guard let body = try? JSONBody(parsing: Array(bytes.dropFirst())) else { return }
        let text = JSONFuzz.serialize(body.root)
        guard let again = try? JSONBody(parsing: Array(text.utf8)) else { violated("re-serialised body parses", text) }
        let decision = inspector.inspect(request, body: body)
        guard decision == inspector.inspect(request, body: body) else { violated("deterministic on \(path)", text) }
        guard decision == inspector.inspect(request, body: again) else { violated("same decision on \(path)", text) }
    }
}
