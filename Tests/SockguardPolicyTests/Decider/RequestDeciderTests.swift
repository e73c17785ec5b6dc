import Testing

@testable import SockguardPolicy

@Suite("RequestDecider: from the head")
struct RequestDeciderTests {
    @Test("an allowed read is forwarded on its canonical target, and the verdict names the rule")
    func allowed() throws {
        var decider = DeciderFixture.decider()
        let plan = try #require(decider.start(RequestHead(method: "GET", uri: "/v1.41/containers/json?all=1")).plan)
        #expect(plan.target.forwardTarget == "/v1.41/containers/json?all=1")
        #expect(plan.hijack == nil && !plan.isStream && plan.replacementBody == nil)
        let verdict = decider.verdict
        #expect(verdict.outcome == .allow && verdict.stage == .rules)
        #expect(verdict.ruleIndex == 1 && verdict.reasonCode == .matchedAllowRule && verdict.reason == "reads")
        #expect(verdict.canonicalPath == "/containers/json")
    }

    @Test(
        "a rule's denial is a 403 with the rule's reason; no match says so; the connection closes only when a body follows",
        arguments: [
            ("DELETE", "/secrets/abc", 7, ReasonCode.matchedDenyRule, "no secrets"),
            ("POST", "/containers/abc/kill", nil, .noMatchingAllowRule, "no matching allow rule"),
        ] as [(String, String, Int?, ReasonCode, String)]
    )
    func denied(method: String, path: String, rule: Int?, code: ReasonCode, reason: String) throws {
        for hasBody in [false, true] {
            var decider = DeciderFixture.decider()
            let step = decider.start(RequestHead(method: method, uri: path, hasBody: hasBody))
            let refusal = try #require(step.refusal)
            #expect(refusal.denial.status == 403 && refusal.denial.reasonCode == code)
            #expect(refusal.denial.message == "request denied by sockguard policy")
            #expect(refusal.reason == reason && refusal.path == path)
            #expect(refusal.closesConnection == hasBody)
            #expect(decider.verdict.outcome == .deny && decider.verdict.stage == .rules)
            #expect(decider.verdict.ruleIndex == rule && decider.verdict.reasonCode == code)
        }
    }

    @Test("a path that cannot be made canonical is a 400 that closes, judged on no path")
    func invalidPath() throws {
        var decider = DeciderFixture.decider()
        let refusal = try #require(decider.start(RequestHead(method: "GET", uri: "/../x")).refusal)
        #expect(refusal.denial.status == 400 && refusal.denial.reasonCode == .invalidPath)
        #expect(refusal.closesConnection && refusal.path == nil)
        #expect(decider.verdict.canonicalPath == nil && decider.verdict.stage == .path)
    }

    @Test("a client outside the address allowlist is refused before the health check; others get the health")
    func addressBeforeHealth() throws {
        let policy = DeciderFixture.policy()
        var refused = DeciderFixture.decider(
            client: DeciderClient(label: "10.0.0.9:4000", addressAllowed: false, policy: policy)
        )
        let refusal = try #require(refused.start(RequestHead(method: "GET", uri: "/health")).refusal)
        #expect(refusal.denial.reasonCode == .clientNotAllowed)
        #expect(refusal.denial.message.contains("10.0.0.9:4000"))
        var allowed = DeciderFixture.decider()
        #expect(allowed.start(RequestHead(method: "GET", uri: "/health")) == .answerHealth)
        #expect(allowed.verdict.outcome == .unjudged && allowed.verdict.reasonCode == nil)
        // Only GET and HEAD are the health check; a POST is judged by the rules.
        var post = DeciderFixture.decider()
        #expect(
            post.start(RequestHead(method: "POST", uri: "/health")).refusal?.denial.reasonCode == .noMatchingAllowRule
        )
    }

    @Test("readiness is answered locally on GET and HEAD, under any version prefix; other methods meet the rules")
    func readiness() {
        let settings = DeciderSettings(readinessPath: "/ready")
        for (method, uri) in [("GET", "/ready"), ("HEAD", "/v1.45/ready")] {
            var decider = DeciderFixture.decider(settings: settings)
            #expect(decider.start(RequestHead(method: method, uri: uri)) == .answerReadiness)
            #expect(decider.verdict.stage == .readiness && decider.verdict.outcome == .unjudged)
            #expect(decider.verdict.loggedRule == 0)
        }
        var post = DeciderFixture.decider(settings: settings)
        #expect(
            post.start(RequestHead(method: "POST", uri: "/ready")).refusal?.denial.reasonCode == .noMatchingAllowRule
        )
        #expect(post.verdict.loggedRule == -1)
        var off = DeciderFixture.decider()
        #expect(off.start(RequestHead(method: "GET", uri: "/ready")).refusal != nil)
    }

    @Test("a listener that admits other profiles refuses the client whatever the rules say")
    func listener() throws {
        let client = DeciderClient(policy: DeciderFixture.policy(profile: "ci"), listenerProfiles: ["admin"])
        var decider = DeciderFixture.decider(client: client)
        let refusal = try #require(decider.start(RequestHead(method: "GET", uri: "/_ping")).refusal)
        #expect(refusal.denial.reasonCode == .listenerProfileNotAllowed)
        #expect(decider.verdict.profile == "ci" && decider.verdict.stage == .listener)
        var admitted = DeciderFixture.decider(
            client: DeciderClient(policy: DeciderFixture.policy(profile: "admin"), listenerProfiles: ["admin"])
        )
        #expect(admitted.start(RequestHead(method: "GET", uri: "/_ping")).plan != nil)
    }

    @Test(
        "container labels narrow what the rules allow; an unknown container is refused; require_labels refuses the unlabelled"
    )
    func containerLabels() throws {
        let acl = ContainerLabelACL(labels: ["com.sockguard.allow.get": "/_ping"])
        func step(_ container: ClientContainer, _ path: String, required: Bool = false) -> DeciderStep {
            var decider = DeciderFixture.decider(
                settings: DeciderSettings(containerLabelsRequired: required),
                client: DeciderClient(policy: DeciderFixture.policy(), container: container)
            )
            return decider.start(RequestHead(method: "GET", uri: path))
        }
        #expect(step(.container(acl), "/_ping").plan != nil)
        #expect(step(.container(acl), "/containers/json").refusal?.denial.reasonCode == .containerLabelDenied)
        #expect(step(.unknown("timeout"), "/_ping").refusal?.denial.reasonCode == .containerLabelDenied)
        #expect(step(.host, "/containers/json").plan != nil)
        #expect(step(.unlisted, "/containers/json").plan != nil)
        #expect(step(.unlisted, "/containers/json", required: true).refusal != nil)
        #expect(step(.container(ContainerLabelACL(labels: [:])), "/_ping", required: true).refusal != nil)
    }

    @Test("attach is hijacked (legacy without Upgrade headers), exec start too; neither is redacted; both are streams")
    func hijack() throws {
        var legacy = DeciderFixture.decider()
        let plan = try #require(legacy.start(RequestHead(method: "POST", uri: "/containers/abc/attach?stream=1")).plan)
        #expect(plan.hijack == .legacy && plan.isStream && plan.redaction == nil)
        var upgrade = DeciderFixture.decider()
        let upgraded = try #require(
            upgrade.start(RequestHead(method: "POST", uri: "/containers/abc/attach", requestsUpgrade: true)).plan
        )
        #expect(upgraded.hijack == .upgrade)
    }

    @Test(
        "only attach and exec start are hijackable",
        arguments: [
            ("POST", "/containers/abc/attach", true), ("POST", "/exec/abc/start", true),
            ("GET", "/containers/abc/attach", false), ("POST", "/containers/abc/attach/ws", false),
            ("POST", "/containers/attach", false), ("POST", "/exec/abc/resize", false),
            ("POST", "/containers/abc/start", false), ("POST", "/x/containers/abc/attach", false),
        ]
    )
    func hijackable(method: String, path: String, expected: Bool) {
        #expect(RequestDecider.isHijackable(method: method, endpoint: .of(method, path)) == expected)
    }

    @Test("a Transfer-Encoding other than chunked is a 400 once the rules allowed; a denied request stays a 403")
    func framing() throws {
        var allowed = DeciderFixture.decider()
        let refusal = try #require(
            allowed.start(RequestHead(method: "GET", uri: "/_ping", hasBody: true, framingIsValid: false)).refusal
        )
        #expect(
            refusal.denial.status == 400 && refusal.denial.reasonCode == .malformedRequest && refusal.closesConnection
        )
        var denied = DeciderFixture.decider()
        let deny = try #require(denied.start(RequestHead(method: "GET", uri: "/info", framingIsValid: false)).refusal)
        #expect(deny.denial.status == 403)
    }

    @Test("a pull's request line is inspected, and a form-encoded body there is refused")
    func requestLine() throws {
        var pull = DeciderFixture.decider()
        let refused = try #require(pull.start(RequestHead(method: "POST", uri: "/images/create?fromSrc=-")).refusal)
        #expect(refused.denial.reasonCode == .imagePullImport && pull.verdict.stage == .requestLine)
        var form = DeciderFixture.decider()
        let head = RequestHead(method: "POST", uri: "/images/create?fromImage=busybox", isFormEncoded: true)
        #expect(form.start(head).refusal?.denial.reasonCode == .requestBodyInvalid)
    }

    @Test("framing is valid without Transfer-Encoding or with chunked alone, in any case")
    func framingTokens() {
        #expect(RequestHead.framingIsValid(transferCodings: []))
        #expect(RequestHead.framingIsValid(transferCodings: ["chunked"]))
        #expect(RequestHead.framingIsValid(transferCodings: ["CHUNKED"]))
        #expect(!RequestHead.framingIsValid(transferCodings: ["gzip", "chunked"]))
        #expect(!RequestHead.framingIsValid(transferCodings: ["xchunked"]))
        #expect(!RequestHead.framingIsValid(transferCodings: ["identity"]))
    }

    @Test("an upgrade needs the upgrade token in Connection and an Upgrade header")
    func upgradeTokens() {
        #expect(RequestHead.requestsUpgrade(connectionTokens: ["keep-alive", "Upgrade"], hasUpgradeHeader: true))
        #expect(!RequestHead.requestsUpgrade(connectionTokens: ["Upgrade"], hasUpgradeHeader: false))
        #expect(!RequestHead.requestsUpgrade(connectionTokens: ["keep-alive"], hasUpgradeHeader: true))
    }
}
