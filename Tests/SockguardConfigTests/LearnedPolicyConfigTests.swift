import SockguardConfig
import SockguardPolicy
import Testing

/// What `sockguard learn` writes loads as a configuration, and its rules and options mean what was learned.
@Suite struct LearnedPolicyConfigTests {
    static func learned() -> LearnedPolicy {
        var learner = PolicyLearner(startedFromAllowAll: true)
        func observe(_ method: String, _ path: String, _ features: BodyFeatures? = nil) {
            learner.observe(
                LearnObservation(
                    profile: nil,
                    method: method,
                    path: path,
                    example: "\(method) \(path)",
                    outcome: .allow,
                    features: features
                )
            )
        }
        var create = BodyFeatures(kind: .containerCreate)
        create.privileged = true
        create.hostNetwork = true
        create.hostPID = true
        create.hostIPC = true
        create.bindSources = ["/srv/data", "/etc/app config"]
        create.capabilities = ["NET_ADMIN"]
        create.devices = ["/dev/fuse"]
        var exec = BodyFeatures(kind: .exec)
        exec.command = ["sh", "-c", "echo 'it''s' \"quoted\": yes # not a comment"]
        exec.rootUser = true
        exec.privileged = true
        observe("HEAD", "/_ping")
        observe("GET", "/_ping")
        observe("POST", "/containers/create", create)
        observe("POST", "/containers/web/exec", exec)
        observe("POST", "/exec/abc/start")
        observe("GET", "/images/library/busybox/json")
        return learner.policy
    }

    @Test func learnedYAMLLoadsWithEveryOption() throws {
        let loaded = try load(yaml: Self.learned().yaml(header: ["a header: with a colon"]))
        let rules = loaded.ruleSet
        #expect(rules.evaluate(method: "GET", path: "/_ping").isAllow)
        #expect(rules.evaluate(method: "POST", path: "/exec/other/start").isAllow)
        #expect(rules.evaluate(method: "GET", path: "/images/library/busybox/json").isAllow)
        #expect(!rules.evaluate(method: "GET", path: "/images/busybox/json").isAllow)
        #expect(!rules.evaluate(method: "DELETE", path: "/containers/web").isAllow)
        #expect(!rules.evaluate(method: "GET", path: "/secrets").isAllow)
        let body = loaded.configuration.requestBody
        #expect(body.containerCreate.allowPrivileged && body.containerCreate.allowHostNetwork)
        #expect(body.containerCreate.allowedBindMounts == ["/etc/app config", "/srv/data"])
        #expect(
            body.exec.allowedCommands.map { $0.map(\.source) } == [
                ["sh", "-c", "echo 'it''s' \"quoted\": yes # not a comment"]
            ]
        )
        #expect(body.exec.allowRootUser && body.exec.allowPrivileged)
    }
}
