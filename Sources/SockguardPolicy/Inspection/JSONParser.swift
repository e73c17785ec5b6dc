/// The recursive-descent reader behind `JSONBody` (RFC 8259, plus the refusals `JSONBody` documents). It checks
/// the whole body and records it as `JSONDocument` nodes. Recursion is bounded by `maxDepth`, so a hostile body
/// cannot exhaust the stack.
struct JSONParser {
    let bytes: [UInt8]
    private let maxDepth: Int
    /// Daemon responses only: Go writes a map's keys as they are (labels `a` and `A` are two keys), and a
    /// response is rewritten member by member, so it needs no refusal of case-variant keys.
    let allowsDuplicateKeys: Bool
    var index = 0
    var nodes: [JSONDocument.Node] = []
    var decodedStrings: [String] = []
    /// The key nodes of every object being read, outermost object first, and their `keyHash`es (see +Keys).
    var openKeys: [Int] = []
    var openKeyHashes: [UInt64] = []

    init(bytes: [UInt8], maxDepth: Int, allowsDuplicateKeys: Bool = false) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.allowsDuplicateKeys = allowsDuplicateKeys
        // Docker's bodies have about one node per 10 bytes; a large body grows the array as it needs.
        nodes.reserveCapacity(min(bytes.count / 8, 4096))
        openKeys.reserveCapacity(128)
        openKeyHashes.reserveCapacity(128)
    }

    mutating func parseDocument() throws(JSONBodyError) -> JSONDocument {
        guard bytes.count < Int32.max else { throw JSONBodyError("body is 2 GiB or larger") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw JSONBodyError("body starts with a UTF-8 byte order mark")
        }
        skipWhitespace()
        guard index < bytes.count else { throw JSONBodyError("body is empty") }
        try parseValue(openContainers: 0)
        skipWhitespace()
        guard index == bytes.count else {
            throw JSONBodyError("unexpected data after the JSON value at offset \(index)")
        }
        return JSONDocument(bytes: bytes, nodes: nodes, decodedStrings: decodedStrings)
    }

    private mutating func parseValue(openContainers: Int) throws(JSONBodyError) {
        guard index < bytes.count else { throw JSONBodyError("unexpected end of body") }
        let start = index
        let kind: JSONDocument.Node.Kind
        switch bytes[index] {
        case .openBrace: return try parseObject(depth: openContainers + 1)
        case .openBracket: return try parseArray(depth: openContainers + 1)
        case .quote:
            try parseStringNode()
            return
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            kind = .true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            kind = .false
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            kind = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try parseNumber()
            kind = .number
        default: throw unexpectedByte()
        }
        nodes.append(JSONDocument.Node(kind: kind, start: start, end: index, next: nodes.count + 1))
    }

    /// A string value or key: one node, with the decoded text kept aside when it has escapes.
    @discardableResult
    mutating func parseStringNode() throws(JSONBodyError) -> Int {
        let start = index
        var node = JSONDocument.Node(kind: .string, start: start, end: start, next: nodes.count + 1)
        if let decoded = try parseString() {
            node.count = decodedStrings.count
            decodedStrings.append(decoded)
        }
        node.end = index
        nodes.append(node)
        return nodes.count - 1
    }

    private mutating func parseObject(depth: Int) throws(JSONBodyError) {
        guard depth <= maxDepth else { throw JSONBodyError("JSON nests deeper than \(maxDepth) levels") }
        let object = nodes.count
        nodes.append(JSONDocument.Node(kind: .object, start: index, end: index, next: object + 1))
        index += 1
        var keys = ObjectKeys(first: openKeys.count)
        defer {
            openKeys.removeSubrange(keys.first...)
            openKeyHashes.removeSubrange(keys.first...)
        }
        skipWhitespace()
        if peekByte() != .closeBrace {
            while true {
                skipWhitespace()
                guard peekByte() == .quote else { throw unexpectedByte(expecting: "an object key") }
                try parseKey(into: &keys)
                skipWhitespace()
                guard peekByte() == .colon else { throw unexpectedByte(expecting: "\":\"") }
                index += 1
                skipWhitespace()
                try parseValue(openContainers: depth)
                skipWhitespace()
                if peekByte() == .closeBrace { break }
                guard peekByte() == .comma else { throw unexpectedByte(expecting: "\",\" or \"}\"") }
                index += 1
            }
        }
        index += 1
        nodes[object].count = openKeys.count - keys.first
        nodes[object].end = index
        nodes[object].next = nodes.count
    }

    private mutating func parseArray(depth: Int) throws(JSONBodyError) {
        guard depth <= maxDepth else { throw JSONBodyError("JSON nests deeper than \(maxDepth) levels") }
        let array = nodes.count
        nodes.append(JSONDocument.Node(kind: .array, start: index, end: index, next: array + 1))
        index += 1
        var count = 0
        skipWhitespace()
        if peekByte() != .closeBracket {
            while true {
                skipWhitespace()
                try parseValue(openContainers: depth)
                count += 1
                skipWhitespace()
                if peekByte() == .closeBracket { break }
                guard peekByte() == .comma else { throw unexpectedByte(expecting: "\",\" or \"]\"") }
                index += 1
            }
        }
        index += 1
        nodes[array].count = count
        nodes[array].end = index
        nodes[array].next = nodes.count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func parseNumber() throws(JSONBodyError) {
        let start = index
        if peekByte() == UInt8(ascii: "-") { index += 1 }
        if peekByte() == UInt8(ascii: "0") {
            index += 1
        } else if try skipDigits() == 0 {
            throw JSONBodyError("invalid number at offset \(start)")
        }
        if peekByte() == UInt8(ascii: ".") {
            index += 1
            guard try skipDigits() > 0 else { throw JSONBodyError("invalid number at offset \(start)") }
        }
        if peekByte() == UInt8(ascii: "e") || peekByte() == UInt8(ascii: "E") {
            index += 1
            if peekByte() == UInt8(ascii: "+") || peekByte() == UInt8(ascii: "-") { index += 1 }
            guard try skipDigits() > 0 else { throw JSONBodyError("invalid number at offset \(start)") }
        }
    }

    private mutating func skipDigits() throws(JSONBodyError) -> Int {
        let start = index
        while let byte = peekByte(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONBodyError) {
        let start = index
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard peekByte() == byte else { throw JSONBodyError("invalid literal at offset \(start)") }
            index += 1
        }
    }

    func peekByte() -> UInt8? {
        peekByte(at: index)
    }

    func peekByte(at position: Int) -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peekByte(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private func unexpectedByte(expecting expected: String? = nil) -> JSONBodyError {
        let found = peekByte().map { "byte 0x\(String($0, radix: 16))" } ?? "end of body"
        let suffix = expected.map { ", expected \($0)" } ?? ""
        return JSONBodyError("unexpected \(found) at offset \(index)\(suffix)")
    }
}

extension UInt8 {
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let quote = UInt8(ascii: "\"")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let backslash = UInt8(ascii: "\\")
}
