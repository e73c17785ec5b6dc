import SockguardPolicy
import Testing

@Suite struct GlobPatternTests {
    struct MatchCase: Sendable, CustomTestStringConvertible {
        let pattern: String
        let path: String
        let matches: Bool
        var testDescription: String { "\(pattern) \(matches ? "matches" : "does not match") \(path)" }
        init(_ pattern: String, _ path: String, _ matches: Bool) {
            self.pattern = pattern
            self.path = path
            self.matches = matches
        }
    }

    static let matchCases: [MatchCase] = [
        // Literals.
        .init("/_ping", "/_ping", true),
        .init("/_ping", "/_ping/", false),
        .init("/_ping", "/_pingx", false),
        .init("/_ping", "/_pin", false),
        .init("/", "/", true),
        .init("/", "/a", false),
        .init("/containers/json", "/Containers/json", false),
        .init("/containers/json", "/containers/json;x", false),
        // `*` within one segment.
        .init("/containers/*/json", "/containers/abc/json", true),
        .init("/containers/*/json", "/containers/a/b/json", false),
        .init("/containers/*/json", "/containers/json", false),
        .init("/containers/*", "/containers/abc", true),
        .init("/containers/*", "/containers/abc/json", false),
        .init("/images/sha256:*", "/images/sha256:0123abcd", true),
        .init("/images/sha256:*", "/images/sha256:", true),
        .init("/images/sha256:*", "/images/sha512:0123", false),
        .init("/images/*:latest/json", "/images/alpine:latest/json", true),
        .init("/images/*:latest/json", "/images/alpine:3.20/json", false),
        .init("/a*b*c", "/abc", true),
        .init("/a*b*c", "/aXXbYYc", true),
        .init("/a*b*c", "/aXXbYY", false),
        .init("/a*b*c", "/aXX/bYYc", false),
        .init("/*", "/", true),
        .init("/*", "/anything", true),
        .init("/*", "/a/b", false),
        // `**` across segments.
        .init("/**", "/", true),
        .init("/**", "/a/b/c", true),
        .init("/containers/**", "/containers", true),
        .init("/containers/**", "/containers/", true),
        .init("/containers/**", "/containers/abc/json", true),
        .init("/containers/**", "/containersx", false),
        .init("/containers/**", "/container", false),
        .init("/containers/**", "/secrets", false),
        .init("/a/**/b", "/a/b", true),
        .init("/a/**/b", "/a/x/y/z/b", true),
        .init("/a/**/b", "/a/x/y/z/c", false),
        .init("/a/**/b", "/a/b/c", false),
        .init("/**/json", "/containers/abc/json", true),
        .init("/**/json", "/json", true),
        .init("/**/json", "/containers/abc/jsonx", false),
        .init("/a/**/*/c", "/a/b/c", true),
        .init("/a/**/*/c", "/a/c", false),
        .init("/**/**", "/anything/at/all", true),
        .init("/exec/*/start", "/exec/abc/start", true),
        .init("/exec/*/start", "/exec/abc/resize", false),
        // Byte-exact: no Unicode normalization.
        .init("/caf\u{E9}", "/cafe\u{301}", false),
        .init("/caf\u{E9}", "/caf\u{E9}", true),
        .init("/a*", "/a\u{FF0E}", true),
        .init("/a.b", "/a\u{FF0E}b", false),
        // Not a path.
        .init("/**", "", false),
        .init("/**", "containers", false),
    ]

    @Test("a pattern matches exactly the paths its dialect says", arguments: matchCases)
    func matching(_ testCase: MatchCase) throws {
        let glob = try GlobPattern(testCase.pattern)
        #expect(glob.matches(testCase.path) == testCase.matches)
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let pattern: String
        let messageContains: String
        var testDescription: String { "\(pattern.debugDescription) is rejected" }
        init(_ pattern: String, _ messageContains: String) {
            self.pattern = pattern
            self.messageContains = messageContains
        }
    }

    static let invalidCases: [InvalidCase] = [
        .init("", "empty"),
        .init("containers/json", "must start with \"/\""),
        .init("*", "must start with \"/\""),
        .init("/containers/json?all=1", "\"?\""),
        .init("/containers/?", "\"?\""),
        .init("/containers#x", "\"#\""),
        .init("/containers%2fjson", "\"%\""),
        .init("/containers\\json", "backslash"),
        .init("/containers/[a-z]", "character classes"),
        .init("/containers/a]", "character classes"),
        .init("/containers\n", "control character"),
        .init("/containers\u{7F}", "control character"),
        .init("/containers\t/json", "control character"),
        .init("/a**b", "whole segment"),
        .init("/containers**", "whole segment"),
        .init("/***", "whole segment"),
        .init("/containers//json", "empty segment"),
        .init("/containers/", "ends with \"/\""),
        .init("/containers/./json", "\".\" or \"..\""),
        .init("/containers/../secrets", "\".\" or \"..\""),
        .init("/v1.41/containers/json", "API version"),
        .init("/v1/_ping", "API version"),
    ]

    @Test("an invalid pattern is refused with a message naming the problem", arguments: invalidCases)
    func invalid(_ testCase: InvalidCase) {
        #expect {
            try GlobPattern(testCase.pattern)
        } throws: { error in
            guard let error = error as? GlobPatternError else { return false }
            return error.message.contains(testCase.messageContains) && error.description == error.message
        }
    }

    @Test("description and source are the pattern as written")
    func description() throws {
        let glob = try GlobPattern("/containers/*/json")
        #expect(glob.source == "/containers/*/json")
        #expect(glob.description == "/containers/*/json")
        #expect(glob == (try GlobPattern("/containers/*/json")))
        #expect(glob != (try GlobPattern("/containers/**")))
    }

    @Test("patterns built to force backtracking still match quickly")
    func noExponentialBacktracking() throws {
        let manyStars = try GlobPattern("/" + Array(repeating: "**/a", count: 20).joined(separator: "/") + "/b")
        let deepPath = "/" + Array(repeating: "a", count: 2_000).joined(separator: "/")
        #expect(!manyStars.matches(deepPath))

        let segmentStars = try GlobPattern("/" + String(repeating: "a*", count: 30) + "b")
        #expect(!segmentStars.matches("/" + String(repeating: "a", count: 5_000)))
        #expect(segmentStars.matches("/" + String(repeating: "a", count: 5_000) + "b"))
    }

    /// A slow, obviously correct matcher to check the two-pointer one against.
    static func reference(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            return reference(pattern.dropFirst(), path) || (!path.isEmpty && reference(pattern, path.dropFirst()))
        }
        guard let segment = path.first else { return false }
        return referenceSegment(Array(first)[...], Array(segment)[...])
            && reference(pattern.dropFirst(), path.dropFirst())
    }

    static func referenceSegment(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            return referenceSegment(pattern.dropFirst(), text)
                || (!text.isEmpty && referenceSegment(pattern, text.dropFirst()))
        }
        return text.first == first && referenceSegment(pattern.dropFirst(), text.dropFirst())
    }

    @Test("the matcher agrees with a reference matcher on every small pattern and path")
    func agreesWithReference() throws {
        let patternSegments = ["a", "b", "*", "a*", "*b", "a*b", "**"]
        let pathSegments = ["a", "b", "ab", "ba", "aab", ""]
        func sequences(_ alphabet: [String], upTo length: Int) -> [[String]] {
            var result: [[String]] = [[]]
            var current: [[String]] = [[]]
            for _ in 0..<length {
                current = current.flatMap { prefix in alphabet.map { prefix + [$0] } }
                result += current
            }
            return result
        }
        var checked = 0
        for pattern in sequences(patternSegments, upTo: 3) where !pattern.isEmpty {
            let glob = try GlobPattern("/" + pattern.joined(separator: "/"))
            for path in sequences(pathSegments, upTo: 3) where !path.isEmpty {
                let expected = Self.reference(pattern[...], path[...])
                let raw = "/" + path.joined(separator: "/")
                #expect(glob.matches(raw) == expected, "\(glob) vs \(raw)")
                checked += 1
            }
        }
        #expect(checked > 50_000)
    }
}
