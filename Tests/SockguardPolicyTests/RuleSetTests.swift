import SockguardPolicy
import Testing

@Suite struct RuleSetTests {
    static let deniedMessage = "request denied by sockguard policy"

    static func rule(_ methods: String, _ path: String, _ action: Rule.Action, _ reason: String = "") throws -> Rule {
        Rule(methods: try MethodMatcher(methods), path: try GlobPattern(path), action: action, reason: reason)
    }

    static func table() throws -> RuleSet {
        RuleSet([
            try rule("GET,HEAD", "/_ping", .allow, "ping"),
            try rule("*", "/containers/*/exec", .deny, "no exec"),
            try rule("GET", "/containers/**", .allow, "read containers"),
            try rule("POST", "/containers/*/start", .allow, "start"),
            try rule("*", "/secrets/**", .deny, "no secrets"),
        ])
    }

    static let cases: [(method: String, path: String, expected: Decision)] = [
        ("GET", "/_ping", .allow(MatchedRule(index: 0, reason: "ping"))),
        ("HEAD", "/_ping", .allow(MatchedRule(index: 0, reason: "ping"))),
        (
            "GET", "/containers/abc/exec",
            .deny(Denial(reasonCode: .matchedDenyRule, message: deniedMessage, ruleIndex: 1))
        ),
        (
            "POST", "/containers/abc/exec",
            .deny(Denial(reasonCode: .matchedDenyRule, message: deniedMessage, ruleIndex: 1))
        ),
        ("GET", "/containers/json", .allow(MatchedRule(index: 2, reason: "read containers"))),
        ("GET", "/containers", .allow(MatchedRule(index: 2, reason: "read containers"))),
        ("POST", "/containers/abc/start", .allow(MatchedRule(index: 3, reason: "start"))),
        ("POST", "/containers/abc/stop", .deny(Denial(reasonCode: .noMatchingAllowRule, message: deniedMessage))),
        ("DELETE", "/secrets/abc", .deny(Denial(reasonCode: .matchedDenyRule, message: deniedMessage, ruleIndex: 4))),
        ("POST", "/_ping", .deny(Denial(reasonCode: .noMatchingAllowRule, message: deniedMessage))),
        ("get", "/_ping", .deny(Denial(reasonCode: .noMatchingAllowRule, message: deniedMessage))),
        ("GET", "/images/json", .deny(Denial(reasonCode: .noMatchingAllowRule, message: deniedMessage))),
    ]

    @Test("the first matching rule decides, and no match is a deny", arguments: cases)
    func evaluate(method: String, path: String, expected: Decision) throws {
        #expect(try Self.table().evaluate(method: method, path: path) == expected)
    }

    @Test("an empty rule set denies everything")
    func emptyDenies() {
        #expect(
            RuleSet([]).evaluate(method: "GET", path: "/_ping")
                == .deny(
                    Denial(status: 403, reasonCode: .noMatchingAllowRule, message: Self.deniedMessage, ruleIndex: nil)
                )
        )
    }

    @Test("an earlier allow wins over a later deny, and the other way round")
    func order() throws {
        let allowFirst = RuleSet([try Self.rule("GET", "/**", .allow), try Self.rule("GET", "/secrets", .deny)])
        #expect(allowFirst.evaluate(method: "GET", path: "/secrets") == .allow(MatchedRule(index: 0, reason: "")))
        let denyFirst = RuleSet([try Self.rule("GET", "/secrets", .deny), try Self.rule("GET", "/**", .allow)])
        #expect(
            denyFirst.evaluate(method: "GET", path: "/secrets")
                == .deny(Denial(reasonCode: .matchedDenyRule, message: Self.deniedMessage, ruleIndex: 0))
        )
    }

    static let defaultCases: [(method: String, path: String, allowedBy: Int?)] = [
        ("GET", "/_ping", 0),
        ("HEAD", "/_ping", 0),
        ("GET", "/version", 1),
        ("GET", "/events", 2),
        ("POST", "/_ping", nil),
        ("HEAD", "/version", nil),
        ("GET", "/containers/json", nil),
        ("POST", "/containers/create", nil),
        ("GET", "/secrets", nil),
        ("GET", "/", nil),
        ("GET", "/_ping/x", nil),
    ]

    @Test("the defaults allow ping, version and events, and deny the rest by rule", arguments: defaultCases)
    func defaults(method: String, path: String, allowedBy: Int?) {
        let decision = RuleSet.defaults.evaluate(method: method, path: path)
        if let allowedBy {
            guard case .allow(let matched) = decision else {
                Issue.record("expected allow, got \(decision)")
                return
            }
            #expect(matched.index == allowedBy)
        } else {
            #expect(
                decision
                    == .deny(
                        Denial(status: 403, reasonCode: .noMatchingAllowRule, message: Self.deniedMessage, ruleIndex: 3)
                    )
            )
        }
    }

    @Test("the defaults' last rule is the default deny")
    func defaultsShape() {
        #expect(RuleSet.defaults.rules.count == 4)
        #expect(RuleSet.defaults.rules.last?.action == .deny)
        #expect(RuleSet.defaults.rules.last?.reason == "no matching allow rule")
        #expect(RuleSet.defaults.rules.last?.path.source == "/**")
        #expect(RuleSet.defaults.rules.last?.methods == .any)
    }

    @Test("a deny rule whose reason is Go's catch-all text reports no_matching_allow_rule; any other, matched_deny_rule")
    func catchAllCode() throws {
        guard case .deny(let catchAll) = RuleSet.defaults.evaluate(method: "GET", path: "/containers/json") else {
            Issue.record("the defaults allowed a container list")
            return
        }
        #expect(catchAll.reasonCode == .noMatchingAllowRule)
        #expect(catchAll.ruleIndex == 3)
        let rules = RuleSet([
            Rule(methods: .any, path: try GlobPattern("/secrets/**"), action: .deny, reason: "never secrets")
        ])
        guard case .deny(let explicit) = rules.evaluate(method: "GET", path: "/secrets/x") else {
            Issue.record("the deny rule did not match")
            return
        }
        #expect(explicit.reasonCode == .matchedDenyRule)
    }
}
