import Foundation
import SockguardPolicy
import Testing

/// The JSON strings sockguard writes (log lines, its own answers) escape what JSON requires and keep the rest.
@Suite struct JSONStringTests {
    @Test(
        "escapes quotes, backslashes and control characters; keeps everything else byte for byte",
        arguments: [
            ("plain", #""plain""#), (#"a"b\c"#, #""a\"b\\c""#), ("l1\nl2\r\t", #""l1\nl2\r\t""#),
            ("\u{1}\u{1F}\u{7F}", #""\u0001\u001f\u007f""#), ("Ärger 日本 🐳", "\"Ärger 日本 🐳\""), ("", "\"\""),
        ]
    )
    func quote(_ input: String, _ expected: String) {
        #expect(JSONString.quote(input) == expected)
        var bytes: [UInt8] = [UInt8(ascii: "x")]
        JSONString.appendQuoted(input, to: &bytes)
        #expect(bytes == [UInt8(ascii: "x")] + Array(expected.utf8))
    }

    @Test("what it writes parses back to the input, for every character below 0x80 and a few beyond")
    func roundTrip() throws {
        var input = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })
        input += "é€𝄞"
        let quoted = JSONString.quote(input)
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        #expect(parsed == [input])
    }
}
