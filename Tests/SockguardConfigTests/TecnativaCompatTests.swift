import SockguardConfig
import SockguardPolicy
import Testing

/// One request under one set of compatibility variables, and whether it must be allowed.
struct CompatCase: Sendable, CustomTestStringConvertible {
    var environment: [String: String]
    var method: String
    var path: String
    var allowed: Bool
    var testDescription: String {
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "[\(env)] \(method) \(path) -> \(allowed ? "allow" : "deny")"
    }
}

@Suite struct TecnativaCompatTests {
    /// Rules that allow exec: the body-blind guardrail is tested in BodyBlindGuardrailTests.
    static let linuxServer = [
        "SOCKGUARD_COMPAT": "linuxserver", "CONTAINERS": "1", "POST": "1",
        "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true",
    ]

    static let cases: [CompatCase] = [
        // Defaults: PING, VERSION, EVENTS on; everything else off. (INFO=0 switches compat on.)
        CompatCase(environment: ["INFO": "0"], method: "GET", path: "/_ping", allowed: true),
        CompatCase(environment: ["INFO": "0"], method: "HEAD", path: "/_ping", allowed: true),
        CompatCase(environment: ["INFO": "0"], method: "GET", path: "/version", allowed: true),
        CompatCase(environment: ["INFO": "0"], method: "GET", path: "/events", allowed: true),
        CompatCase(environment: ["INFO": "0"], method: "GET", path: "/info", allowed: false),
        CompatCase(environment: ["INFO": "0"], method: "GET", path: "/containers/json", allowed: false),
        CompatCase(environment: ["INFO": "0"], method: "POST", path: "/_ping", allowed: false),
        // CONTAINERS=1: reads only.
        CompatCase(environment: ["CONTAINERS": "1"], method: "GET", path: "/containers/json", allowed: true),
        CompatCase(environment: ["CONTAINERS": "1"], method: "GET", path: "/containers", allowed: true),
        CompatCase(environment: ["CONTAINERS": "true"], method: "HEAD", path: "/containers/abc/json", allowed: true),
        CompatCase(environment: ["CONTAINERS": "1"], method: "POST", path: "/containers/create", allowed: false),
        CompatCase(environment: ["CONTAINERS": "1"], method: "POST", path: "/containers/abc/start", allowed: false),
        CompatCase(environment: ["CONTAINERS": "1"], method: "GET", path: "/images/json", allowed: false),
        CompatCase(environment: ["CONTAINERS": "1"], method: "GET", path: "/containers/abc/logs", allowed: true),
        // POST=1 opens every method on enabled sections only.
        CompatCase(
            environment: ["POST": "1", "NETWORKS": "1"],
            method: "POST",
            path: "/networks/create",
            allowed: true
        ),
        CompatCase(environment: ["POST": "1", "NETWORKS": "1"], method: "DELETE", path: "/networks/n1", allowed: true),
        CompatCase(
            environment: ["POST": "1", "NETWORKS": "1"],
            method: "POST",
            path: "/containers/create",
            allowed: false
        ),
        CompatCase(
            environment: ["POST": "yes", "NETWORKS": "1"],
            method: "POST",
            path: "/volumes/create",
            allowed: false
        ),
        // ALLOW_START works with POST=0.
        CompatCase(
            environment: ["ALLOW_START": "1", "POST": "0"],
            method: "POST",
            path: "/containers/abc/start",
            allowed: true
        ),
        CompatCase(
            environment: ["ALLOW_START": "1", "POST": "0"],
            method: "POST",
            path: "/containers/abc/stop",
            allowed: false
        ),
        CompatCase(
            environment: ["ALLOW_START": "1", "POST": "0"],
            method: "GET",
            path: "/containers/json",
            allowed: false
        ),
        // ALLOW_RESTARTS: stop, restart, kill; not start.
        CompatCase(environment: ["ALLOW_RESTARTS": "1"], method: "POST", path: "/containers/abc/stop", allowed: true),
        CompatCase(
            environment: ["ALLOW_RESTARTS": "1"],
            method: "POST",
            path: "/containers/abc/restart",
            allowed: true
        ),
        CompatCase(environment: ["ALLOW_RESTARTS": "1"], method: "POST", path: "/containers/abc/kill", allowed: true),
        CompatCase(environment: ["ALLOW_RESTARTS": "1"], method: "POST", path: "/containers/abc/start", allowed: false),
        CompatCase(environment: ["ALLOW_RESTART": "1"], method: "POST", path: "/containers/abc/restart", allowed: true),
        CompatCase(environment: ["ALLOW_RESTART": "1"], method: "POST", path: "/containers/abc/kill", allowed: false),
        // The other single operations.
        CompatCase(environment: ["ALLOW_STOP": "1"], method: "POST", path: "/containers/abc/stop", allowed: true),
        CompatCase(environment: ["ALLOW_PAUSE": "1"], method: "POST", path: "/containers/abc/pause", allowed: true),
        CompatCase(environment: ["ALLOW_UNPAUSE": "1"], method: "POST", path: "/containers/abc/unpause", allowed: true),
        CompatCase(environment: ["ALLOW_KILL": "1"], method: "POST", path: "/containers/abc/kill", allowed: true),
        CompatCase(environment: ["ALLOW_CREATE": "1"], method: "POST", path: "/containers/create", allowed: true),
        CompatCase(environment: ["ALLOW_EXEC": "1"], method: "POST", path: "/containers/abc/exec", allowed: true),
        CompatCase(environment: ["ALLOW_EXEC": "1"], method: "POST", path: "/exec/e1/start", allowed: true),
        CompatCase(environment: ["ALLOW_EXEC": "1"], method: "GET", path: "/exec/e1/json", allowed: true),
        CompatCase(environment: ["ALLOW_DELETE": "1"], method: "DELETE", path: "/containers/abc", allowed: true),
        CompatCase(environment: ["ALLOW_DELETE": "1"], method: "DELETE", path: "/images/abc", allowed: false),
        CompatCase(environment: ["ALLOW_PRUNE": "1"], method: "POST", path: "/containers/prune", allowed: true),
        // Sections whose path is not /<name>.
        CompatCase(environment: ["SYSTEM": "1"], method: "GET", path: "/system/df", allowed: true),
        CompatCase(environment: ["DISTRIBUTION": "1"], method: "GET", path: "/distribution/alpine/json", allowed: true),
        CompatCase(environment: ["INFO": "1"], method: "GET", path: "/info", allowed: true),
        // Default-on sections can be switched off.
        CompatCase(environment: ["PING": "0"], method: "GET", path: "/_ping", allowed: false),
        CompatCase(environment: ["VERSION": "false"], method: "GET", path: "/version", allowed: false),
        CompatCase(environment: ["EVENTS": "no"], method: "GET", path: "/events", allowed: false),
        CompatCase(environment: ["PING": "0"], method: "GET", path: "/version", allowed: true),
        // LinuxServer's stricter mode.
        CompatCase(environment: linuxServer, method: "GET", path: "/containers/json", allowed: true),
        CompatCase(environment: linuxServer, method: "POST", path: "/containers/create", allowed: true),
        CompatCase(environment: linuxServer, method: "GET", path: "/containers/abc/logs", allowed: false),
        CompatCase(environment: linuxServer, method: "GET", path: "/containers/abc/top", allowed: false),
        CompatCase(environment: linuxServer, method: "GET", path: "/containers/abc/export", allowed: false),
        CompatCase(environment: linuxServer, method: "GET", path: "/containers/abc/changes", allowed: false),
        CompatCase(environment: linuxServer, method: "PUT", path: "/containers/abc/archive", allowed: false),
        CompatCase(environment: linuxServer, method: "POST", path: "/containers/abc/attach", allowed: false),
        CompatCase(environment: linuxServer, method: "POST", path: "/containers/abc/start", allowed: false),
        CompatCase(
            environment: linuxServer.merging(["CONTAINERS_ID_LOGS": "1"]) { $1 },
            method: "GET",
            path: "/containers/abc/logs",
            allowed: true
        ),
        CompatCase(
            environment: linuxServer.merging(["ALLOW_LOGS": "1"]) { $1 },
            method: "GET",
            path: "/containers/abc/logs",
            allowed: true
        ),
        CompatCase(
            environment: linuxServer.merging(["ALLOW_LOGS": "1"]) { $1 },
            method: "GET",
            path: "/containers/abc/top",
            allowed: false
        ),
        CompatCase(
            environment: linuxServer.merging(["ALLOW_TOP": "yes"]) { $1 },
            method: "GET",
            path: "/containers/abc/top",
            allowed: true
        ),
        CompatCase(
            environment: linuxServer.merging(["ALLOW_LOGS": "1", "CONTAINERS_ID_LOGS": "0"]) { $1 },
            method: "GET",
            path: "/containers/abc/logs",
            allowed: false
        ),
        CompatCase(
            environment: linuxServer.merging(["ALLOW_START": "1"]) { $1 },
            method: "POST",
            path: "/containers/abc/start",
            allowed: true
        ),
        CompatCase(
            environment: linuxServer.merging(["ALLOW_RESTARTS": "1"]) { $1 },
            method: "POST",
            path: "/containers/abc/restart",
            allowed: true
        ),
        CompatCase(
            environment: linuxServer.merging(["ALLOW_RESTARTS": "1"]) { $1 },
            method: "POST",
            path: "/containers/abc/start",
            allowed: false
        ),
        CompatCase(
            environment: ["CONTAINERS": "1", "POST": "1"],
            method: "POST",
            path: "/containers/abc/start",
            allowed: true
        ),
    ]

    @Test("generated rules decide like the peer proxies", arguments: cases)
    func decides(_ testCase: CompatCase) throws {
        // Rule generation only: the body-blind guardrail is tested in BodyBlindGuardrailTests.
        let loaded = try load(
            environment: testCase.environment.merging(["SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true"]) { $1 }
        )
        #expect(loaded.ruleSource == .compatibilityEnvironment)
        let decision = loaded.ruleSet.evaluate(method: testCase.method, path: testCase.path)
        #expect(decision.isAllow == testCase.allowed, "origins: \(loaded.ruleOrigins)")
    }

    @Test("ALLOW_* grants come first, sections next, and a default deny last, each with its origin")
    func order() throws {
        let loaded = try load(environment: ["CONTAINERS": "1", "ALLOW_START": "1"])
        #expect(
            loaded.ruleOrigins == [
                "env ALLOW_START", "env CONTAINERS", "env EVENTS", "env PING", "env VERSION", "no matching allow rule",
            ]
        )
        #expect(loaded.ruleSet.rules.count == loaded.ruleOrigins.count)
        #expect(
            loaded.configuration.rules.first
                == RuleConfig(method: "POST", path: "/containers/*/start", action: .allow, reason: "env ALLOW_START")
        )
        #expect(loaded.configuration.rules.last?.action == .deny)
    }

    @Test("LinuxServer denies come before CONTAINERS' allow")
    func linuxServerOrder() throws {
        let loaded = try load(environment: Self.linuxServer.merging(["ALLOW_START": "1"]) { $1 })
        let origins = loaded.ruleOrigins
        let firstDeny = try #require(origins.firstIndex { $0.hasPrefix("linuxserver") })
        let containers = try #require(origins.firstIndex(of: "env CONTAINERS"))
        #expect(origins.first == "env ALLOW_START")
        #expect(firstDeny < containers)
        #expect(!origins.contains("linuxserver ALLOW_START"))
    }

    @Test("a value neither HAProxy nor sockguard (Go) reads is refused, naming the variable", arguments: ["enabled", "on", "y", "x1"])
    func badValue(_ value: String) {
        #expect(
            issues(environment: ["CONTAINERS": value])
                == [
                    ConfigIssue(
                        keyPath: "CONTAINERS",
                        message: "expected a number (1, 0) or true/false, yes/no, got \"\(value)\""
                    )
                ]
        )
    }

    @Test(
        "values read as HAProxy reads the leading integer, and as Go reads true/yes/false/no",
        arguments: [
            ("1", true), ("2", true), ("10", true), (" 1 ", true), ("-1", true), ("1.5", true), ("3abc", true),
            ("TRUE", true), ("yes", true), ("0", false), ("00", false), ("", false), ("false", false), ("No", false),
            ("0x1", false),
        ]
    )
    func haproxyValues(_ value: String, _ on: Bool) throws {
        let loaded = try load(environment: ["CONTAINERS": value])
        #expect(loaded.ruleSet.evaluate(method: "GET", path: "/containers/json").isAllow == on)
    }

    @Test("configured rules switch the compatibility variables off, and say so")
    func rulesWin() throws {
        let yaml = "rules:\n  - match: {method: GET, path: /_ping}\n    action: allow\n"
        let loaded = try load(yaml: yaml, environment: ["CONTAINERS": "1", "POST": "1", "ALLOW_START": "1"])
        #expect(loaded.ruleSource == .configuration)
        #expect(loaded.ignoredCompatibilityVariables == ["CONTAINERS", "POST", "ALLOW_START"])
        #expect(!loaded.ruleSet.evaluate(method: "GET", path: "/containers/json").isAllow)
        #expect(!loaded.ruleSet.evaluate(method: "POST", path: "/containers/abc/start").isAllow)
    }

    @Test("rules that restate Go's five defaults (the image's sockguard.yaml) still let the variables decide, as in Go")
    func restatedDefaults() throws {
        let yaml = """
            rules:
              - match: { method: GET, path: "/_ping" }
                action: allow
              - match: { method: HEAD, path: "/_ping" }
                action: allow
              - match: { method: GET, path: "/version" }
                action: allow
              - match: { method: GET, path: "/events" }
                action: allow
              - match: { method: "*", path: "/**" }
                action: deny
                reason: "no matching allow rule"
            """
        let environment = ["CONTAINERS": "1", "SOCKGUARD_INSECURE_ALLOW_READ_EXFILTRATION": "true"]
        let loaded = try load(yaml: yaml, environment: environment)
        #expect(loaded.ruleSource == .compatibilityEnvironment && loaded.ignoredCompatibilityVariables.isEmpty)
        #expect(loaded.ruleSet.evaluate(method: "GET", path: "/containers/json").isAllow)
        // Without variables they are the file's rules; with one rule more they are the file's rules.
        #expect(try load(yaml: yaml).ruleSource == .configuration)
        let more = yaml.replacingOccurrences(of: "\"/version\"", with: "\"/info\"")
        #expect(try load(yaml: more, environment: environment).ruleSource == .configuration)
    }

    @Test("LinuxServer's variables in Tecnativa mode are refused, never ignored", arguments: ["CONTAINERS_ID_LOGS", "ALLOW_LOGS"])
    func linuxServerVariablesNeedTheMode(_ name: String) throws {
        let found = issues(environment: [name: "0", "CONTAINERS": "1"])
        #expect(found.map(\.keyPath) == [name])
        #expect(found.first?.message.contains("SOCKGUARD_COMPAT=linuxserver") == true)
        #expect(try load(environment: [name: "0", "CONTAINERS": "1", "SOCKGUARD_COMPAT": "linuxserver"]).ruleSource == .compatibilityEnvironment)
    }

    @Test("compat: linuxserver in the file turns generation on without variables")
    func explicitMode() throws {
        let loaded = try load(yaml: "compat: linuxserver\n")
        #expect(loaded.ruleSource == .compatibilityEnvironment)
        #expect(loaded.configuration.compat == .linuxserver)
        #expect(loaded.ruleSet.evaluate(method: "GET", path: "/_ping").isAllow)
    }
}
