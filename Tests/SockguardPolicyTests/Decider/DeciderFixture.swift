@testable import SockguardPolicy

/// Builds deciders over small rule tables, without sockets.
enum DeciderFixture {
    /// Allows ping, container reads, creates, exec and attach; denies `/secrets/**` by a rule with a reason; nothing
    /// else matches.
    static let rules = RuleSet([
        rule("GET,HEAD", "/_ping", .allow, "ping"),
        rule("GET", "/containers/**", .allow, "reads"),
        rule("POST", "/containers/create", .allow, "creates"),
        rule("POST", "/containers/*/attach", .allow, "attach"),
        rule("POST", "/containers/*/exec", .allow, "exec"),
        rule("POST", "/exec/*/start", .allow, "exec start"),
        rule("POST", "/images/create", .allow, "pulls"),
        rule("*", "/secrets/**", .deny, "no secrets"),
    ])

    static func rule(_ methods: String, _ path: String, _ action: Rule.Action, _ reason: String) -> Rule {
        let methods = methods == "*" ? MethodMatcher.any : MethodMatcher(methods: Set(methods.split(separator: ",").map(String.init)))
        return Rule(methods: methods, path: GlobPattern(trusted: path), action: action, reason: reason)
    }

    static func policy(
        mode: RolloutMode = .enforce,
        profile: String? = nil,
        inspectors: InspectorRegistry = InspectorRegistry()
    ) -> ClientPolicy {
        ClientPolicy(profile: profile, ruleSet: rules, inspectors: inspectors, mode: mode)
    }

    static func decider(
        mode: RolloutMode = .enforce,
        settings: DeciderSettings = DeciderSettings(),
        client: DeciderClient? = nil,
        inspectors: InspectorRegistry = InspectorRegistry()
    ) -> RequestDecider {
        RequestDecider(settings: settings, client: client ?? DeciderClient(policy: policy(mode: mode, inspectors: inspectors)))
    }

    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }
}

extension RequestDecider {
    /// Hands `body` to the decider as the proxy does, in place.
    mutating func receive(_ body: String) -> DeciderStep {
        Array(body.utf8).withUnsafeBytes { self.bodyReceived($0) }
    }
}

extension DeciderStep {
    var refusal: Refusal? {
        if case .refuse(let refusal) = self { return refusal }
        return nil
    }

    var plan: ForwardPlan? {
        if case .forward(let plan) = self { return plan }
        return nil
    }
}
