import Testing

@testable import SockguardPolicy

@Suite struct RequestDeciderVisibilityTests {
    static let rules = RuleSet([
        DeciderFixture.rule("GET,HEAD", "/**", .allow, "reads")
    ])

    func decider(
        labels: [String] = [],
        names: [String] = [],
        mode: RolloutMode = .enforce,
        ownership: OwnershipPolicy? = nil
    ) -> RequestDecider {
        let visibility = ResponseRedaction(
            visibleResourceLabels: labels.compactMap(LabelSelector.init(parsing:)),
            namePatterns: names.compactMap(NameGlob.init)
        )
        let policy = ClientPolicy(
            profile: nil,
            ruleSet: Self.rules,
            inspectors: InspectorRegistry(),
            mode: mode,
            redactor: ResponseRedactor(visibility)
        )
        return RequestDecider(settings: DeciderSettings(ownership: ownership), client: DeciderClient(policy: policy))
    }

    static let web = DeciderFixture.body(#"{"Name":"/web-1","Config":{"Image":"nginx:1","Labels":{"team":"a"}}}"#)
    static let db = DeciderFixture.body(#"{"Name":"/db-1","Config":{"Image":"postgres:16","Labels":{}}}"#)

    func decoded(_ text: String) -> String {
        String(decoding: (try? PercentEncoding.decode(ArraySlice(text.utf8), plusAsSpace: true)) ?? [], as: UTF8.self)
    }

    func started(_ uri: String, _ decider: RequestDecider) -> RequestDecider {
        var decider = decider
        #expect(
            decider.start(RequestHead(method: "GET", uri: uri)) == .readBody(limit: DeciderSettings.ownershipBodyLimit)
        )
        return decider
    }

    @Test("container logs wait for the daemon's inspect answer: a hidden container answers 404, a visible one goes on")
    func containerLogs() throws {
        var hidden = started("/v1.41/containers/db-1/logs?follow=1", decider(names: ["web-*"]))
        #expect(hidden.receive("") == .lookup(path: "/containers/db-1/json"))
        let refusal = try #require(hidden.lookupAnswered(status: 200, body: Self.db).refusal)
        #expect(refusal.denial.status == 404 && refusal.denial.reasonCode == .visibilityPolicyHidResource)
        #expect(hidden.verdict.stage == .visibility && !refusal.closesConnection)
        var visible = started("/containers/web-1/logs", decider(names: ["web-*"]))
        _ = visible.receive("")
        #expect(
            visible.lookupAnswered(status: 200, body: Self.web).plan?.target.forwardTarget == "/containers/web-1/logs"
        )
    }

    @Test(
        "every read that does not answer with the object itself is checked",
        arguments: [
            ("/containers/c/stats", "/containers/c/json"), ("/containers/c/top", "/containers/c/json"),
            ("/containers/c/changes", "/containers/c/json"), ("/containers/c/export", "/containers/c/json"),
            ("/containers/c/archive?path=/etc", "/containers/c/json"),
            ("/containers/c/attach/ws", "/containers/c/json"),
            ("/images/ghcr.io/org/web:1/history", "/images/ghcr.io/org/web:1/json"),
            ("/images/web:1/get", "/images/web:1/json"),
        ]
    )
    func checkedReads(uri: String, lookup: String) {
        var decider = started(uri, decider(names: ["web-*"]))
        #expect(decider.receive("") == .lookup(path: lookup))
    }

    @Test("an exec instance's inspect is hidden with its container")
    func execInstance() throws {
        var hidden = started("/exec/e1/json", self.decider(labels: ["team=a"]))
        #expect(hidden.receive("") == .lookup(path: "/exec/e1/json"))
        let instance = DeciderFixture.body(#"{"ID":"e1","ContainerID":"c9","ProcessConfig":{}}"#)
        #expect(hidden.lookupAnswered(status: 200, body: instance) == .lookup(path: "/containers/c9/json"))
        #expect(hidden.lookupAnswered(status: 200, body: Self.db).refusal?.denial.status == 404)
        var visible = started("/exec/e1/json", self.decider(labels: ["team=a"]))
        _ = visible.receive("")
        _ = visible.lookupAnswered(status: 200, body: instance)
        #expect(visible.lookupAnswered(status: 200, body: Self.web).plan != nil)
        var orphan = started("/exec/e1/json", self.decider(labels: ["team=a"]))
        _ = orphan.receive("")
        #expect(orphan.lookupAnswered(status: 200, body: DeciderFixture.body("{}")).refusal?.denial.status == 502)
    }

    @Test("inspects and lists are not held: their answers are checked as they come back")
    func answersCheckedOnTheWay() {
        for uri in ["/containers/db-1/json", "/containers/json", "/images/web:1/json", "/_ping"] {
            var decider = decider(names: ["web-*"])
            #expect(decider.start(RequestHead(method: "GET", uri: uri)).plan != nil, "\(uri)")
        }
        var logs = decider(labels: ["team=a"])
        #expect(
            logs.start(RequestHead(method: "GET", uri: "/services/s/logs"))
                == .readBody(limit: DeciderSettings.ownershipBodyLimit)
        )
        var unfiltered = decider(names: ["web-*"])
        #expect(
            unfiltered.start(RequestHead(method: "GET", uri: "/services/s/logs")).plan != nil,
            "patterns leave services alone"
        )
    }

    @Test("a missing object is the daemon's to answer; an unreadable answer or a failed lookup is a 502")
    func lookupOutcomes() throws {
        var missing = started("/containers/gone/logs", decider(names: ["web-*"]))
        _ = missing.receive("")
        #expect(missing.lookupAnswered(status: 404, body: []).plan != nil)
        var broken = started("/containers/c/logs", decider(names: ["web-*"]))
        _ = broken.receive("")
        let unreadable = try #require(broken.lookupAnswered(status: 200, body: DeciderFixture.body("[")).refusal)
        #expect(unreadable.denial.status == 502 && unreadable.denial.reasonCode == .visibilityPolicyLookupFailed)
        var error = started("/containers/c/logs", decider(names: ["web-*"]))
        _ = error.receive("")
        #expect(error.lookupAnswered(status: 500, body: []).refusal?.denial.status == 502)
        var failed = started("/containers/c/logs", decider(names: ["web-*"]))
        _ = failed.receive("")
        #expect(
            failed.lookupFailed("connection refused").refusal?.denial.message.contains("connection refused") == true
        )
    }

    @Test("in warn mode a hidden object's read is forwarded and recorded as would_deny")
    func warnMode() throws {
        var decider = started("/containers/db-1/logs", decider(names: ["web-*"], mode: .warn))
        _ = decider.receive("")
        #expect(decider.lookupAnswered(status: 200, body: Self.db).plan != nil)
        #expect(decider.verdict.outcome == .wouldDeny && decider.verdict.reasonCode == .visibilityPolicyHidResource)
    }

    @Test("lists and events get the label selectors added to the client's filters; nodes under node.label")
    func filters() throws {
        func forwarded(_ uri: String, labels: [String] = ["team=a", "tier"]) throws -> String {
            var decider = decider(labels: labels)
            return try #require(decider.start(RequestHead(method: "GET", uri: uri)).plan).target.forwardTarget
        }
        let events = try forwarded("/v1.41/events?since=1&until=2")
        #expect(events.hasPrefix("/v1.41/events?since=1&until=2&filters="))
        let filters = try #require(events.split(separator: "filters=").last)
        #expect(decoded(String(filters)) == #"{"label":["team=a","tier"]}"#)
        let narrowed = try forwarded(#"/containers/json?filters=%7B%22label%22%3A%7B%22x%3D1%22%3Atrue%7D%7D"#)
        let narrowedFilters = try #require(narrowed.split(separator: "filters=").last)
        #expect(decoded(String(narrowedFilters)) == #"{"label":["x=1","team=a","tier"]}"#)
        let nodes = try forwarded("/nodes", labels: ["zone"])
        #expect(decoded(String(try #require(nodes.split(separator: "filters=").last))) == #"{"node.label":["zone"]}"#)
        #expect(try forwarded("/containers/json", labels: []) == "/containers/json")
        var invalid = decider(labels: ["team=a"])
        let refusal = try #require(invalid.start(RequestHead(method: "GET", uri: "/events?filters=%5B%5D")).refusal)
        #expect(refusal.denial.status == 400 && refusal.denial.reasonCode == .visibilityFilterInvalid)
    }

    @Test("visibility runs before ownership's check of the same object")
    func withOwnership() throws {
        var decider = started(
            "/containers/web-1/logs",
            decider(names: ["web-*"], ownership: OwnershipPolicy(owner: "team-a"))
        )
        #expect(decider.receive("") == .lookup(path: "/containers/web-1/json"))
        #expect(decider.lookupAnswered(status: 200, body: Self.web) == .lookup(path: "/containers/web-1/json"))
    }
}
