/// Rewrites successful JSON answers of known shapes (`ResponseShape`) by `ResponseRedaction`: secret values
/// replaced, invisible resources left out of lists or answered as not found. Built once per configuration; the
/// rules of every shape are ready before the first request.
public struct ResponseRedactor: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The body to send instead of the daemon's.
        case body([UInt8])
        /// Nothing needed rewriting: the daemon's body goes out as it is.
        case unchanged
        /// A single resource the client may not see: answer 404.
        case hidden
    }

    public let options: ResponseRedaction
    private let rules: [ResponseShape: RewriteRule]
    /// Per shape, `"<key>"` for each of its rule's `triggerKeys`.
    private let triggers: [ResponseShape: [[UInt8]]]

    public init(_ options: ResponseRedaction) {
        self.options = options
        var rules: [ResponseShape: RewriteRule] = [:]
        for shape in ResponseShape.allCases {
            let rule = Self.rule(for: shape, options)
            if !rule.isEmpty || options.hides(in: shape) {
                rules[shape] = rule
            }
        }
        self.rules = rules
        // The quoted name alone: JSON allows blanks before the colon (`"Env" :`), so the colon is not looked for.
        self.triggers = rules.mapValues { rule in rule.triggerKeys.map { Array("\"\($0)\"".utf8) } }
    }

    /// The shape of the answer to rewrite for this request, or nil when it is relayed untouched.
    public func shape(method: String, endpoint: DockerEndpoint) -> ResponseShape? {
        guard !rules.isEmpty, let shape = ResponseShape(method: method, endpoint: endpoint), rules[shape] != nil else {
            return nil
        }
        return shape
    }

    /// Rewrites a successful answer of `shape`. Throws when it is not JSON of that shape: the caller must then
    /// answer 502 rather than send what it could not check.
    ///
    /// Fast path: when no resource of the shape can be hidden, an answer whose outer brackets fit the shape, that
    /// mentions none of the members the rules rewrite (`"Source"`, `"Env"`, ...; Go writes member names as they
    /// are) and that has no `\u` escape (which could spell one) is sent unchanged without being parsed: there is
    /// nothing in it to redact. Anything else is parsed in full, so an unreadable answer that could hold such a
    /// member is refused.
    ///
    /// With `hidesObjects` false (warn and audit mode), an invisible single object is redacted and sent instead.
    public func rewrite(
        _ bytes: [UInt8],
        shape: ResponseShape,
        hidesObjects: Bool = true
    ) throws(JSONBodyError) -> Outcome {
        let hides = options.hides(in: shape)
        if !hides, Self.bracketsFit(bytes, shape), !Self.hasUnicodeEscape(bytes),
            !Self.mentionsAny(bytes, triggers[shape] ?? [])
        {
            return .unchanged
        }
        var parser = JSONParser(bytes: bytes, maxDepth: JSONBody.maxDepth, allowsDuplicateKeys: true)
        let document = try parser.parseDocument()
        var writer = JSONRewriter(document: document)
        let rule = rules[shape] ?? RewriteRule()
        let root = document.nodes[0]
        switch shape.layout {
        case .single:
            guard root.kind == .object else { throw JSONBodyError("expected an object") }
            if hides, hidesObjects, !options.isVisible(document, node: 0, shape: shape) { return .hidden }
            try writer.write(0, rule: rule)
        case .list, .listInMember:
            var list = 0
            var rule = rule
            if case .listInMember(let member) = shape.layout {
                guard root.kind == .object, let found = document.member(member, of: 0) else {
                    throw JSONBodyError("expected an object with \(member)")
                }
                list = found
                // The writer must reach the list even when nothing in it is redacted, to filter it.
                if rule.children[.key(member)] == nil { rule.children[.key(member)] = RewriteRule() }
            }
            // `{"Volumes": null}` when there are none.
            guard document.nodes[list].kind == .array || (list != 0 && document.nodes[list].kind == .null) else {
                throw JSONBodyError("expected a list")
            }
            if hides, document.nodes[list].kind == .array {
                writer.filteredArray = list
                let options = options
                writer.keep = { element in options.isVisible(document, node: element, shape: shape) }
            }
            try writer.write(0, rule: rule)
        case .notResources:
            guard root.kind == .object else { throw JSONBodyError("expected an object") }
            try writer.write(0, rule: rule)
        }
        guard writer.changed else { return .unchanged }
        if document.bytes.last == UInt8(ascii: "\n") {
            // dockerd ends its JSON with a newline; so does the rewritten answer.
            writer.output.append(UInt8(ascii: "\n"))
        }
        return .body(writer.output)
    }

    /// Whether the first and last non-blank bytes are the brackets of the shape's outer value.
    static func bracketsFit(_ bytes: [UInt8], _ shape: ResponseShape) -> Bool {
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.first(where: { !isBlank($0) }), let last = bytes.last(where: { !isBlank($0) }) else {
            return false
        }
        if case .list = shape.layout { return first == UInt8(ascii: "[") && last == UInt8(ascii: "]") }
        return first == UInt8(ascii: "{") && last == UInt8(ascii: "}")
    }

    /// Whether `bytes` hold a `\u` escape, which could spell a member name the fast path looks for (`"\u0045nv":`).
    static func hasUnicodeEscape(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count > 1 else { return false }
            for index in 0..<(buffer.count - 1) where buffer[index] == UInt8(ascii: "\\") {
                if buffer[index + 1] == UInt8(ascii: "u") { return true }
            }
            return false
        }
    }

    /// Whether any pattern (each starting with `"`) occurs in `bytes`.
    static func mentionsAny(_ bytes: [UInt8], _ patterns: [[UInt8]]) -> Bool {
        guard !patterns.isEmpty else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] == UInt8(ascii: "\"") {
                    for pattern in patterns where index + pattern.count <= buffer.count {
                        if UnsafeBufferPointer(rebasing: buffer[index..<(index + pattern.count)]).elementsEqual(pattern)
                        {
                            return true
                        }
                    }
                }
                index += 1
            }
            return false
        }
    }
}
