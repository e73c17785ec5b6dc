/// The JSON reader and the container-create inspector: a body that parses re-serialises to a body that parses to
/// the same value and gets the same decision; a body whose `HostConfig.Privileged` is `true` is always denied.
enum JSONFuzz {
    static let inspector = ContainerCreateInspector()
    static let request = InspectedRequest(method: "POST", path: "/containers/create")

    static func check(_ bytes: [UInt8]) {
        guard let body = try? JSONBody(parsing: bytes) else { return }
        let text = serialize(body.root)
        let again: JSONBody
        do {
            again = try JSONBody(parsing: Array(text.utf8))
        } catch {
            violated("re-serialised body parses", "\(text): \(error)")
        }
        guard again.root == body.root else { violated("round trip", text) }
        let first = inspector.inspect(request, body: body)
        let second = inspector.inspect(request, body: again)
        guard first == second else { violated("same decision", text) }
        if case .bool(true)? = body["HostConfig", "Privileged"], case .allow = first {
            violated("privileged is denied", text)
        }
    }

    static func serialize(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let literal): return literal
        case .string(let string): return JSONString.quote(string)
        case .array(let items): return "[" + items.map(serialize).joined(separator: ",") + "]"
        case .object(let object):
            return "{"
                + object.members.map { JSONString.quote($0.key) + ":" + serialize($0.value) }.joined(separator: ",")
                + "}"
        }
    }
}
