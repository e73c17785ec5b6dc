import SockguardPolicy
import Testing

/// The admin endpoints: answered before the rules on a listener that serves them, a Docker API path like any other
/// elsewhere; the dedicated admin listener serves nothing else.
@Suite struct RequestDeciderAdminTests {
    static let admin = AdminEndpoints(maxRequestBytes: 100)

    static func decider(_ placement: AdminPlacement, mode: RolloutMode = .enforce, allowedAddress: Bool = true) -> RequestDecider {
        RequestDecider(
            settings: DeciderSettings(admin: admin),
            client: DeciderClient(
                addressAllowed: allowedAddress,
                policy: DeciderFixture.policy(mode: mode),
                admin: placement
            )
        )
    }

    @Test("POST admin.path reads the candidate within max_request_bytes, then asks the proxy to check it")
    func validate() {
        var decider = Self.decider(.mounted)
        let step = decider.start(RequestHead(method: "POST", uri: "/admin/validate", contentLength: 12, hasBody: true))
        #expect(step == .readBody(limit: 100))
        #expect(decider.receive("rules: []\n") == .answerAdmin(.validate(Array("rules: []\n".utf8))))
        #expect(decider.verdict.outcome == .unjudged && decider.verdict.stage == .admin)
        decider.adminValidated(ok: false)
        #expect(decider.verdict.outcome == .deny && decider.verdict.reasonCode == .adminValidationFailed)
    }

    @Test("a candidate larger than max_request_bytes is a 413 that closes, declared or streamed")
    func tooLarge() throws {
        var declared = Self.decider(.mounted)
        let refusal = try #require(
            declared.start(RequestHead(method: "POST", uri: "/admin/validate", contentLength: 101, hasBody: true)).refusal
        )
        #expect(refusal.denial.status == 413 && refusal.denial.reasonCode == .adminBodyTooLarge)
        #expect(refusal.denial.message == "request body exceeds admin.max_request_bytes" && refusal.closesConnection)
        var streamed = Self.decider(.mounted)
        _ = streamed.start(RequestHead(method: "POST", uri: "/admin/validate", hasBody: true))
        #expect(streamed.bodyTooLarge().refusal?.denial.reasonCode == .adminBodyTooLarge)
    }

    @Test("the wrong method is a 405 naming the one allowed, even in warn mode")
    func methods() throws {
        var get = Self.decider(.mounted, mode: .warn)
        let refusal = try #require(get.start(RequestHead(method: "GET", uri: "/admin/validate")).refusal)
        #expect(refusal.denial.status == 405 && refusal.allow == "POST")
        #expect(refusal.denial.reasonCode == .adminMethodNotAllowed && refusal.denial.message == "method not allowed")
        var post = Self.decider(.mounted)
        #expect(post.start(RequestHead(method: "POST", uri: "/admin/policy/version")).refusal?.allow == "GET")
        var version = Self.decider(.mounted)
        #expect(version.start(RequestHead(method: "GET", uri: "/admin/policy/version?x=1")) == .answerAdmin(.policyVersion))
    }

    @Test("the paths match canonically and without an API version; elsewhere the rules decide them")
    func matching() {
        var dotted = Self.decider(.mounted)
        #expect(dotted.start(RequestHead(method: "GET", uri: "/admin/x/../policy/version")) == .answerAdmin(.policyVersion))
        var versioned = Self.decider(.mounted)
        #expect(versioned.start(RequestHead(method: "GET", uri: "/v1.45/admin/policy/version")).refusal?.denial.reasonCode == .noMatchingAllowRule)
        var absent = Self.decider(.absent)
        #expect(absent.start(RequestHead(method: "GET", uri: "/admin/policy/version")).refusal?.denial.reasonCode == .noMatchingAllowRule)
        var ping = Self.decider(.mounted)
        #expect(ping.start(RequestHead(method: "GET", uri: "/_ping")).plan != nil)
    }

    @Test("the dedicated listener answers the admin paths, 404 for anything else, and keeps the address allowlist")
    func dedicated() throws {
        var version = Self.decider(.dedicated)
        #expect(version.start(RequestHead(method: "GET", uri: "/admin/policy/version")) == .answerAdmin(.policyVersion))
        var ping = Self.decider(.dedicated)
        let refusal = try #require(ping.start(RequestHead(method: "GET", uri: "/_ping")).refusal)
        #expect(refusal.denial.status == 404 && refusal.denial.reasonCode == .adminUnknownPath)
        var health = Self.decider(.dedicated)
        #expect(health.start(RequestHead(method: "GET", uri: "/health")).refusal?.denial.status == 404)
        var outsider = Self.decider(.dedicated, allowedAddress: false)
        #expect(outsider.start(RequestHead(method: "GET", uri: "/admin/policy/version")).refusal?.denial.reasonCode == .clientNotAllowed)
    }
}
