/// Rewrites successful JSON answers of known shapes (`ResponseShape`) by `ResponseRedaction`: secret values
/// replaced, invisible resources left out of lists or answered as not found. Built once per configuration; the
/// rules of every shape are ready before the first request.
public struct ResponseRedactor: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The body to send instead of the daemon's.
        case body([UInt8])
        /// A single resource the client may not see: answer 404.
        case hidden
    }

    public let options: ResponseRedaction
    private let rules: [ResponseShape: RewriteRule]

    public init(_ options: ResponseRedaction) {
        self.options = options
        var rules: [ResponseShape: RewriteRule] = [:]
        for shape in ResponseShape.allCases {
            let rule = Self.rule(for: shape, options)
            if !rule.isEmpty || (!options.visibleResourceLabels.isEmpty && shape.labelsPath != nil) {
                rules[shape] = rule
            }
        }
        self.rules = rules
    }

    /// The shape of the answer to rewrite for this request, or nil when it is relayed untouched.
    public func shape(method: String, path: String) -> ResponseShape? {
        guard !rules.isEmpty, let shape = ResponseShape(method: method, path: path), rules[shape] != nil else {
            return nil
        }
        return shape
    }

    /// Rewrites a successful answer of `shape`. Throws when it is not JSON of that shape: the caller must then
    /// answer 502 rather than send what it could not check.
    public func rewrite(_ body: some Collection<UInt8>, shape: ResponseShape) throws(JSONBodyError) -> Outcome {
        var parser = JSONParser(bytes: Array(body), maxDepth: JSONBody.maxDepth, allowsDuplicateKeys: true)
        let document = try parser.parseDocument()
        var writer = JSONRewriter(document: document)
        let rule = rules[shape] ?? RewriteRule()
        let selectors = options.visibleResourceLabels
        let root = document.nodes[0]
        switch shape.layout {
        case .single:
            guard root.kind == .object else { throw JSONBodyError("expected an object") }
            if let path = shape.labelsPath, !selectors.isEmpty {
                let labels = document.labels(at: path, of: 0)
                if !selectors.allSatisfy({ $0.matches(labels) }) { return .hidden }
            }
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
            if let path = shape.labelsPath, !selectors.isEmpty, document.nodes[list].kind == .array {
                writer.filteredArray = list
                writer.keep = { element in
                    let labels = document.labels(at: path, of: element)
                    return selectors.allSatisfy { $0.matches(labels) }
                }
            }
            try writer.write(0, rule: rule)
        case .notResources:
            guard root.kind == .object else { throw JSONBodyError("expected an object") }
            try writer.write(0, rule: rule)
        }
        return .body(writer.output)
    }
}
