import Testing

@testable import SockguardPolicy

@Suite struct PolicyLearnerTests {
    @Test(arguments: [
        ("POST", "/containers/3f2a9c/start", "/containers/*/start"),
        ("GET", "/containers/web/json", "/containers/*/json"),
        ("DELETE", "/containers/web", "/containers/*"),
        ("GET", "/containers/json", "/containers/json"),
        ("POST", "/containers/create", "/containers/create"),
        ("GET", "/images/library/busybox/json", "/images/*/*/json"),
        ("GET", "/containers/web/attach/ws", "/containers/*/attach/ws"),
        ("HEAD", "/_ping", "/_ping"),
        ("POST", "/exec/abc/start", "/exec/*/start"),
        ("POST", "/networks/prune", "/networks/prune"),
        ("DELETE", "/networks/prune", "/networks/*"),
        ("GET", "/libpod/info", "/libpod/info"),
    ])
    func generalisesObjectNames(method: String, path: String, pattern: String) {
        #expect(PolicyLearner.pattern(method: method, path: path) == pattern)
    }

    /// What a glob cannot name is not learned as a rule (and is listed instead).
    @Test func refusesPathsNoGlobCanName() {
        #expect(PolicyLearner.pattern(method: "GET", path: "/odd[1]") == nil)
        var learner = PolicyLearner(startedFromAllowAll: true)
        learner.observe(
            LearnObservation(profile: nil, method: "GET", path: "/odd[1]", example: "GET /odd[1]", outcome: .allow)
        )
        #expect(learner.policy.rules.isEmpty)
        #expect(learner.policy.unrelaxed.count == 1)
    }

    static func observe(
        _ learner: inout PolicyLearner,
        _ method: String,
        _ path: String,
        _ outcome: Verdict.Outcome = .allow,
        code: ReasonCode? = nil,
        features: BodyFeatures? = nil
    ) {
        learner.observe(
            LearnObservation(
                profile: nil,
                method: method,
                path: path,
                example: "\(method) \(path)",
                outcome: outcome,
                reasonCode: code,
                features: features
            )
        )
    }

    @Test func foldsMethodsAndCountsPerRule() {
        var learner = PolicyLearner(startedFromAllowAll: false)
        Self.observe(&learner, "HEAD", "/_ping")
        Self.observe(&learner, "GET", "/_ping")
        Self.observe(&learner, "POST", "/containers/a/start")
        Self.observe(&learner, "POST", "/containers/b/start")
        let rules = learner.policy.rules
        #expect(rules.map(\.path) == ["/_ping", "/containers/*/start"])
        #expect(rules[0].methods == ["GET", "HEAD"] && rules[0].count == 2 && rules[0].example == "HEAD /_ping")
        #expect(rules[1].count == 2)
        #expect(learner.policy.requests == 4)
    }

    /// From a given policy, what it would have refused is listed, never learned.
    @Test func listsWhatTheStartingPolicyWouldRefuse() {
        var learner = PolicyLearner(startedFromAllowAll: false)
        Self.observe(&learner, "GET", "/containers/json")
        Self.observe(&learner, "GET", "/secrets", .wouldDeny, code: .noMatchingAllowRule)
        var privileged = BodyFeatures(kind: .containerCreate)
        privileged.privileged = true
        Self.observe(
            &learner,
            "POST",
            "/containers/create",
            .wouldDeny,
            code: .containerCreatePrivileged,
            features: privileged
        )
        let policy = learner.policy
        #expect(policy.rules.map(\.path) == ["/containers/json"])
        #expect(!policy.allowPrivileged)
        #expect(
            policy.outside
                == [
                    "1 x GET /secrets (no_matching_allow_rule)",
                    "1 x POST /containers/create (container_create_privileged)",
                ].sorted()
        )
        let yaml = policy.yaml()
        #expect(yaml.contains("# Seen, but the starting policy would have refused them (not allowed above):"))
        #expect(!yaml.contains("allow_privileged"))
    }

    /// From allow-all, a refused body widens just the options it needed; what no option admits is listed.
    @Test func learnsTheOptionsBodiesNeeded() {
        var learner = PolicyLearner(startedFromAllowAll: true)
        var create = BodyFeatures(kind: .containerCreate)
        create.bindSources = ["/srv/data"]
        create.capabilities = ["NET_ADMIN"]
        create.devices = ["/dev/fuse"]
        create.hostNetwork = true
        Self.observe(
            &learner,
            "POST",
            "/containers/create",
            .wouldDeny,
            code: .containerCreateBindMount,
            features: create
        )
        var exec = BodyFeatures(kind: .exec)
        exec.command = ["sh", "-c", "echo \"hi\""]
        exec.rootUser = true
        Self.observe(&learner, "POST", "/containers/web/exec", .wouldDeny, code: .execRootUser, features: exec)
        Self.observe(&learner, "POST", "/build", .wouldDeny, code: .buildRunInstruction)
        let policy = learner.policy
        #expect(policy.rules.map(\.path) == ["/build", "/containers/*/exec", "/containers/create"])
        #expect(
            policy.bindMounts == ["/srv/data"] && policy.capabilities == ["NET_ADMIN"]
                && policy.devices == ["/dev/fuse"]
        )
        #expect(policy.allowHostNetwork && !policy.allowHostPID && !policy.allowPrivileged)
        #expect(policy.execCommands == [["sh", "-c", "echo \"hi\""]] && policy.execRoot)
        #expect(policy.unrelaxed == ["1 x POST /build (build_run_instruction)"])
        let yaml = policy.yaml(header: ["test"])
        #expect(yaml.hasPrefix("# test\n"))
        #expect(yaml.contains("    allowed_bind_mounts: [\"/srv/data\"]"))
        #expect(yaml.contains("      - [\"sh\", \"-c\", \"echo \\\"hi\\\"\"]"))
        #expect(yaml.contains("  - match: { method: \"*\", path: \"/**\" }\n    action: deny"))
    }

    @Test func readsTheFeaturesOfCreateAndExecBodies() throws {
        let create = try JSONBody(
            parsing: Array(
                #"{"Image":"x","HostConfig":{"Privileged":true,"Binds":["/srv:/data:ro","named:/v"],"Mounts":[{"Type":"bind","Source":"/etc/app","Target":"/app"},{"Type":"volume","Source":"v","Target":"/w"}],"CapAdd":["cap_net_admin","SYS_TIME"],"Devices":[{"PathOnHost":"/dev/fuse","PathInContainer":"/dev/fuse"}],"PidMode":"host"}}"#
                    .utf8
            )
        )
        let features = try #require(
            BodyFeatures.read(
                endpoint: DockerEndpoint(method: "POST", canonicalPath: "/containers/create"),
                body: create
            )
        )
        #expect(features.privileged && features.hostPID && !features.hostNetwork)
        #expect(features.bindSources == ["/srv", "/etc/app"])
        #expect(features.capabilities == ["NET_ADMIN", "SYS_TIME"])
        #expect(features.devices == ["/dev/fuse"])
        let exec = try JSONBody(parsing: Array(#"{"Cmd":["cat","/etc/hostname"],"User":"1000"}"#.utf8))
        let execFeatures = try #require(
            BodyFeatures.read(
                endpoint: DockerEndpoint(method: "POST", canonicalPath: "/containers/web/exec"),
                body: exec
            )
        )
        #expect(execFeatures.command == ["cat", "/etc/hostname"] && !execFeatures.rootUser)
        #expect(
            BodyFeatures.read(endpoint: DockerEndpoint(method: "POST", canonicalPath: "/networks/create"), body: exec)
                == nil
        )
    }

    /// The decider leaves the features in the verdict only when asked to (learn mode).
    @Test func deciderRecordsFeaturesOnlyInLearnMode() {
        for learning in [false, true] {
            var settings = DeciderSettings()
            settings.recordsBodyFeatures = learning
            var decider = DeciderFixture.decider(settings: settings)
            let body = #"{"Image":"busybox","HostConfig":{"Binds":["/srv:/srv"]}}"#
            _ = decider.start(
                RequestHead(method: "POST", uri: "/containers/create", contentLength: body.utf8.count, hasBody: true)
            )
            _ = decider.receive(body)
            #expect((decider.verdict.features?.bindSources == ["/srv"]) == learning)
        }
    }
}
