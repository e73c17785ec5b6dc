import SockguardConfig
import SockguardPolicy
import Testing

/// A policy that allows writes the proxy cannot constrain by their body refuses to load, naming the rule or
/// the variable, unless `insecure_allow_body_blind_writes` is set.
@Suite struct BodyBlindGuardrailTests {
    static func rules(_ entries: [(String, String)]) -> String {
        "rules:\n"
            + entries.map { "  - match: { method: \"\($0.0)\", path: \"\($0.1)\" }\n    action: allow\n" }.joined()
    }

    struct GuardCase: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        /// nil: loads.
        let keyPath: String?
        let message: String
        var testDescription: String { name }
    }

    static let cases: [GuardCase] = [
        .init(
            name: "exec on every container",
            yaml: rules([("POST", "/containers/*/exec")]),
            keyPath: "rules[0]",
            message: "allows POST /containers/{id}/exec"
        ),
        .init(
            name: "exec through a catch-all",
            yaml: rules([("GET", "/_ping"), ("*", "/**")]),
            keyPath: "rules[1]",
            message: "request_body.exec.allowed_commands"
        ),
        .init(
            name: "exec on one named container",
            yaml: rules([("POST", "/containers/web/exec")]),
            keyPath: "rules[0]",
            message: "allows POST /containers/{id}/exec"
        ),
        .init(
            name: "exec under a containers subtree",
            yaml: rules([("POST", "/containers/**")]),
            keyPath: "rules[0]",
            message: "insecure_allow_body_blind_writes: true"
        ),
        .init(
            name: "exec with allowlisted commands",
            yaml: rules([("POST", "/containers/*/exec")])
                + "request_body:\n  exec:\n    allowed_commands: [[\"/bin/echo\", \"*\"]]\n",
            keyPath: nil,
            message: ""
        ),
        .init(
            name: "exec with the opt-in",
            yaml: rules([("POST", "/containers/*/exec")]) + "insecure_allow_body_blind_writes: true\n",
            keyPath: nil,
            message: ""
        ),
        .init(
            name: "exec denied before the catch-all",
            yaml: "rules:\n  - match: { method: POST, path: \"/containers/*/exec\" }\n    action: deny\n"
                + "  - match: { method: \"*\", path: \"/**\" }\n    action: allow\n",
            keyPath: "rules[1]",
            message: "allows POST /swarm/join"
        ),
        .init(
            name: "only reads of exec",
            yaml: rules([("GET", "/exec/*/json"), ("GET", "/containers/**")]),
            keyPath: nil,
            message: ""
        ),
        .init(
            name: "exec start alone is re-inspected, not blind",
            yaml: rules([("POST", "/exec/*/start")]),
            keyPath: nil,
            message: ""
        ),
        .init(
            name: "swarm join",
            yaml: rules([("POST", "/swarm/**")]),
            keyPath: "rules[0]",
            message: "request_body.swarm.allowed_join_remote_addrs"
        ),
        .init(
            name: "swarm join with managers listed",
            yaml: rules([("POST", "/swarm/join")])
                + "request_body:\n  swarm:\n    allowed_join_remote_addrs: [\"10.0.0.1:2377\"]\n",
            keyPath: nil,
            message: ""
        ),
        .init(
            name: "plugin settings",
            yaml: rules([("POST", "/plugins/**")]),
            keyPath: "rules[0]",
            message: "allows POST /plugins/{name}/set"
        ),
        .init(
            name: "plugin settings of a namespaced plugin",
            yaml: rules([("POST", "/plugins/vieux/sshfs/set")]),
            keyPath: "rules[0]",
            message: "allows POST /plugins/{name}/set"
        ),
        .init(
            name: "BuildKit session",
            yaml: rules([("POST", "/session")]),
            keyPath: "rules[0]",
            message: "allows POST /session (BuildKit)"
        ),
        .init(
            name: "BuildKit grpc",
            yaml: rules([("*", "/grpc")]),
            keyPath: "rules[0]",
            message: "deny it, or set insecure_allow_body_blind_writes: true"
        ),
        .init(name: "defaults", yaml: "log: { level: info }\n", keyPath: nil, message: ""),
    ]

    @Test("blind writes are refused at load, naming the rule and the fix", arguments: cases)
    func guardsConfiguredRules(_ testCase: GuardCase) {
        let found = issues(yaml: testCase.yaml)
        guard let keyPath = testCase.keyPath else {
            #expect(found.isEmpty, "\(found)")
            return
        }
        #expect(
            found.contains { $0.keyPath == keyPath && $0.message.contains(testCase.message) },
            "\(found)"
        )
    }

    @Test("Tecnativa variables that allow exec name the variable and the SOCKGUARD_ fix")
    func guardsCompatibilityRules() {
        let found = issues(environment: ["CONTAINERS": "1", "POST": "1"])
        #expect(
            found == [
                ConfigIssue(
                    keyPath: "CONTAINERS",
                    message: "allows POST /containers/{id}/exec, a write whose body the proxy cannot constrain; "
                        + "list the commands in request_body.exec.allowed_commands "
                        + "(SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS), or set "
                        + "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES=true"
                )
            ]
        )
        #expect(issues(environment: ["ALLOW_EXEC": "1"]).map(\.keyPath) == ["ALLOW_EXEC"])
        #expect(issues(environment: ["CONTAINERS": "1"]).isEmpty, "read-only CONTAINERS allows no exec")
        #expect(
            issues(
                environment: [
                    "CONTAINERS": "1", "POST": "1",
                    "SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS": #"[["/bin/echo","*"]]"#,
                ]
            ).isEmpty
        )
    }

    @Test("the opt-in lets any command through the exec inspector, but not root or privileged")
    func optInReachesTheInspector() throws {
        let loaded = try load(
            yaml: Self.rules([("POST", "/containers/*/exec")]),
            environment: ["SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true"]
        )
        #expect(loaded.configuration.insecureAllowBodyBlindWrites)
        #expect(loaded.configuration.requestBody.exec.allowAnyCommand)
        let inspector = try #require(
            loaded.configuration.requestBody.inspectorRegistry.inspector(method: "POST", path: "/containers/c/exec")
        )
        let request = InspectedRequest(method: "POST", path: "/containers/c/exec")
        let anyCommand = try JSONBody(parsing: Array(#"{"User":"1000","Cmd":["/bin/sh"]}"#.utf8))
        let asRoot = try JSONBody(parsing: Array(#"{"Cmd":["/bin/sh"]}"#.utf8))
        #expect(inspector.inspect(request, body: anyCommand).isAllow)
        #expect(!inspector.inspect(request, body: asRoot).isAllow)
    }
}
