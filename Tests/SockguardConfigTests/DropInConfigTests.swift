import SockguardConfig
import SockguardPolicy
import Testing

/// Configurations users run today with sockguard (Go) load and mean the same, and nothing they set is ignored.
@Suite struct DropInConfigTests {
    @Test(
        "an unknown SOCKGUARD_* variable is an error naming it and the closest known name",
        arguments: [
            ("SOCKGUARD_LISTEN_ADRESS", "unknown variable; did you mean SOCKGUARD_LISTEN_ADDRESS?"),
            ("SOCKGUARD_LOG_LEVELS", "unknown variable; did you mean SOCKGUARD_LOG_LEVEL?"),
            ("SOCKGUARD_EXEC_ALLOWED_ENV_VALUES", "unknown variable"),
            ("SOCKGUARD_SOMETHING_ELSE_ENTIRELY", "unknown variable"),
        ]
    )
    func unknownVariable(_ name: String, _ message: String) {
        let found = issues(environment: [name: "1"])
        #expect(found.contains { $0.keyPath == name && $0.message.hasPrefix(message) }, "\(found)")
    }

    @Test(
        "a Go sockguard variable this version lacks is refused as not supported yet",
        arguments: [
            "SOCKGUARD_POLICY_BUNDLE_ENABLED",
            "SOCKGUARD_MUTATIONS_ENABLED",
            "SOCKGUARD_INSECURE_ACCEPT_OPAQUE_BUILDKIT_TUNNELS",
        ]
    )
    func unsupportedVariable(_ name: String) {
        #expect(
            issues(environment: [name: "true"]) == [
                ConfigIssue(keyPath: name, message: "not supported yet by this version")
            ]
        )
    }

    @Test("an empty SOCKGUARD_* variable is unset, as in Go, but a misspelt one is still named")
    func emptyVariables() {
        #expect(issues(environment: ["SOCKGUARD_LOG_LEVEL": ""]).isEmpty)
        #expect(issues(environment: ["SOCKGUARD_LOG_LEVL": ""]).map(\.keyPath) == ["SOCKGUARD_LOG_LEVL"])
    }

    @Test("the Go acknowledgement keys load, from YAML and from the environment")
    func acknowledgements() throws {
        let yaml = """
            listen:
              address: 0.0.0.0:2375
              insecure_allow_plain_tcp: true
              insecure_allow_unauthenticated_clients: true
            insecure_allow_read_exfiltration: true
            """
        let fromFile = try load(yaml: yaml)
        #expect(fromFile.configuration.listen.insecureAllowUnauthenticatedClients)
        #expect(fromFile.configuration.insecureAllowReadExfiltration)
        let fromEnvironment = try load(environment: [
            "SOCKGUARD_LISTEN_ADDRESS": ":2375", "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP": "true",
            "SOCKGUARD_LISTEN_INSECURE_ALLOW_UNAUTHENTICATED_CLIENTS": "true",
            "SOCKGUARD_INSECURE_ALLOW_READ_EXFILTRATION": "true",
        ])
        #expect(fromEnvironment.configuration.insecureAllowReadExfiltration)
        #expect(fromEnvironment.configuration.listenEndpoint == .tcp(host: "0.0.0.0", port: 2375))
    }

    @Test(
        "listen forms: an empty host is every IPv4 interface, IPv6 loses its brackets, names stay names",
        arguments: [
            (":2375", ListenEndpoint.tcp(host: "0.0.0.0", port: 2375)),
            ("0.0.0.0:2375", .tcp(host: "0.0.0.0", port: 2375)),
            ("[::]:2375", .tcp(host: "::", port: 2375)),
            ("localhost:2375", .tcp(host: "localhost", port: 2375)),
        ]
    )
    func listenForms(_ address: String, _ endpoint: ListenEndpoint) throws {
        let loaded = try load(environment: [
            "SOCKGUARD_LISTEN_ADDRESS": address, "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP": "true",
        ])
        #expect(loaded.configuration.listenEndpoint == endpoint)
    }

    @Test("listeners[].allowed_profiles [\"*\"] admits every client; mixed with names it is an error")
    func allowedProfilesStar() throws {
        let base = """
            clients:
              default_profile: reader
              profiles:
                - name: reader
                  rules:
                    - match: { method: GET, path: /_ping }
                      action: allow
            listeners:
              - name: main
                socket: /tmp/sockguard-star.sock
                socket_mode: "0600"
            """
        let star = try load(yaml: base + "\n    allowed_profiles: [\"*\"]\n")
        #expect(star.configuration.listeners.first?.allowedProfiles == [])
        let mixed = issues(yaml: base + "\n    allowed_profiles: [\"*\", reader]\n")
        #expect(mixed.map(\.keyPath) == ["listeners[0].allowed_profiles"])
    }

    @Test("redaction defaults to everything on, network topology included, as in Go")
    func redactionDefaults() {
        let redaction = Configuration.defaults.response.redaction
        #expect(redaction.containerEnv && redaction.mountPaths && redaction.networkTopology && redaction.sensitiveData)
    }

    @Test("container labels fall through by default; require_labels keeps the strict behaviour")
    func containerLabelsRequired() throws {
        #expect(!Configuration.defaults.clients.containerLabelsRequired)
        let strict = try load(yaml: "clients:\n  container_labels: { enabled: true, require_labels: true }\n")
        #expect(strict.configuration.clients.containerLabelsRequired)
        let fromEnvironment = try load(environment: ["SOCKGUARD_CLIENTS_CONTAINER_LABELS_REQUIRE_LABELS": "true"])
        #expect(fromEnvironment.configuration.clients.containerLabelsRequired)
    }

    @Test("mode loads at the top level and per profile, as in Go; another value names its key")
    func rolloutModes() throws {
        let loaded = try load(
            yaml: """
                mode: audit
                clients:
                  profiles:
                    - name: a
                      mode: warn
                      rules: [{match: {method: GET, path: /x}, action: allow}]
                    - name: b
                      mode: ""
                      rules: [{match: {method: GET, path: /x}, action: allow}]
                """
        )
        #expect(loaded.configuration.mode == .audit)
        #expect(loaded.profiles.map(\.mode) == [.warn, .enforce])
        #expect(try load(environment: ["SOCKGUARD_MODE": "warn"]).configuration.mode == .warn)
        #expect(issues(yaml: "mode: dry-run\n").map(\.keyPath) == ["mode"])
        let profileIssue = issues(
            yaml:
                "clients:\n  profiles:\n    - name: a\n      mode: strict\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n"
        )
        #expect(profileIssue.map(\.keyPath) == ["clients.profiles[0].mode"])
    }

    @Test("a profile's response sets its own redaction over the top-level one")
    func profileResponse() throws {
        let profile = { (response: String) in
            """
            response: { redact_mount_paths: false }
            clients:
              profiles:
                - name: a
                  response: \(response)
                  rules: [{match: {method: GET, path: /x}, action: allow}]
            """
        }
        let loaded = try load(yaml: profile("{ redact_container_env: false, visible_resource_labels: [team=a] }"))
        let redaction = try #require(loaded.profiles.first?.redaction)
        #expect(!redaction.containerEnv)
        #expect(!redaction.mountPaths, "inherited from the top-level response")
        #expect(redaction.networkTopology)
        #expect(redaction.visibleResourceLabels.count == 1)
        #expect(issues(yaml: profile("{ name_patterns: [web-*], image_patterns: [] }")).isEmpty)
        #expect(
            issues(yaml: profile("{ deny_verbosity: verbose }")).map(\.keyPath) == [
                "clients.profiles[0].response.deny_verbosity"
            ]
        )
        #expect(
            issues(yaml: profile("{ redact_mount_paths: maybe }")).map(\.keyPath) == [
                "clients.profiles[0].response.redact_mount_paths"
            ]
        )
    }
}
