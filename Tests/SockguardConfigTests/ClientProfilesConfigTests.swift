import SockguardConfig
import SockguardPolicy
import Testing

@Suite struct ClientProfilesConfigTests {
    static let profiles = """
        clients:
          default_profile: readonly
          profiles:
            - name: readonly
              rules:
                - match: { method: GET, path: "/containers/**" }
                  action: allow
            - name: ci
              rules:
                - match: { method: "POST", path: "/containers/*/stop" }
                  action: allow
              request_body:
                container_create: { allowed_bind_mounts: [/srv/ci] }
          unix_peer_profiles:
            - profile: ci
              uids: [1000]
              gids: ["2000"]
          source_ip_profiles:
            - profile: ci
              cidrs: [10.1.0.0/16]
        """

    @Test("profiles are read with their own rules and request_body; assignments and the default are kept")
    func readsProfiles() throws {
        let loaded = try load(yaml: Self.profiles)
        #expect(loaded.profiles.map(\.name) == ["readonly", "ci"])
        #expect(loaded.profiles[0].ruleOrigins == ["clients.profiles[0].rules[0]"])
        #expect(loaded.profiles[0].ruleSet.evaluate(method: "GET", path: "/containers/json").isAllow)
        #expect(!loaded.profiles[0].ruleSet.evaluate(method: "POST", path: "/containers/x/stop").isAllow)
        #expect(loaded.profiles[1].ruleSet.evaluate(method: "POST", path: "/containers/x/stop").isAllow)
        #expect(loaded.profiles[1].requestBody.containerCreate.allowedBindMounts == ["/srv/ci"])
        #expect(loaded.profiles[0].requestBody.containerCreate.allowedBindMounts == [])
        let clients = loaded.configuration.clients
        #expect(clients.defaultProfile == "readonly")
        #expect(clients.unixPeerProfiles.first?.uids == [1000])
        #expect(clients.unixPeerProfiles.first?.gids == [2000])
        #expect(clients.sourceIPProfiles.first?.cidrs.map(\.description) == ["10.1.0.0/16"])
    }

    @Test("the default profile can come from the environment")
    func defaultFromEnvironment() throws {
        let loaded = try load(
            yaml: Self.profiles,
            environment: ["SOCKGUARD_CLIENTS_DEFAULT_PROFILE": "ci"]
        )
        #expect(loaded.configuration.clients.defaultProfile == "ci")
    }

    @Test(
        "mistakes name their key",
        arguments: [
            (
                "clients:\n  default_profile: nope\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n",
                "clients.default_profile", "no profile is named \"nope\""
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n    - name: a\n      rules: [{match: {method: GET, path: /y}, action: allow}]\n",
                "clients.profiles[1].name", "another profile is named"
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: \"/x/***\"}, action: allow}]\n",
                "clients.profiles[0].rules[0].match.path", "must be a whole segment"
            ),
            (
                "clients:\n  profiles:\n    - name: a\n",
                "clients.profiles[0].rules", "every profile needs rules"
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n      request_body: {container_create: {allowed_bind_mounts: relative}}\n",
                "clients.profiles[0].request_body.container_create.allowed_bind_mounts", "expected a list of strings"
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n  unix_peer_profiles:\n    - {profile: a, uids: [root]}\n",
                "clients.unix_peer_profiles[0].uids", "not a numeric user or group id"
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n  source_ip_profiles:\n    - {profile: b, cidrs: [10.0.0.0/8]}\n",
                "clients.source_ip_profiles[0].profile", "no profile is named \"b\""
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n  source_ip_profiles:\n    - {profile: a}\n",
                "clients.source_ip_profiles[0]", "names no clients"
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: GET, path: /x}, action: allow}]\n  client_certificate_profiles:\n    - {profile: a, common_names: [ci]}\n",
                "clients.client_certificate_profiles", "needs a TLS listener"
            ),
            (
                "clients:\n  default_profile: a\n",
                "clients.profiles", "none is defined"
            ),
            (
                "clients:\n  profiles:\n    - name: a\n      rules: [{match: {method: POST, path: \"/containers/*/exec\"}, action: allow}]\n",
                "clients.profiles[0].rules[0]", "cannot constrain"
            ),
        ]
    )
    func mistakes(_ yaml: String, _ keyPath: String, _ message: String) {
        let found = issues(yaml: yaml)
        #expect(
            found.contains { $0.keyPath == keyPath && $0.message.contains(message) },
            "\(found)"
        )
    }
}

@Suite struct ContainerLabelsConfigTests {
    @Test("container_labels is off by default; enabled and label_prefix come from YAML or the environment")
    func keys() throws {
        #expect(try load().configuration.clients.containerLabelsEnabled == false)
        let yaml = try load(
            yaml: "clients:\n  container_labels: { enabled: true, label_prefix: socket-proxy.allow. }\n"
        )
        #expect(yaml.configuration.clients.containerLabelsEnabled)
        #expect(yaml.configuration.clients.containerLabelPrefix == "socket-proxy.allow.")
        let environment = try load(environment: ["SOCKGUARD_CLIENTS_CONTAINER_LABELS_ENABLED": "1"])
        #expect(environment.configuration.clients.containerLabelsEnabled)
        #expect(environment.configuration.clients.containerLabelPrefix == "com.sockguard.allow.")
        #expect(
            issues(yaml: "clients:\n  container_labels: { label_prefix: \"a=b\" }\n").map(\.keyPath)
                == ["clients.container_labels.label_prefix"]
        )
    }
}

@Suite struct ListenersConfigTests {
    static let profiles = """
        clients:
          default_profile: a
          profiles:
            - name: a
              rules: [{match: {method: GET, path: /_ping}, action: allow}]
            - name: b
              rules: [{match: {method: GET, path: /version}, action: allow}]
        """

    @Test("each listeners entry is a listen block of its own with allowed_profiles")
    func reads() throws {
        let loaded = try load(
            yaml: Self.profiles + """

                listeners:
                  - name: local
                    socket: /run/sockguard/a.sock
                    socket_mode: "0660"
                    allowed_profiles: [a]
                  - address: 127.0.0.1:2399
                """
        )
        let listeners = loaded.configuration.listeners
        #expect(listeners.count == 2)
        #expect(listeners[0].name == "local")
        #expect(listeners[0].listen.endpoint == .unix(path: "/run/sockguard/a.sock", mode: 0o660))
        #expect(listeners[0].allowedProfiles == ["a"])
        #expect(listeners[1].listen.endpoint == .tcp(host: "127.0.0.1", port: 2399))
        #expect(listeners[1].allowedProfiles == [])
    }

    @Test(
        "mistakes in a listener name the entry's key",
        arguments: [
            ("listeners:\n  - { address: \"0.0.0.0:2399\" }\n", "listeners[0].address", "not a loopback address"),
            (
                "listeners:\n  - { address: \"127.0.0.1:2399\", tls: { cert_file: /x.pem } }\n",
                "listeners[0].tls.key_file", "required"
            ),
            ("listeners:\n  - { address: \"127.0.0.1:2399\", bogus: 1 }\n", "listeners[0].bogus", "unknown key"),
            (
                "listeners:\n  - { address: \"127.0.0.1:2399\", allowed_profiles: [a] }\n",
                "listeners[0].allowed_profiles[0]", "defines none"
            ),
            (
                "listen: { address: \"127.0.0.1:2398\" }\nlisteners:\n  - { address: \"127.0.0.1:2399\" }\n",
                "listen.address", "listeners replaces listen"
            ),
            (
                "listeners:\n  - { address: \"127.0.0.1:2399\" }\n  - { address: \"127.0.0.1:2399\" }\n",
                "listeners[1]", "listens where listeners[0] does"
            ),
        ]
    )
    func mistakes(_ yaml: String, _ keyPath: String, _ message: String) {
        let found = issues(yaml: yaml)
        #expect(found.contains { $0.keyPath == keyPath && $0.message.contains(message) }, "\(found)")
    }

    @Test("top-level rules load next to profiles: they judge the clients no profile applies to")
    func rootRulesWithProfiles() throws {
        let loaded = try load(
            yaml: """
                rules: [{match: {method: GET, path: /version}, action: allow}]
                clients:
                  profiles:
                    - name: a
                      rules: [{match: {method: GET, path: /x}, action: allow}]
                """
        )
        #expect(loaded.ruleSet.evaluate(method: "GET", path: "/version").isAllow)
        #expect(!loaded.ruleSet.evaluate(method: "GET", path: "/x").isAllow)
        #expect(loaded.profiles.map(\.name) == ["a"])
    }
}
