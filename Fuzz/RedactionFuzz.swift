/// Response redaction (`ResponseRedactor`, the defaults: env values, mount sources, bind host paths, addresses): an
/// answer it accepts comes out as JSON in which no redacted member still holds an input value, however the daemon
/// escaped it; rewriting its own output changes nothing; an answer it cannot read is an error, never passed on.
enum RedactionFuzz {
    static let redactor = ResponseRedactor(ResponseRedaction())

    static func check(_ bytes: [UInt8]) {
        for shape in [ResponseShape.containerInspect, .containerList] {
            let output: [UInt8]
            switch try? redactor.rewrite(bytes, shape: shape) {
            case nil: continue
            case .hidden?: violated("nothing is hidden without visibility", String(decoding: bytes, as: UTF8.self))
            case .unchanged?: output = bytes
            case .body(let rewritten)?: output = rewritten
            }
            var parser = JSONParser(bytes: output, maxDepth: JSONBody.maxDepth, allowsDuplicateKeys: true)
            guard let document = try? parser.parseDocument() else {
                // Only an answer that names no redacted member may pass unread (the fast path).
                if case .unchanged? = try? redactor.rewrite(bytes, shape: shape), !mentionsRedactedMember(bytes) {
                    continue
                }
                violated("the rewritten answer is JSON", String(decoding: output, as: UTF8.self))
            }
            walk(document, 0, []) { path, node in
                let relative = shape == .containerList ? Array(path.dropFirst()) : path
                guard document.nodes[node].kind == .string else { return }
                let value = document.string(at: node)
                // As bytes: dockerd splits at the `=` byte, whatever grapheme it is part of.
                let utf8 = Array(value.utf8)
                if relative == ["Config", "Env", "[]"], let equals = utf8.firstIndex(of: UInt8(ascii: "=")),
                    !utf8[(equals + 1)...].elementsEqual("<redacted>".utf8)
                {
                    violated("env values are redacted", value)
                }
                if relative == ["HostConfig", "Binds", "[]"], utf8.first == UInt8(ascii: "/") {
                    violated("bind host paths are redacted", value)
                }
                if relative == ["Mounts", "[]", "Source"]
                    || (relative.count == 3 && relative[0] == "GraphDriver"
                        && relative[1] == "Data"),
                    !value.isEmpty, value != "<redacted>"
                {
                    violated("host paths are redacted", value)
                }
            }
            switch try? redactor.rewrite(output, shape: shape) {
            case .unchanged?: break
            case .body(let again)? where again == output: break
            default: violated("rewriting the output changes nothing", String(decoding: output, as: UTF8.self))
            }
        }
    }

    /// Whether `bytes` could name a member the default rules redact: its quoted name, or any `\u` escape.
    static func mentionsRedactedMember(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return ["\"Env\"", "\"Binds\"", "\"Source\"", "\"Data\"", "\\u"].contains { text.contains($0) }
    }

    /// Calls `visit` with the path (member names, `[]` for array elements) of every node under `node`.
    static func walk(_ document: JSONDocument, _ node: Int, _ path: [String], _ visit: ([String], Int) -> Void) {
        visit(path, node)
        let current = document.nodes[node]
        switch current.kind {
        case .object:
            var key = node + 1
            for _ in 0..<current.count {
                walk(document, key + 1, path + [document.string(at: key)], visit)
                key = document.nodes[key + 1].next
            }
        case .array:
            var element = node + 1
            for _ in 0..<current.count {
                walk(document, element, path + ["[]"], visit)
                element = document.nodes[element].next
            }
        default:
            break
        }
    }
}
