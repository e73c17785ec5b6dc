/// The recursive-descent reader behind `JSONBody` (RFC 8259, plus the refusals `JSONBody` documents).
/// Recursion is bounded by `maxDepth`, so a hostile body cannot exhaust the stack.
struct JSONParser {
    let bytes: [UInt8]
    private let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONBodyError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw JSONBodyError("body starts with a UTF-8 byte order mark")
        }
        skipWhitespace()
        guard index < bytes.count else { throw JSONBodyError("body is empty") }
        let value = try parseValue(openContainers: 0)
        skipWhitespace()
        guard index == bytes.count else {
            throw JSONBodyError("unexpected data after the JSON value at offset \(index)")
        }
        return value
    }

    private mutating func parseValue(openContainers: Int) throws(JSONBodyError) -> JSONValue {
        guard index < bytes.count else { throw JSONBodyError("unexpected end of body") }
        switch bytes[index] {
        case .openBrace: return .object(try parseObject(depth: openContainers + 1))
        case .openBracket: return .array(try parseArray(depth: openContainers + 1))
        case .quote: return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpectedByte()
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONBodyError) -> JSONObject {
        guard depth <= maxDepth else { throw JSONBodyError("JSON nests deeper than \(maxDepth) levels") }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if peekByte() == .closeBrace {
            index += 1
            return object
        }
        while true {
            skipWhitespace()
            guard peekByte() == .quote else { throw unexpectedByte(expecting: "an object key") }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard peekByte() == .colon else { throw unexpectedByte(expecting: "\":\"") }
            index += 1
            skipWhitespace()
            let value = try parseValue(openContainers: depth)
            if let existing = object.insert(key: key, value: value) {
                let kind = existing.utf8.elementsEqual(key.utf8) ? "duplicate key" : "case-variant duplicate key"
                throw JSONBodyError("\(kind) \"\(key)\" (also \"\(existing)\") at offset \(keyOffset)")
            }
            skipWhitespace()
            switch peekByte() {
            case .comma: index += 1
            case .closeBrace:
                index += 1
                return object
            default: throw unexpectedByte(expecting: "\",\" or \"}\"")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONBodyError) -> [JSONValue] {
        guard depth <= maxDepth else { throw JSONBodyError("JSON nests deeper than \(maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peekByte() == .closeBracket {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(openContainers: depth))
            skipWhitespace()
            switch peekByte() {
            case .comma: index += 1
            case .closeBracket:
                index += 1
                return elements
            default: throw unexpectedByte(expecting: "\",\" or \"]\"")
            }
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written.
    private mutating func parseNumber() throws(JSONBodyError) -> String {
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
        return String(decoding: bytes[start..<index], as: UTF8.self)
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
