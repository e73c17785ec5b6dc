/// An ordered rule table: the first rule whose methods and path match decides; no match is a deny.
///
/// Only the canonical path and the method take part. The query string never does, and neither does the
/// API version: `PathCanonicalizer` has already removed it.
public struct RuleSet: Sendable, Equatable {
    /// The one message every policy denial carries. It is deliberately the same for "a deny rule matched"
    /// and "nothing allowed it", so a client cannot probe the rule table; the reason code tells them apart
    /// in our own logs.
    static let denialMessage = "request denied by sockguard policy"

    public let rules: [Rule]

    public init(_ rules: [Rule]) {
        self.rules = rules
    }

    /// path must be canonical (PathCanonicalizer output). First match wins; no match = deny.
    public func evaluate(method: String, path: String) -> Decision {
        for (index, rule) in rules.enumerated() where rule.methods.matches(method) && rule.path.matches(path) {
            switch rule.action {
            case .allow:
                return .allow(MatchedRule(index: index, reason: rule.reason))
            case .deny:
                // As in sockguard (Go): a catch-all whose reason is exactly `no matching allow rule` reports the
                // same code as no match at all, so both read alike in logs.
                let code: ReasonCode = rule.reason == Self.noMatchReason ? .noMatchingAllowRule : .matchedDenyRule
                return .deny(Denial(status: 403, reasonCode: code, message: Self.denialMessage, ruleIndex: index))
            }
        }
        return .deny(Denial(status: 403, reasonCode: .noMatchingAllowRule, message: Self.denialMessage, ruleIndex: nil))
    }

    /// The reason of the built-in and generated catch-all deny, spelled as sockguard (Go) spells it.
    public static let noMatchReason = "no matching allow rule"

    /// Built-in defaults: allow GET,HEAD /_ping; allow GET /version; allow GET /events; deny /** .
    ///
    /// Enough for health checks, version negotiation and the event stream; everything else is denied.
    public static let defaults = RuleSet([
        Rule(
            methods: MethodMatcher(methods: ["GET", "HEAD"]),
            path: GlobPattern(trusted: "/_ping"),
            action: .allow,
            reason: "ping"
        ),
        Rule(
            methods: MethodMatcher(methods: ["GET"]),
            path: GlobPattern(trusted: "/version"),
            action: .allow,
            reason: "version"
        ),
        Rule(
            methods: MethodMatcher(methods: ["GET"]),
            path: GlobPattern(trusted: "/events"),
            action: .allow,
            reason: "events"
        ),
        Rule(methods: .any, path: GlobPattern(trusted: "/**"), action: .deny, reason: noMatchReason),
    ])
}
