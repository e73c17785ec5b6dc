import SockguardConfig
import SockguardPolicy
import Testing

@Suite struct YAMLParsingTests {
    static let fullFile = """
        listen:
          address: "127.0.0.1:2376"
          socket: /run/sockguard/docker.sock
          socket_mode: "0660"
          insecure_allow_plain_tcp: false
        upstream:
          socket: /run/docker.sock
          request_timeout: 2m
        response:
          deny_verbosity: verbose
          redact_container_env: false
          redact_mount_paths: false
          redact_network_topology: true
          redact_sensitive_data: false
          visible_resource_labels: ["team=a", "traefik.enable"]
        log:
          level: debug
          format: text
          output: /var/log/sockguard.log
          access_log: false
        health:
          enabled: false
          path: /healthz
        rules:
          - match: { method: "GET,HEAD", path: "/_ping" }
            action: allow
            reason: health checks
          - match: { method: GET, path: "/containers/*/json" }
            action: allow
          - match: { method: "*", path: "/**" }
            action: deny
            reason: no matching allow rule
        """

    @Test("a file that sets every supported key is read into every field")
    func fullFile() throws {
        let loaded = try load(yaml: Self.fullFile)
        var expected = Configuration.defaults
        expected.listen.address = "127.0.0.1:2376"
        expected.listen.socket = "/run/sockguard/docker.sock"
        expected.listen.socketMode = 0o660
        expected.upstream.socket = "/run/docker.sock"
        expected.upstream.requestTimeout = .seconds(120)
        expected.response.denyVerbosity = .verbose
        expected.response.redaction = ResponseRedaction(
            containerEnv: false,
            mountPaths: false,
            networkTopology: true,
            sensitiveData: false,
            visibleResourceLabels: [LabelSelector(key: "team", value: "a"), LabelSelector(key: "traefik.enable")]
        )
        expected.log.level = .debug
        expected.log.format = .text
        expected.log.output = "/var/log/sockguard.log"
        expected.log.accessLog = false
        expected.health.enabled = false
        expected.health.path = "/healthz"
        expected.rules = [
            RuleConfig(method: "GET,HEAD", path: "/_ping", action: .allow, reason: "health checks"),
            RuleConfig(method: "GET", path: "/containers/*/json", action: .allow),
            RuleConfig(method: "*", path: "/**", action: .deny, reason: "no matching allow rule"),
        ]
        #expect(loaded.configuration == expected)
        #expect(loaded.ruleSource == .configuration)
        #expect(loaded.ruleOrigins == ["rules[0]", "rules[1]", "rules[2]"])
        #expect(loaded.ruleSet.rules.count == 3)
        #expect(loaded.fileUsed != nil)
        #expect(loaded.configuration.listenEndpoint == .unix(path: "/run/sockguard/docker.sock", mode: 0o660))
        #expect(loaded.ruleSet.evaluate(method: "HEAD", path: "/_ping").isAllow)
        #expect(loaded.ruleSet.evaluate(method: "GET", path: "/containers/abc/json").isAllow)
        #expect(!loaded.ruleSet.evaluate(method: "POST", path: "/containers/create").isAllow)
    }

    @Test("no file and no variables gives the documented defaults and RuleSet.defaults")
    func defaults() throws {
        let loaded = try load()
        #expect(loaded.configuration == .defaults)
        #expect(loaded.fileUsed == nil)
        #expect(loaded.ruleSource == .defaults)
        #expect(loaded.ruleSet == RuleSet.defaults)
        #expect(loaded.ruleOrigins == Array(repeating: "default", count: RuleSet.defaults.rules.count))
        #expect(loaded.configuration.listenEndpoint == .tcp(host: "127.0.0.1", port: 2375))
        #expect(loaded.configuration.upstream.requestTimeout == .seconds(60))
    }

    @Test("an empty file is all defaults")
    func emptyFile() throws {
        #expect(try load(yaml: "").configuration == .defaults)
        #expect(try load(yaml: "# only a comment\n").configuration == .defaults)
    }

    @Test("a missing explicit file is unreadable, not defaults")
    func missingExplicitFile() {
        #expect(throws: ConfigError.unreadableFile(path: "/nonexistent/sockguard.yaml", reason: "no such file")) {
            try ConfigLoader.load(ConfigSources(filePath: "/nonexistent/sockguard.yaml", fileIsExplicit: true))
        }
        #expect(throws: ConfigError.unreadableFile(path: "/tmp", reason: "is a directory")) {
            try ConfigLoader.load(ConfigSources(filePath: "/tmp", fileIsExplicit: false))
        }
    }

    @Test(
        "listen addresses parse into endpoints",
        arguments: [
            ("127.0.0.1:2375", ListenEndpoint.tcp(host: "127.0.0.1", port: 2375)),
            ("[::1]:2375", .tcp(host: "::1", port: 2375)),
            ("localhost:0", .tcp(host: "localhost", port: 0)),
            ("127.8.9.10:65535", .tcp(host: "127.8.9.10", port: 65535)),
        ]
    )
    func listenAddresses(address: String, endpoint: ListenEndpoint) throws {
        let loaded = try load(overrides: ["listen.address": address])
        #expect(loaded.configuration.listenEndpoint == endpoint)
    }

    @Test(
        "timeouts and socket modes accept the documented spellings",
        arguments: [
            ("30s", Duration?.some(.seconds(30))), ("2m", .seconds(120)), ("1h", .seconds(3600)),
            ("500ms", .milliseconds(500)), ("1m30s", .seconds(90)), ("0", nil), ("off", nil),
        ]
    )
    func timeouts(text: String, expected: Duration?) throws {
        let loaded = try load(yaml: "upstream:\n  request_timeout: \(text)\n")
        #expect(loaded.configuration.upstream.requestTimeout == expected)
    }

    @Test(
        "socket modes are octal whether quoted or bare",
        arguments: [("\"0600\"", 0o600), ("600", 0o600), ("0660", 0o660), ("\"0o640\"", 0o640)]
    )
    func socketModes(text: String, mode: Int) throws {
        let loaded = try load(yaml: "listen:\n  socket_mode: \(text)\n")
        #expect(loaded.configuration.listen.socketMode == UInt32(mode))
    }

    @Test("non-loopback TCP is accepted once insecure_allow_plain_tcp is set")
    func plainTCPOptIn() throws {
        let loaded = try load(yaml: "listen:\n  address: 0.0.0.0:2375\n  insecure_allow_plain_tcp: true\n")
        #expect(loaded.configuration.listenEndpoint == .tcp(host: "0.0.0.0", port: 2375))
    }

    @Test("a unix socket makes the TCP address irrelevant, so no TLS issue")
    func socketSkipsTLSCheck() throws {
        let loaded = try load(yaml: "listen:\n  address: 0.0.0.0:2375\n  socket: /run/s.sock\n")
        #expect(loaded.configuration.listenEndpoint == .unix(path: "/run/s.sock", mode: 0o600))
    }
}
