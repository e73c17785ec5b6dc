/// Writes a parsed response back out with the members a `RewriteRule` names rewritten and, in arrays a filter
/// applies to, some elements left out. Everything else is copied as the daemon wrote it.
struct JSONRewriter {
    let document: JSONDocument
    var output: [UInt8] = []
    /// The array whose elements `keep` decides on (a list of resources), if any.
    var filteredArray: Int?
    var keep: (Int) -> Bool = { _ in true }
    /// Whether anything was replaced or left out; when not, the daemon's bytes can be sent as they are.
    private(set) var changed = false

    init(document: JSONDocument) {
        self.document = document
        output.reserveCapacity(document.bytes.count)
    }

    /// Writes the value at `index`.
    /// A value the rule redacts that is neither a string nor null is an answer of a shape sockguard does not
    /// know: it throws rather than let the value through.
    mutating func write(_ index: Int, rule: RewriteRule) throws(JSONBodyError) {
        let node = document.nodes[index]
        if let action = rule.action {
            switch node.kind {
            case .string:
                writeRedacted(node, action)
                return
            case .null:
                break
            default:
                throw JSONBodyError("a value to redact at offset \(node.start) is not a string")
            }
        }
        if !rule.children.isEmpty, node.kind != .null {
            // A container the rule reaches into must be the kind the rule expects.
            let expectsArray = rule.children.keys.contains(.element)
            guard node.kind == (expectsArray ? .array : .object) else {
                throw JSONBodyError("expected an \(expectsArray ? "array" : "object") at offset \(node.start)")
            }
        }
        switch node.kind {
        case .object where !rule.children.isEmpty:
            output.append(UInt8(ascii: "{"))
            var keyNode = index + 1
            for member in 0..<node.count {
                if member > 0 { output.append(UInt8(ascii: ",")) }
                let key = document.nodes[keyNode]
                output.append(contentsOf: document.bytes[key.start..<key.end])
                output.append(UInt8(ascii: ":"))
                if let child = child(of: rule, forKeyAt: keyNode) {
                    try write(keyNode + 1, rule: child)
                } else {
                    copy(keyNode + 1)
                }
                keyNode = document.nodes[keyNode + 1].next
            }
            output.append(UInt8(ascii: "}"))
        case .array where rule.children[.element] != nil || index == filteredArray:
            let child = rule.children[.element]
            let filtered = index == filteredArray
            output.append(UInt8(ascii: "["))
            var element = index + 1
            var written = 0
            for _ in 0..<node.count {
                let kept = !filtered || keep(element)
                changed = changed || !kept
                if kept {
                    if written > 0 { output.append(UInt8(ascii: ",")) }
                    written += 1
                    if let child { try write(element, rule: child) } else { copy(element) }
                }
                element = document.nodes[element].next
            }
            output.append(UInt8(ascii: "]"))
        default:
            copy(index)
        }
    }

    /// The rule for the member whose key is at `keyNode`.
    private func child(of rule: RewriteRule, forKeyAt keyNode: Int) -> RewriteRule? {
        for (step, child) in rule.children {
            if case .key(let name) = step, document.key(at: keyNode, is: name) { return child }
        }
        return rule.children[.anyKey]
    }

    private mutating func copy(_ index: Int) {
        let node = document.nodes[index]
        output.append(contentsOf: document.bytes[node.start..<node.end])
    }

    /// Works on the string's JSON text (quotes included): a separator (`=`, `:`) Go writes unescaped, so the
    /// first one in the text is the first one in the value, and nothing after it is copied.
    /// A string with escapes is judged on its decoded value instead (`\u003d` is an `=`, `\/` a `/`) and written back
    /// quoted: what is redacted never depends on how the daemon chose to escape it.
    private mutating func writeRedacted(_ node: JSONDocument.Node, _ action: RedactionAction) {
        let written = output.count
        defer { changed = changed || !output[written...].elementsEqual(document.bytes[node.start..<node.end]) }
        if node.count >= 0 {
            let decoded = JSONDocument.string(node, bytes: document.bytes, decodedStrings: document.decodedStrings)
            output.append(contentsOf: JSONString.quote(Self.redacted(decoded, action)).utf8)
            return
        }
        let text = document.bytes[node.start + 1..<node.end - 1]
        output.append(UInt8(ascii: "\""))
        switch action {
        case .envValue:
            if let equals = text.firstIndex(of: UInt8(ascii: "=")) {
                output.append(contentsOf: text[...equals])
                output.append(contentsOf: RedactionAction.marker)
            } else {
                output.append(contentsOf: text)
            }
        case .bindSource:
            if text.first == UInt8(ascii: "/"), let colon = text.firstIndex(of: UInt8(ascii: ":")) {
                output.append(contentsOf: RedactionAction.marker)
                output.append(contentsOf: text[colon...])
            } else if text.first == UInt8(ascii: "/") {
                output.append(contentsOf: RedactionAction.marker)
            } else {
                output.append(contentsOf: text)
            }
        case .hostPath:
            if !text.isEmpty { output.append(contentsOf: RedactionAction.marker) }
        case .empty:
            break
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `value` redacted as `action` says (the decoded form of `writeRedacted`). Separators are found as bytes, as
    /// dockerd splits `NAME=value` and `src:dst`: a `=` behind a combining or prepended mark is still an `=`, where a
    /// search by `Character` would see one grapheme and miss it.
    static func redacted(_ value: String, _ action: RedactionAction) -> String {
        let bytes = Array(value.utf8)
        switch action {
        case .envValue:
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return value }
            return String(decoding: bytes[...equals] + RedactionAction.marker, as: UTF8.self)
        case .bindSource:
            guard bytes.first == UInt8(ascii: "/") else { return value }
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
                return String(decoding: RedactionAction.marker, as: UTF8.self)
            }
            return String(decoding: RedactionAction.marker + bytes[colon...], as: UTF8.self)
        case .hostPath:
            return bytes.isEmpty ? "" : String(decoding: RedactionAction.marker, as: UTF8.self)
        case .empty:
            return ""
        }
    }
}
