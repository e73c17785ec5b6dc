import SockguardConfig
import Testing

@Suite struct PrecedenceTests {
    static let file = "log:\n  level: warn\n  format: text\nupstream:\n  socket: /file.sock\n"

    @Test("flags beat environment, which beats the file, which beats defaults")
    func layers() throws {
        let fileOnly = try load(yaml: Self.file)
        #expect(fileOnly.configuration.log.level == .warn)

        let withEnv = try load(yaml: Self.file, environment: ["SOCKGUARD_LOG_LEVEL": "error"])
        #expect(withEnv.configuration.log.level == .error)
        #expect(withEnv.configuration.log.format == .text)

        let withFlag = try load(
            yaml: Self.file,
            environment: ["SOCKGUARD_LOG_LEVEL": "error"],
            overrides: ["log.level": "debug"]
        )
        #expect(withFlag.configuration.log.level == .debug)
        #expect(withFlag.configuration.upstream.socket == "/file.sock")
        #expect(withFlag.configuration.health == .init())
    }

    @Test(
        "every string SOCKGUARD_ variable sets its key",
        arguments: [
            ("SOCKGUARD_LISTEN_ADDRESS", "127.0.0.2:9999"), ("SOCKGUARD_UPSTREAM_SOCKET", "/env.sock"),
            ("SOCKGUARD_LOG_OUTPUT", "stdout"), ("SOCKGUARD_HEALTH_PATH", "/ready"),
        ]
    )
    func stringVariables(name: String, value: String) throws {
        let configuration = try load(environment: [name: value]).configuration
        let read: [String: String] = [
            "SOCKGUARD_LISTEN_ADDRESS": configuration.listen.address,
            "SOCKGUARD_UPSTREAM_SOCKET": configuration.upstream.socket,
            "SOCKGUARD_LOG_OUTPUT": configuration.log.output,
            "SOCKGUARD_HEALTH_PATH": configuration.health.path,
        ]
        #expect(read[name] == value)
    }

    @Test("typed variables parse like their YAML keys")
    func typedVariables() throws {
        let loaded = try load(environment: [
            "SOCKGUARD_LISTEN_SOCKET": "/run/sg.sock",
            "SOCKGUARD_LISTEN_SOCKET_MODE": "0660",
            "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP": "yes",
            "SOCKGUARD_UPSTREAM_REQUEST_TIMEOUT": "off",
            "SOCKGUARD_RESPONSE_DENY_VERBOSITY": "verbose",
            "SOCKGUARD_LOG_FORMAT": "text",
            "SOCKGUARD_LOG_ACCESS_LOG": "0",
            "SOCKGUARD_HEALTH_ENABLED": "FALSE",
        ])
        let configuration = loaded.configuration
        #expect(configuration.listenEndpoint == .unix(path: "/run/sg.sock", mode: 0o660))
        #expect(configuration.listen.insecureAllowPlainTCP)
        #expect(configuration.upstream.requestTimeout == nil)
        #expect(configuration.response.denyVerbosity == .verbose)
        #expect(configuration.log.format == .text)
        #expect(!configuration.log.accessLog)
        #expect(!configuration.health.enabled)
    }

    @Test("SOCKET_PATH and LOG_LEVEL are aliases; the SOCKGUARD_ name wins")
    func aliases() throws {
        let alias = try load(environment: ["SOCKET_PATH": "/alias.sock", "LOG_LEVEL": "debug"])
        #expect(alias.configuration.upstream.socket == "/alias.sock")
        #expect(alias.configuration.log.level == .debug)

        let both = try load(environment: [
            "SOCKET_PATH": "/alias.sock", "SOCKGUARD_UPSTREAM_SOCKET": "/main.sock",
            "LOG_LEVEL": "not-even-valid", "SOCKGUARD_LOG_LEVEL": "error",
        ])
        #expect(both.configuration.upstream.socket == "/main.sock")
        #expect(both.configuration.log.level == .error)
    }

    @Test(
        "LOG_LEVEL accepts HAProxy's level names",
        arguments: [("notice", LogLevel.info), ("warning", .warn), ("err", .error), ("info", .info)]
    )
    func haproxyLevels(text: String, level: LogLevel) throws {
        #expect(try load(environment: ["LOG_LEVEL": text]).configuration.log.level == level)
    }

    @Test("empty variables count as unset")
    func emptyIsUnset() throws {
        let loaded = try load(yaml: "log:\n  level: warn\n", environment: ["SOCKGUARD_LOG_LEVEL": ""])
        #expect(loaded.configuration.log.level == .warn)
    }

    @Test("a flag can opt a file's public address into plain TCP")
    func flagFixesCombination() throws {
        let yaml = "listen:\n  address: 0.0.0.0:2375\n"
        #expect(issues(yaml: yaml).map(\.keyPath) == ["listen.address"])
        let loaded = try load(yaml: yaml, overrides: ["listen.insecure_allow_plain_tcp": "true"])
        #expect(loaded.configuration.listen.insecureAllowPlainTCP)
    }

    @Test("an unknown override key is an issue")
    func unknownOverride() {
        #expect(
            issues(overrides: ["listen.adress": "x"]) == [ConfigIssue(keyPath: "listen.adress", message: "unknown key")]
        )
    }
}
