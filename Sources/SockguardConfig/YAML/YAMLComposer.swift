import CYAML

/// A YAML text that does not compose into one document: libyaml's problem, or one of ours (a duplicate key,
/// an unknown alias, more than one document), with the 1-based line where it was found.
struct YAMLSyntaxError: Error, Equatable {
    var problem: String
    var line: Int?
}

/// Composes a YAML text into a `YAMLNode` tree from libyaml's event stream. Refuses what Yams refused (more
/// than one document, a duplicate key in a mapping) and bounds what aliases can expand to, so a small file of
/// nested aliases (the "billion laughs") cannot make the readers walk millions of nodes.
struct YAMLComposer {
    /// Nodes a document may hold once its aliases are expanded.
    static let nodeLimit = 100_000

    private enum Frame {
        case sequence(items: [YAMLNode], anchor: String?)
        case mapping(pairs: [(key: YAMLNode, value: YAMLNode)], key: YAMLNode?, keys: Set<String>, anchor: String?)
    }

    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var sizes: [Int] = []
    private var root: YAMLNode?
    private var documents = 0
    private var nodes = 0

    /// The document's root; nil for an empty text (or one holding only comments).
    static func compose(_ text: String) throws(YAMLSyntaxError) -> YAMLNode? {
        // libyaml asserts that its input pointer is not null, which an empty buffer's may be.
        if text.isEmpty { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw YAMLSyntaxError(problem: "out of memory") }
        defer { yaml_parser_delete(&parser) }
        var composer = YAMLComposer()
        let bytes = Array(text.utf8)
        let outcome = bytes.withUnsafeBufferPointer { buffer -> Result<Void, YAMLSyntaxError> in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            return Result { () throws(YAMLSyntaxError) in try composer.consume(&parser) }
        }
        try outcome.get()
        return composer.root
    }

    /// Reads events until the stream ends.
    private mutating func consume(_ parser: inout yaml_parser_t) throws(YAMLSyntaxError) {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.parserError(parser) }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return }
            try handle(event)
        }
    }

    private static func parserError(_ parser: yaml_parser_t) -> YAMLSyntaxError {
        var problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        if let context = parser.context { problem = "\(String(cString: context)): \(problem)" }
        return YAMLSyntaxError(problem: problem, line: Int(parser.problem_mark.line) + 1)
    }

    private mutating func handle(_ event: yaml_event_t) throws(YAMLSyntaxError) {
        let line = Int(event.start_mark.line) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            guard documents == 1 else {
                throw YAMLSyntaxError(problem: "expected a single document, found a second one", line: line)
            }
        case YAML_SCALAR_EVENT:
            let scalar = try Self.scalar(of: event, line: line)
            try add(.scalar(scalar), size: 1, anchor: Self.text(event.data.scalar.anchor), line: line)
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                throw YAMLSyntaxError(problem: "unknown alias \"*\(name)\"", line: line)
            }
            try add(anchored.node, size: anchored.size, anchor: nil, line: line)
        case YAML_SEQUENCE_START_EVENT:
            try Self.checkCollectionTag(event.data.sequence_start.tag, expected: "seq", line: line)
            stack.append(.sequence(items: [], anchor: Self.text(event.data.sequence_start.anchor)))
            sizes.append(1)
        case YAML_MAPPING_START_EVENT:
            try Self.checkCollectionTag(event.data.mapping_start.tag, expected: "map", line: line)
            stack.append(.mapping(pairs: [], key: nil, keys: [], anchor: Self.text(event.data.mapping_start.anchor)))
            sizes.append(1)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let size = sizes.removeLast()
            switch stack.removeLast() {
            case .sequence(let items, let anchor):
                try add(.sequence(items), size: size, anchor: anchor, line: line, counted: true)
            case .mapping(let pairs, _, _, let anchor):
                try add(.mapping(pairs), size: size, anchor: anchor, line: line, counted: true)
            }
        default:
            break  // stream start, document end
        }
    }

    /// Places a finished node in the collection being built, or makes it the root.
    private mutating func add(
        _ node: YAMLNode,
        size: Int,
        anchor: String?,
        line: Int,
        counted: Bool = false
    ) throws(YAMLSyntaxError) {
        if !counted {
            nodes += size
            guard nodes <= Self.nodeLimit else {
                throw YAMLSyntaxError(
                    problem: "more than \(Self.nodeLimit) nodes once aliases are expanded",
                    line: line
                )
            }
        }
        if let anchor { anchors[anchor] = (node, size) }
        guard let top = stack.popLast() else {
            root = node
            return
        }
        sizes[sizes.count - 1] += size
        switch top {
        case .sequence(var items, let anchor):
            items.append(node)
            stack.append(.sequence(items: items, anchor: anchor))
        case .mapping(let pairs, .none, var keys, let anchor):
            if let text = node.string, !keys.insert(text).inserted {
                throw YAMLSyntaxError(problem: "duplicate key \"\(text)\"", line: line)
            }
            stack.append(.mapping(pairs: pairs, key: node, keys: keys, anchor: anchor))
        case .mapping(var pairs, let key?, let keys, let anchor):
            pairs.append((key, node))
            stack.append(.mapping(pairs: pairs, key: nil, keys: keys, anchor: anchor))
        }
    }

    private static func scalar(of event: yaml_event_t, line: Int) throws(YAMLSyntaxError) -> YAMLNode.Scalar {
        let data = event.data.scalar
        let bytes = UnsafeBufferPointer(start: data.value, count: data.length)
        let string = String(decoding: bytes, as: UTF8.self)
        let style: YAMLNode.Scalar.Style = data.style == YAML_PLAIN_SCALAR_STYLE ? .plain : .quoted
        guard let written = text(data.tag) else { return YAMLNode.Scalar(string, style: style) }
        let tags: [String: YAMLNode.Scalar.Tag] = [
            "!": .string, "str": .string, "bool": .boolean, "int": .integer, "float": .float, "null": .null,
        ]
        let name = written.hasPrefix(coreTagPrefix) ? String(written.dropFirst(coreTagPrefix.count)) : written
        guard let tag = tags[name] else {
            throw YAMLSyntaxError(problem: "unsupported tag \"\(written)\"", line: line)
        }
        return YAMLNode.Scalar(string, style: style, tag: tag)
    }

    private static let coreTagPrefix = "tag:yaml.org,2002:"

    /// A sequence or mapping may only carry its own core tag (`!!seq`, `!!map`); `!!set`, `!!omap` and
    /// application tags would change what the node means, and no key of sockguard's takes them.
    private static func checkCollectionTag(
        _ tag: UnsafeMutablePointer<yaml_char_t>?,
        expected: String,
        line: Int
    ) throws(YAMLSyntaxError) {
        guard let written = text(tag), written != coreTagPrefix + expected, written != "!" else { return }
        throw YAMLSyntaxError(problem: "unsupported tag \"\(written)\"", line: line)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
