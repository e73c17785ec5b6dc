/// String literals: strict UTF-8, no raw control characters, escapes decoded, surrogates paired.
extension JSONParser {
    /// Reads the string literal at `index`. Returns nil when it has no escapes, so its text is its bytes between the
    /// quotes (checked in place, nothing copied); otherwise the decoded text, built run by run.
    mutating func parseString() throws(JSONBodyError) -> String? {
        let start = index
        index += 1
        var runStart = index
        try skipUnescapedRun()
        if peekByte() == .quote {
            index += 1
            return nil
        }
        var decoded: [UInt8] = []
        while true {
            decoded.append(contentsOf: bytes[runStart..<index])
            switch peekByte() {
            case .quote?:
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            case .backslash?:
                try parseEscape(into: &decoded)
            default:
                throw JSONBodyError("unterminated string at offset \(start)")
            }
            runStart = index
            try skipUnescapedRun()
        }
    }

    /// Moves past bytes that stand for themselves, up to the next quote or backslash (or the end of the body):
    /// printable ASCII and well-formed UTF-8 sequences. A raw control character or invalid UTF-8 is refused.
    private mutating func skipUnescapedRun() throws(JSONBodyError) {
        while index < bytes.count {
            // Printable ASCII, most of any body, in a tight loop without bounds checks (the loop bounds it).
            let start = index
            index = bytes.withUnsafeBufferPointer { buffer in
                var position = start
                while position < buffer.count, buffer[position] >= 0x20, buffer[position] < 0x80,
                    buffer[position] != .quote, buffer[position] != .backslash
                {
                    position += 1
                }
                return position
            }
            guard index < bytes.count else { return }
            let byte = bytes[index]
            switch byte {
            case .quote, .backslash:
                return
            case 0..<0x20:
                throw JSONBodyError("control character 0x\(String(byte, radix: 16)) in string at offset \(index)")
            case 0x20..<0x80:
                index += 1
            default:
                index += try multiByteScalarLength(at: index)
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

    /// The length of the well-formed UTF-8 sequence of 2-4 bytes at `start`: no overlong forms, no encoded
    /// surrogates, nothing above U+10FFFF (the Unicode Standard's table 3-7).
    private func multiByteScalarLength(at start: Int) throws(JSONBodyError) -> Int {
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch bytes[start] {
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
        return length
    }
}
