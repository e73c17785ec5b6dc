/// String literals: strict UTF-8, no raw control characters, escapes decoded, surrogates paired.
extension JSONParser {
    mutating func parseString() throws(JSONBodyError) -> String {
        let start = index
        index += 1
        // Fast path: most strings are printable ASCII without escapes, and become a String straight from the
        // body's bytes. Anything else is decoded byte by byte below, from the start of the string.
        var scan = index
        while scan < bytes.count {
            let byte = bytes[scan]
            if byte == .quote {
                let string = String(decoding: bytes[index..<scan], as: UTF8.self)
                index = scan + 1
                return string
            }
            if byte < 0x20 || byte >= 0x80 || byte == .backslash { break }
            scan += 1
        }
        var decoded: [UInt8] = []
        while true {
            guard let byte = peekByte() else { throw JSONBodyError("unterminated string at offset \(start)") }
            switch byte {
            case .quote:
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            case .backslash:
                try parseEscape(into: &decoded)
            case 0..<0x20:
                throw JSONBodyError("control character 0x\(String(byte, radix: 16)) in string at offset \(index)")
            case 0x20..<0x80:
                decoded.append(byte)
                index += 1
            default:
                try copyMultiByteScalar(into: &decoded)
            }
        }
    }

    private mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONBodyError) {
        let start = index
        index += 1
        guard let byte = peekByte() else { throw JSONBodyError("unterminated escape at offset \(start)") }
        index += 1
        switch byte {
        case .quote, .backslash, UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var value = UInt32(try hexQuad(escapeAt: start))
            if (0xDC00...0xDFFF).contains(value) {
                throw JSONBodyError("lone low surrogate \\u\(String(value, radix: 16)) at offset \(start)")
            }
            if (0xD800...0xDBFF).contains(value) {
                let lowStart = index
                guard peekByte() == .backslash, peekByte(at: index + 1) == UInt8(ascii: "u") else {
                    throw JSONBodyError("lone high surrogate \\u\(String(value, radix: 16)) at offset \(start)")
                }
                index += 2
                let low = UInt32(try hexQuad(escapeAt: lowStart))
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONBodyError("lone high surrogate \\u\(String(value, radix: 16)) at offset \(start)")
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw JSONBodyError("invalid \\u escape at offset \(start)")
            }
            UTF8.encode(scalar) { decoded.append($0) }
        default:
            throw JSONBodyError("invalid escape \\\(Unicode.Scalar(byte)) at offset \(start)")
        }
    }

    private mutating func hexQuad(escapeAt start: Int) throws(JSONBodyError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = peekByte(), let digit = PercentEncoding.hexValue(byte) else {
                throw JSONBodyError("invalid \\u escape at offset \(start)")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// Copies one well-formed UTF-8 sequence of 2-4 bytes: no overlong forms, no encoded surrogates,
    /// nothing above U+10FFFF (the Unicode Standard's table 3-7).
    private mutating func copyMultiByteScalar(into decoded: inout [UInt8]) throws(JSONBodyError) {
        let start = index
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        case 0xF1...0xF3: length = 4
        default: throw JSONBodyError("invalid UTF-8 at offset \(start)")
        }
        for offset in 1..<length {
            let range = offset == 1 ? secondRange : 0x80...0xBF
            guard let byte = peekByte(at: start + offset), range.contains(byte) else {
                throw JSONBodyError("invalid UTF-8 at offset \(start)")
            }
        }
        decoded.append(contentsOf: bytes[start..<start + length])
        index = start + length
    }
}
