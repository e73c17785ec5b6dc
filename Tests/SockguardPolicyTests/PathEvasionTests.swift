import SockguardPolicy
import Testing

/// Inputs an attacker would use to make the proxy and the daemon disagree about the path. Each one either
/// has an exact canonical form or is refused; none is left to interpretation.
@Suite struct PathEvasionTests {
    enum Expected: Sendable, Equatable {
        case canonical(String, version: String? = nil)
        case rejected
    }

    struct EvasionCase: Sendable, CustomTestStringConvertible {
        let raw: String
        let expected: Expected
        var testDescription: String { raw.debugDescription }
        init(_ raw: String, _ expected: Expected) {
            self.raw = raw
            self.expected = expected
        }
    }

    static let evasions: [EvasionCase] = [
        // Encoded dot segments are resolved like the dots they spell.
        .init("/%2e%2e/secrets", .rejected),
        .init("/containers/%2e%2e/secrets", .canonical("/secrets")),
        .init("/containers/x/%2E%2e/", .canonical("/containers")),
        .init("/containers/.%2e/secrets", .canonical("/secrets")),
        .init("/containers/%2e./secrets", .canonical("/secrets")),
        .init("/containers/x/..%2f..%2fsecrets", .canonical("/secrets")),
        .init("/containers/x/%2e%2e%2f%2e%2e%2fsecrets", .canonical("/secrets")),
        .init("/containers/x/..%2F..%2Fexec/y/start", .canonical("/exec/y/start")),
        .init("/_ping%2f..", .canonical("/")),
        // Encoded slashes are slashes.
        .init("/containers%2fjson", .canonical("/containers/json")),
        .init("/%2fsecrets", .canonical("/secrets")),
        .init("/secrets%2f", .canonical("/secrets")),
        // Double encoding is refused: a second decoder would see different bytes.
        .init("/containers/x/%252e%252e/secrets", .rejected),
        .init("/containers/%252f", .rejected),
        .init("/%2525", .rejected),
        // NUL, CR, LF and other control characters, encoded or raw.
        .init("/secrets%00/x", .rejected),
        .init("/containers/json%00", .rejected),
        .init("/containers/json%0a", .rejected),
        .init("/containers/json%0d%0aX-Injected:%201", .rejected),
        .init("/containers/x/.%00./secrets", .rejected),
        .init("/secrets%7f", .rejected),
        .init("/secrets%1b", .rejected),
        .init("/_ping\r\nHost: evil", .rejected),
        .init("/_ping\u{0}", .rejected),
        .init("/_ping\t", .rejected),
        .init("/secrets\u{7F}", .rejected),
        .init("/_ping?a=b\r\nX: y", .rejected),
        .init("/_ping ", .rejected),
        // Backslash is not a separator; it is refused rather than guessed at.
        .init("/containers\\..\\secrets", .rejected),
        .init("/containers/%5c../secrets", .rejected),
        .init("/containers/x%5C", .rejected),
        // Empty and dot segments collapse.
        .init("//secrets", .canonical("/secrets")),
        .init("///containers///json", .canonical("/containers/json")),
        .init("/./secrets", .canonical("/secrets")),
        .init("/containers/.", .canonical("/containers")),
        .init("/containers/json/.", .canonical("/containers/json")),
        .init("/containers/json/", .canonical("/containers/json")),
        .init("/containers/x/../../secrets", .canonical("/secrets")),
        .init("/containers/x/../../../secrets", .rejected),
        .init("/containers/...", .canonical("/containers/...")),
        // Version prefixes: one, lowercase, at most three numbers.
        .init("/v1.41/../../secrets", .rejected),
        .init("/v1.41/../secrets", .canonical("/secrets")),
        .init("/v1.41/./containers/json", .canonical("/containers/json", version: "1.41")),
        .init("/V1.41/containers/json", .canonical("/V1.41/containers/json")),
        .init("/v1.41.2.3/containers/json", .canonical("/v1.41.2.3/containers/json")),
        .init("/v1.41.2/containers/json", .canonical("/containers/json", version: "1.41.2")),
        .init("/v1.4a/containers/json", .canonical("/v1.4a/containers/json")),
        .init("/v/containers/json", .canonical("/v/containers/json")),
        .init("/v1./containers", .canonical("/v1./containers")),
        .init("/v.41/containers", .canonical("/v.41/containers")),
        .init("/v1.41/v1.41/containers/json", .canonical("/v1.41/containers/json", version: "1.41")),
        .init("/v1.41/v1.41/../exec/x/start", .canonical("/exec/x/start", version: "1.41")),
        .init("/%761.41/containers/json", .canonical("/containers/json", version: "1.41")),
        .init("/v1.41%2fsecrets", .canonical("/secrets", version: "1.41")),
        // Overlong and otherwise invalid UTF-8.
        .init("/containers/%c0%ae%c0%ae/secrets", .rejected),
        .init("/%c0%af", .rejected),
        .init("/containers/%e0%80%ae", .rejected),
        .init("/containers/%ff", .rejected),
        .init("/containers/%ed%a0%80", .rejected),
        .init("/containers/%c3", .rejected),
        // Broken escapes.
        .init("/containers/%zz", .rejected),
        .init("/containers/%4", .rejected),
        .init("/containers/%", .rejected),
        .init("/containers/%%30", .rejected),
        .init("/containers/%u002e%u002e/secrets", .rejected),
        // "?" and "#" inside the path.
        .init("/containers/json%3fall=1", .canonical("/containers/json?all=1")),
        .init("/secrets%3f/../containers", .canonical("/containers")),
        .init("/containers/json%23x", .canonical("/containers/json#x")),
        .init("/containers/json#frag", .rejected),
        .init("/containers/x/../../secrets#/containers/json", .rejected),
        .init("/secrets?/../containers/json", .canonical("/secrets")),
        // Not origin-form.
        .init("http://localhost/secrets", .rejected),
        .init("HTTP://docker/containers/json", .rejected),
        .init("unix:///var/run/docker.sock/secrets", .rejected),
        .init("localhost:2375", .rejected),
        .init("*", .rejected),
        .init("", .rejected),
        .init("secrets", .rejected),
        // Lookalikes, case and parameters stay literal, so rules for the real endpoints do not match.
        .init("/containers/\u{FF0E}\u{FF0E}/secrets", .canonical("/containers/\u{FF0E}\u{FF0E}/secrets")),
        .init("/containers/%EF%BC%8E%EF%BC%8E/secrets", .canonical("/containers/\u{FF0E}\u{FF0E}/secrets")),
        .init("/\u{FF33}ECRETS", .canonical("/\u{FF33}ECRETS")),
        .init("/containers/\u{2215}secrets", .canonical("/containers/\u{2215}secrets")),
        .init("/Containers/json", .canonical("/Containers/json")),
        .init("/SECRETS", .canonical("/SECRETS")),
        .init("/containers/json;x", .canonical("/containers/json;x")),
        .init("/containers/x/..;/..;/secrets", .canonical("/containers/x/..;/..;/secrets")),
        .init("/secrets%20", .canonical("/secrets ")),
    ]

    @Test("an evasion input has exactly one canonical form, or is refused", arguments: evasions)
    func evasion(_ testCase: EvasionCase) {
        switch (PathCanonicalizer.canonicalize(testCase.raw), testCase.expected) {
        case (.success(let target), .canonical(let path, let version)):
            #expect(target.path == path)
            #expect(target.apiVersion == version)
        case (.failure, .rejected):
            break
        case (let result, let expected):
            Issue.record("got \(result), expected \(expected)")
        }
    }

    @Test("an accepted evasion is forwarded in exactly the form that was decided on", arguments: evasions)
    func forwardedAsDecided(_ testCase: EvasionCase) throws {
        guard case .success(let target) = PathCanonicalizer.canonicalize(testCase.raw) else { return }
        let path = target.path
        #expect(path.hasPrefix("/"))
        #expect(path == "/" || !path.hasSuffix("/"))
        #expect(!path.contains("//"))
        #expect(!path.split(separator: "/").contains { $0 == "." || $0 == ".." })
        #expect(try PathCanonicalizer.canonicalize(target.forwardTarget).get() == target)
    }

    static let attacks: [String] = [
        "/secrets", "/secrets/abc", "/exec/x/start", "/containers/x/../../secrets",
        "/containers/x/..%2f..%2fsecrets", "/containers/x/%2e%2e/%2e%2e/secrets", "/containers/%2e%2e/secrets",
        "/containers/x/%252e%252e/%252e%252e/secrets", "/containers/%c0%ae%c0%ae/secrets",
        "/containers\\..\\secrets", "/containers/%5c..%5csecrets", "/containers/x/..%00/../secrets",
        "/containers/x%2f..%2f..%2fsecrets", "//secrets", "/./secrets", "/v1.41/secrets", "/v1.41/../secrets",
        "/v1.41/containers/../secrets", "/v1.41/v1.41/../secrets", "/V1.41/../secrets", "/_ping/../secrets",
        "/_ping%2f..%2fsecrets", "/_ping/%2e%2e/exec/x/start", "/containers/../exec/x/start",
        "/containers/x/../../exec/x/start", "/containers/..%2fexec/x/start", "/containers/%2e%2e/exec/x/start",
        "/v1.41/containers/x/..%2f..%2fexec/x/start", "/containers/json/../../exec/x/start", "/exec/x/start/",
        "/exec/x/start/.", "/exec//x//start", "/EXEC/x/start", "http://docker/containers/../secrets",
        "/containers/x/../../secrets#/containers/json", "/secrets?/containers/json", "/secrets%3f/containers/json",
        "/secrets%23/containers/json", "/secrets;/containers/json", "/containers%00/../secrets",
        "/containers/x/../../secrets%0d%0a", "/%73ecrets", "/%65xec/x/start", "/containers/x/%2e%2e%2f%2e%2e%2fsecrets",
        "/containers/x/.%2E/.%2E/secrets", "/containers/x/%2E./%2E./exec/x/start",
    ]

    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE"]

    @Test("with only ping and containers allowed, no evasion of secrets or exec is allowed", arguments: attacks)
    func noEvasionIsAllowed(_ raw: String) throws {
        let rules = RuleSet([
            Rule(methods: try MethodMatcher("GET"), path: try GlobPattern("/_ping"), action: .allow),
            Rule(methods: try MethodMatcher("GET"), path: try GlobPattern("/containers/**"), action: .allow),
        ])
        guard case .success(let target) = PathCanonicalizer.canonicalize(raw) else { return }
        for method in Self.methods {
            let decision = rules.evaluate(method: method, path: target.path)
            guard case .deny = decision else {
                Issue.record("\(method) \(raw) -> \(target.path) was allowed")
                continue
            }
        }
    }

    @Test("the same rules still allow the real endpoints, with or without a version")
    func positiveControl() throws {
        let rules = RuleSet([
            Rule(methods: try MethodMatcher("GET"), path: try GlobPattern("/_ping"), action: .allow),
            Rule(methods: try MethodMatcher("GET"), path: try GlobPattern("/containers/**"), action: .allow),
        ])
        for raw in [
            "/_ping", "/v1.41/_ping", "/containers/json?all=1", "/v1.45/containers/abc/json", "//containers//json/",
        ] {
            let target = try PathCanonicalizer.canonicalize(raw).get()
            guard case .allow = rules.evaluate(method: "GET", path: target.path) else {
                Issue.record("\(raw) was denied")
                continue
            }
        }
    }
}
