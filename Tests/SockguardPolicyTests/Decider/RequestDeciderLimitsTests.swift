import SockguardPolicy
import Testing

/// The decider asks the limits before the rules, and turns a throttle into a 429 or, in warn and audit, a
/// would-be denial.
@Suite struct RequestDeciderLimitsTests {
    static func decider(mode: RolloutMode = .enforce, limits: ProfileLimits?, globalMax: Int? = nil) -> RequestDecider {
        let base = DeciderFixture.policy(mode: mode)
        let policy = ClientPolicy(
            profile: "ci",
            ruleSet: base.ruleSet,
            inspectors: base.inspectors,
            mode: mode,
            limits: limits
        )
        return RequestDecider(
            settings: DeciderSettings(globalMaxInflight: globalMax),
            client: DeciderClient(policy: policy)
        )
    }

    @Test("without limits or a global cap nothing is asked; with them the admission comes before the rules")
    func asks() throws {
        var none = Self.decider(limits: nil)
        if case .admit = none.start(RequestHead(method: "GET", uri: "/_ping")) { Issue.record("asked without limits") }
        let rate = ProfileLimits.Rate(
            tokensPerSecond: 1,
            burst: 5,
            endpointCosts: [.init(path: try GlobPattern("/containers/**"), cost: 3)]
        )
        var limited = Self.decider(limits: ProfileLimits(rate: rate))
        let step = limited.start(RequestHead(method: "GET", uri: "/v1.41/containers/json"))
        #expect(step == .admit(AdmissionRequest(key: "ci", limits: ProfileLimits(rate: rate), cost: 3, mode: .enforce, path: "/containers/json")))
        var global = Self.decider(limits: nil, globalMax: 4)
        #expect(
            global.start(RequestHead(method: "GET", uri: "/_ping"))
                == .admit(AdmissionRequest(key: "ci", limits: nil, cost: 1, mode: .enforce, path: "/_ping"))
        )
        #expect(global.admissionAnswered(.admitted).isForward)
    }

    @Test("a throttle is a 429 with its reason and Retry-After, judged before the rules")
    func throttled() throws {
        var decider = Self.decider(limits: ProfileLimits(maxInflight: 1))
        _ = decider.start(RequestHead(method: "GET", uri: "/_ping"))
        let refusal = try #require(decider.admissionAnswered(.throttled(.rateLimitExceeded, retryAfter: 3)).refusal)
        #expect(refusal.denial.status == 429 && refusal.denial.reasonCode == .rateLimitExceeded)
        #expect(refusal.retryAfter == 3)
        #expect(decider.verdict.stage == .limits && decider.verdict.loggedRule == 0)
    }

    @Test("in warn mode a throttle is recorded as would_deny and the rules still decide")
    func warn() {
        var decider = Self.decider(mode: .warn, limits: ProfileLimits(maxInflight: 1))
        _ = decider.start(RequestHead(method: "GET", uri: "/_ping"))
        #expect(decider.admissionAnswered(.throttled(.concurrencyCap, retryAfter: nil)).isForward)
        #expect(decider.verdict.outcome == .wouldDeny && decider.verdict.reasonCode == .concurrencyCap)
        #expect(decider.verdict.rolloutMode == .warn)
    }
}

extension DeciderStep {
    fileprivate var isForward: Bool {
        if case .forward = self { return true }
        return false
    }
}
