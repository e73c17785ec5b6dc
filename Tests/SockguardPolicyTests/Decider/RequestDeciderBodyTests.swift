import Testing

@testable import SockguardPolicy

@Suite("RequestDecider: bodies, the daemon's answers, rollout modes")
struct RequestDeciderBodyTests {
    static let create = RequestHead(method: "POST", uri: "/containers/create", contentLength: 40, hasBody: true)

    @Test("a create is read first; a privileged body is refused (the connection goes on), a plain one forwarded")
    func create() throws {
        var decider = DeciderFixture.decider()
        #expect(decider.start(Self.create) == .readBody(limit: InspectorRegistry.containerCreateBodyLimit))
        let refusal = try #require(decider.receive(#"{"Image":"busybox","HostConfig":{"Privileged":true}}"#).refusal)
        #expect(refusal.denial.reasonCode == .containerCreatePrivileged && !refusal.closesConnection)
        #expect(decider.verdict.outcome == .deny && decider.verdict.stage == .body)

        var plain = DeciderFixture.decider()
        _ = plain.start(Self.create)
        let plan = try #require(plain.receive(#"{"Image":"busybox"}"#).plan)
        #expect(plan.replacementBody == nil && plain.verdict.outcome == .allow)
    }

    @Test("a body declared or grown past the limit, or too slow, is refused and closes the connection")
    func limits() throws {
        var declared = DeciderFixture.decider()
        var head = Self.create
        head.contentLength = InspectorRegistry.containerCreateBodyLimit + 1
        let tooLarge = try #require(declared.start(head).refusal)
        #expect(tooLarge.denial.status == 413 && tooLarge.closesConnection && tooLarge.denial.reasonCode == .requestBodyRefused)
        var grown = DeciderFixture.decider()
        _ = grown.start(Self.create)
        #expect(grown.bodyTooLarge().refusal?.denial.status == 413)
        var slow = DeciderFixture.decider()
        _ = slow.start(Self.create)
        let timedOut = try #require(slow.bodyTimedOut(seconds: 10).refusal)
        #expect(timedOut.denial.status == 408 && timedOut.reason == "request body not received within 10 s")
    }

    @Test("an exec start asks the daemon about the instance; its answer decides")
    func execStart() throws {
        var options = ExecInspector.Options()
        options.allowAnyCommand = true
        let inspectors = InspectorRegistry(exec: options)
        let instance = { (privileged: Bool) in
            DeciderFixture.body(#"{"ProcessConfig":{"entrypoint":"sh","arguments":[],"privileged":\#(privileged),"user":"1000"}}"#)
        }
        func started() -> RequestDecider {
            var decider = DeciderFixture.decider(inspectors: inspectors)
            _ = decider.start(RequestHead(method: "POST", uri: "/exec/e1/start", contentLength: 2, hasBody: true))
            #expect(decider.receive("{}") == .lookup(path: "/exec/e1/json"))
            return decider
        }
        var plain = started()
        #expect(plain.lookupAnswered(status: 200, body: instance(false)).plan?.hijack == .legacy)
        var privileged = started()
        #expect(privileged.lookupAnswered(status: 200, body: instance(true)).refusal?.denial.reasonCode == .execPrivileged)
        var missing = started()
        #expect(missing.lookupAnswered(status: 404, body: []).refusal?.denial.status == 404)
        var failed = started()
        let refusal = try #require(failed.lookupFailed("connection refused").refusal)
        #expect(refusal.denial.status == 502 && refusal.denial.message.contains("connection refused"))
        #expect(failed.verdict.stage == .execInstance)
    }

    @Test("ownership stamps a create's body and checks the image it names before forwarding")
    func ownershipCreate() throws {
        let settings = DeciderSettings(ownership: OwnershipPolicy(owner: "team-a"))
        var decider = DeciderFixture.decider(settings: settings)
        #expect(decider.start(Self.create) == .readBody(limit: InspectorRegistry.containerCreateBodyLimit))
        #expect(decider.receive(#"{"Image":"app:1"}"#) == .lookup(path: "/images/app:1/json"))
        let owned = DeciderFixture.body(#"{"Config":{"Labels":{"com.sockguard.owner":"team-a"}}}"#)
        let plan = try #require(decider.lookupAnswered(status: 200, body: owned).plan)
        let stamped = String(decoding: try #require(plan.replacementBody), as: UTF8.self)
        #expect(stamped.contains(#""com.sockguard.owner":"team-a""#))
    }

    @Test("ownership holds a request on one object until the daemon says who owns it")
    func ownershipCheck() throws {
        let settings = DeciderSettings(ownership: OwnershipPolicy(owner: "team-a"))
        var decider = DeciderFixture.decider(settings: settings)
        #expect(decider.start(RequestHead(method: "GET", uri: "/containers/c1/json")) == .readBody(limit: DeciderSettings.ownershipBodyLimit))
        #expect(decider.receive("") == .lookup(path: "/containers/c1/json"))
        let other = DeciderFixture.body(#"{"Config":{"Labels":{"com.sockguard.owner":"team-b"}}}"#)
        let refusal = try #require(decider.lookupAnswered(status: 200, body: other).refusal)
        #expect(refusal.denial.reasonCode == .ownerMismatch && decider.verdict.stage == .ownerCheck)
        // Lists are not held: the owner filter goes into the forwarded query.
        var list = DeciderFixture.decider(settings: settings)
        let plan = try #require(list.start(RequestHead(method: "GET", uri: "/containers/json")).plan)
        #expect(plan.target.query?.contains("filters=") == true)
    }

    @Test("in warn mode a denial is recorded as would_deny and the request goes on; the first would-be denial is kept")
    func warn() throws {
        var decider = DeciderFixture.decider(mode: .warn)
        var head = Self.create
        head.uri = "/containers/create?name=x"
        #expect(decider.start(RequestHead(method: "DELETE", uri: "/secrets/s1")).plan != nil)
        #expect(decider.verdict.outcome == .wouldDeny && decider.verdict.reason == "no secrets")
        #expect(decider.verdict.rolloutMode == .warn && decider.verdict.stage == .rules)

        var body = DeciderFixture.decider(mode: .audit)
        _ = body.start(head)
        #expect(body.receive(#"{"Image":"x","HostConfig":{"Privileged":true}}"#).plan != nil)
        #expect(body.verdict.outcome == .wouldDeny && body.verdict.reasonCode == .containerCreatePrivileged)
    }

    @Test("warn mode never lets through what is not a policy denial: a bad path, an oversized body")
    func warnKeepsGates() throws {
        var path = DeciderFixture.decider(mode: .warn)
        #expect(path.start(RequestHead(method: "GET", uri: "/../x")).refusal != nil)
        var size = DeciderFixture.decider(mode: .warn)
        _ = size.start(Self.create)
        #expect(size.bodyTooLarge().refusal != nil)
    }
}
