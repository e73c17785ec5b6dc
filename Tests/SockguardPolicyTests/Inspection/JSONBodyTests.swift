import SockguardPolicy
import Testing

@Suite struct JSONBodyTests {
    struct ParseCase: Sendable, CustomTestStringConvertible {
        let bytes: [UInt8]
        /// nil: the body parses; otherwise a fragment of the error message.
        let error: String?
        let label: String
        var testDescription: String { "\(label) \(error.map { "is rejected: \($0)" } ?? "parses")" }

        init(_ text: String, _ error: String? = nil) {
            self.init(bytes: Array(text.utf8), error: error, label: text)
        }

        init(bytes: [UInt8], error: String?, label: String) {
            self.bytes = bytes
            self.error = error
            self.label = label
        }
    }

    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    static let parseCases: [ParseCase] = [
        // Valid documents.
        .init("{}"),
        .init("[]"),
        .init(#"{"a":1}"#),
        .init(" \t\r\n{\"a\" : [ 1 , 2 ] }\n\t "),
        .init(#"{"Image":"busybox","Cmd":["echo","hi"],"Env":null,"Tty":false,"AttachStdout":true}"#),
        .init("null"),
        .init("true"),
        .init(#""text""#),
        .init("0"),
        .init("-0"),
        .init("-12.5e+10"),
        .init("1E-3"),
        .init("123456789012345678901234567890"),
        .init(#"{"a":{"b":{"c":[{"d":null}]}}}"#),
        .init(#"{"a":"x","b":"x"}"#),
        .init(#"{"k\u00e9y":"\u00e9\ud83d\ude00\n\t\"\\\/"}"#),
        .init(#"{"s":"\u0000"}"#),
        .init("{\"s\":\"h\u{e9}llo \u{1F600}\"}"),
        .init(bytes: Array(nested(64).utf8), error: nil, label: "64 nested arrays"),
        .init(#"{"A":{"a":1},"B":{"a":2}}"#),
        // Empty and trailing data.
        .init("", "empty"),
        .init("  \n ", "empty"),
        .init("{} {}", "after the JSON value"),
        .init(#"{"a":1}x"#, "after the JSON value"),
        .init("{}\u{0}", "after the JSON value"),
        .init("1 2", "after the JSON value"),
        .init(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8), error: "byte order mark", label: "BOM + {}"),
        // Syntax.
        .init("{", "unexpected end"),
        .init(#"{"a"}"#, "expected \":\""),
        .init(#"{"a":1,}"#, "an object key"),
        .init("[1,]", "unexpected"),
        .init("{a:1}", "an object key"),
        .init("{'a':1}", "an object key"),
        .init(#"{"a":1 "b":2}"#, "expected \",\" or \"}\""),
        .init("[1 2]", "expected \",\" or \"]\""),
        .init("tru", "invalid literal"),
        .init("nul", "invalid literal"),
        .init("True", "unexpected"),
        .init("NaN", "unexpected"),
        .init("/* c */ {}", "unexpected"),
        // Numbers.
        .init("01", "after the JSON value"),
        .init("+1", "unexpected"),
        .init(".5", "unexpected"),
        .init("1.", "invalid number"),
        .init("1e", "invalid number"),
        .init("1e+", "invalid number"),
        .init("-", "invalid number"),
        .init("0x10", "after the JSON value"),
        // Duplicates, at any depth, exact or case-variant.
        .init(#"{"a":1,"a":2}"#, "duplicate key \"a\""),
        .init(#"{"Privileged":false,"privileged":true}"#, "case-variant duplicate key \"privileged\""),
        .init(#"{"HostConfig":{"Privileged":false,"PRIVILEGED":true}}"#, "case-variant duplicate"),
        .init(#"{"a":[{"x":{"Binds":[],"binds":["/:/h"]}}]}"#, "case-variant duplicate"),
        .init(#"{"HostConfig":{},"hostconfig":{"Privileged":true}}"#, "case-variant duplicate"),
        .init(#"{"Privileged":1,"Privil\u0065ged":2}"#, "duplicate key \"Privileged\""),
        .init("{\"Kind\":1,\"\u{212A}ind\":2}", "case-variant duplicate"),
        .init("{\"Sysctls\":1,\"\u{17F}ysctls\":2}", "case-variant duplicate"),
        .init(#"{"Labels":{"a":"1","A":"2"}}"#, "case-variant duplicate"),
        .init("{\"\u{E9}\":1,\"\u{C9}\":2}", "case-variant duplicate"),
        .init(#"{"a":{"x":1},"A":2}"#, "case-variant duplicate key \"A\""),
        .init(#"{"a":{"a":1,"b":{"a":2,"B":[{"b":3}]}},"b":3}"#),
        .init("{\"a\tb\":1}", "control character 0x9"),
        .init(#"{"ab"#, "unterminated string"),
        // Canonically equivalent but different bytes: Go sees two keys, and so do we.
        .init(
            bytes: Array("{\"\u{E9}\":1,\"e\u{301}\":2}".utf8),
            error: nil,
            label: "precomposed and decomposed e-acute"
        ),
        // Strings and escapes.
        .init(#"{"a":"\x"}"#, "invalid escape"),
        .init(#"{"a":"\u12"}"#, "invalid \\u escape"),
        .init(#"{"a":"\u12G4"}"#, "invalid \\u escape"),
        .init(#"{"a":"\ud800"}"#, "lone high surrogate"),
        .init(#"{"a":"\ud800\u0041"}"#, "lone high surrogate"),
        .init(#"{"a":"\udc00"}"#, "lone low surrogate"),
        .init(#"{"\ud83d":1}"#, "lone high surrogate"),
        .init("{\"a\":\"line\nbreak\"}", "control character 0xa"),
        .init("{\"a\":\"tab\there\"}", "control character 0x9"),
        .init(#"{"a":"open"#, "unterminated string"),
        // UTF-8.
        .init(bytes: Array(#"{"a":""#.utf8) + [0xFF] + Array(#""}"#.utf8), error: "invalid UTF-8", label: "0xFF"),
        .init(
            bytes: Array(#"{"a":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8),
            error: "invalid UTF-8",
            label: "overlong /"
        ),
        .init(
            bytes: Array(#"{"a":""#.utf8) + [0xE0, 0x80, 0xAF] + Array(#""}"#.utf8),
            error: "invalid UTF-8",
            label: "overlong 3-byte"
        ),
        .init(
            bytes: Array(#"{"a":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
            error: "invalid UTF-8",
            label: "encoded surrogate"
        ),
        .init(
            bytes: Array(#"{"a":""#.utf8) + [0xF4, 0x90, 0x80, 0x80] + Array(#""}"#.utf8),
            error: "invalid UTF-8",
            label: "above U+10FFFF"
        ),
        .init(
            bytes: Array(#"{"a":""#.utf8) + [0xE2, 0x82] + Array(#""}"#.utf8),
            error: "invalid UTF-8",
            label: "truncated sequence"
        ),
        .init(
            bytes: Array(#"{"a":""#.utf8) + [0x80] + Array(#""}"#.utf8),
            error: "invalid UTF-8",
            label: "lone continuation"
        ),
        .init(bytes: [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], error: "unexpected", label: "UTF-16 LE"),
        // Depth.
        .init(bytes: Array(nested(65).utf8), error: "deeper than 64", label: "65 nested arrays"),
        .init(
            bytes: Array((String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)).utf8),
            error: "deeper than 64",
            label: "65 nested objects"
        ),
        .init(bytes: Array(repeating: UInt8(ascii: "["), count: 100_000), error: "deeper than 64", label: "100000 ["),
    ]

    @Test("parses strict JSON and rejects everything else", arguments: parseCases)
    func parse(_ testCase: ParseCase) throws {
        let result = Result { () throws(JSONBodyError) in try JSONBody(parsing: testCase.bytes) }
        switch (result, testCase.error) {
        case (.success, nil):
            break
        case (.success, let expected?):
            Issue.record("expected an error containing \"\(expected)\"")
        case (.failure(let error), nil):
            Issue.record("unexpected error: \(error)")
        case (.failure(let error), let expected?):
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test("looks keys up case-insensitively, with escapes decoded")
    func caseInsensitiveLookup() throws {
        let body = try JSONBody(parsing: Array(#"{"hostconfig":{"Privil\u0065ged":true,"NETWORKMODE":"host"}}"#.utf8))
        #expect(body["HostConfig", "Privileged"] == .bool(true))
        #expect(body["HOSTCONFIG", "networkMode"] == .string("host"))
        #expect(body["HostConfig", "Missing"] == nil)
        #expect(body["HostConfig", "Privileged", "Deeper"] == nil)
        guard case .object(let root) = body.root else { throw ExpectedObject() }
        #expect(root.keys == ["hostconfig"])
        #expect(root.value(forKey: "HostConfig") == body["hostconfig"])
    }

    @Test("matches Go's Unicode folds of k and s")
    func unicodeFolds() throws {
        let body = try JSONBody(parsing: Array("{\"\u{17F}ysctls\":{},\"Capdrop\u{212A}\":1}".utf8))
        #expect(body["Sysctls"] != nil)
        #expect(body["CAPDROPK"] == .number("1"))
    }

    @Test("keeps number literals and decodes string escapes")
    func literals() throws {
        let body = try JSONBody(
            parsing: Array(#"{"n":-1.50e+3,"s":"a\"b\\c\/d\u00e9\ud83d\ude00","b":false,"z":null}"#.utf8)
        )
        #expect(body["n"] == .number("-1.50e+3"))
        #expect(body["s"] == .string("a\"b\\c/d\u{e9}\u{1F600}"))
        #expect(body["b"] == .bool(false))
        #expect(body["z"] == .null)
    }

    static let stringCases: [(json: String, decoded: String)] = [
        (#""\nabc""#, "\nabc"),
        (#""abc\n""#, "abc\n"),
        (#""\"\"""#, "\"\""),
        (#""\u00e9""#, "\u{e9}"),
        (#""a\u00e9b\\c""#, "a\u{e9}b\\c"),
        ("\"\u{e9}\\t\u{1F600}\"", "\u{e9}\t\u{1F600}"),
        ("\"\u{e9}\u{1F600}\"", "\u{e9}\u{1F600}"),
        (#""""#, ""),
    ]

    @Test("decodes escapes at the start, the end and between runs of a string", arguments: stringCases)
    func escapesAnywhere(json: String, decoded: String) throws {
        let body = try JSONBody(parsing: Array("{\"s\":\(json),\(json):1}".utf8))
        #expect(body["s"] == .string(decoded))
        guard case .object(let root) = body.root else { throw ExpectedObject() }
        #expect(root.keys == ["s", decoded])
    }

    @Test("long strings come back whole, with or without escapes and non-ASCII")
    func longStrings() throws {
        let plain = String(repeating: "abcdefghij", count: 10_000)
        let mixed = String(repeating: "h\u{e9}llo \u{1F600} ", count: 5_000)
        let escaped = String(repeating: #"line\n\u00e9\"q\""#, count: 5_000)
        let json = "{\"plain\":\"\(plain)\",\"mixed\":\"\(mixed)\",\"escaped\":\"\(escaped)\"}"
        let body = try JSONBody(parsing: Array(json.utf8))
        #expect(body["plain"] == .string(plain))
        #expect(body["mixed"] == .string(mixed))
        #expect(body["escaped"] == .string(String(repeating: "line\n\u{e9}\"q\"", count: 5_000)))
        #expect(throws: JSONBodyError.self) { try JSONBody(parsing: Array("\"\(plain)\u{1}\"".utf8)) }
        #expect(throws: JSONBodyError.self) { try JSONBody(parsing: Array("\"\(plain)\\n".utf8)) }
        #expect(throws: JSONBodyError.self) { try JSONBody(parsing: Array("\"\(plain)".utf8) + [0xC3, 0x28, 0x22]) }
    }

    @Test(
        "refuses non-ASCII keys that fold together, and finds them folded",
        arguments: [
            "{\"\u{C4}rger\":1,\"\u{E4}RGER\":2}",
            "{\"K\":1,\"\u{212A}\":2}",
            "{\"\u{17F}\":1,\"S\":2}",
            "{\"\u{212A}\":1,\"k\":2}",
        ]
    )
    func nonASCIIFolds(json: String) {
        #expect(throws: JSONBodyError.self) { try JSONBody(parsing: Array(json.utf8)) }
    }

    @Test("looks up non-ASCII keys case-insensitively")
    func nonASCIILookup() throws {
        let body = try JSONBody(parsing: Array("{\"\u{C4}rger\":1,\"\u{C9}t\u{E9}\":2}".utf8))
        #expect(body["\u{E4}RGER"] == .number("1"))
        #expect(body["\u{E9}T\u{C9}"] == .number("2"))
        #expect(body["arger"] == nil)
    }

    @Test("refuses and finds case-variant keys in objects too large to search linearly")
    func largeObjects() throws {
        let members = (0..<300).map { "\"Key\($0)\":\($0)" }.joined(separator: ",")
        let body = try JSONBody(parsing: Array("{\(members)}".utf8))
        #expect(body["KEY0"] == .number("0"))
        #expect(body["key299"] == .number("299"))
        #expect(body["key300"] == nil)
        for duplicate in ["KEY5", "key299", "Key0"] {
            #expect(throws: JSONBodyError.self) {
                try JSONBody(parsing: Array("{\(members),\"\(duplicate)\":1}".utf8))
            }
        }
    }

    @Test("objects compare by their members, however their bodies spelled them")
    func objectEquality() throws {
        let nested = try JSONBody(parsing: Array(#"{"x":{"b":[1,{"c":"\u00e9"},[]],"a":null}}"#.utf8))
        let plain = try JSONBody(parsing: Array("{ \"b\": [1, {\"c\": \"\u{e9}\"}, []], \"a\": null }".utf8))
        #expect(nested["x"] == plain.root)
        #expect(nested["x", "b"] == plain["b"])
        #expect(nested["x", "a"] == .null)
        guard case .object(let object) = plain.root else { throw ExpectedObject() }
        #expect(object.keys == ["b", "a"])
        #expect(object.count == 2)
        #expect(!object.isEmpty)
        let empty = try JSONBody(parsing: Array("{}".utf8))
        guard case .object(let emptyObject) = empty.root else { throw ExpectedObject() }
        #expect(emptyObject.isEmpty && emptyObject.keys.isEmpty)
        #expect(nested["x"] != empty.root)
    }

    @Test("a parse error becomes a 400 request_body_invalid denial")
    func errorDenial() {
        #expect(throws: JSONBodyError.self) { try JSONBody(parsing: [UInt8]()) }
        let result = Result { () throws(JSONBodyError) in try JSONBody(parsing: Array("{} x".utf8)) }
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.denial.status == 400)
        #expect(error.denial.reasonCode == .requestBodyInvalid)
        #expect(error.denial.message.hasPrefix("sockguard: request body rejected: "))
        #expect(error.description == error.message)
    }

    struct ExpectedObject: Error {}
}
