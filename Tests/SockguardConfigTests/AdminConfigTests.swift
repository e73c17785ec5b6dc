import SockguardConfig
import Testing

/// `admin.*` and candidate configurations (`POST admin.path`), loaded as sockguard (Go) loads them.
@Suite struct AdminConfigTests {
    @Test("the keys load from the file and the environment, with Go's defaults")
    func loads() throws {
        let defaults = try load().configuration.admin
        #expect(!defaults.enabled && defaults.path == "/admin/validate" && defaults.maxRequestBytes == 524_288)
        #expect(defaults.policyVersionPath == "/admin/policy/version" && defaults.mountOn == nil)
        let loaded = try load(
            yaml: """
                admin: { enabled: true, max_request_bytes: 1024 }
                listeners:
                  - { name: api, socket: /run/api.sock }
                  - { name: ops, address: "127.0.0.1:2376" }
                """,
            environment: ["SOCKGUARD_ADMIN_MOUNT_ON": "ops", "SOCKGUARD_ADMIN_PATH": "/ops/validate"]
        ).configuration.admin
        #expect(loaded.enabled && loaded.mountOn == "ops" && loaded.path == "/ops/validate")
        #expect(loaded.maxRequestBytes == 1024)
    }

    @Test("a candidate is its YAML alone: SOCKGUARD_* variables do not reach it, compatibility variables do")
    func candidate() throws {
        let environment = ["SOCKGUARD_LOG_LEVEL": "nonsense", "CONTAINERS": "1", "SOCKET_PATH": "/nonexistent"]
        let loaded = try ConfigLoader.load(.candidate(yaml: "log: { level: debug }\n", environment: environment))
        #expect(loaded.configuration.log.level == .debug)
        #expect(loaded.ruleSource == .compatibilityEnvironment)
        #expect(loaded.configuration.upstream.socket == "/var/run/docker.sock")
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(.candidate(yaml: "lisen: {}\n", environment: [:]))
        }
    }
}

/// `admin.listen`: a listen block of its own, from the file or `SOCKGUARD_ADMIN_LISTEN_*`, checked like `listen`.
@Suite struct AdminListenConfigTests {
    @Test("a socket or an address gives the admin endpoints their own listener")
    func loads() throws {
        let socket = try load(yaml: "admin: { enabled: true, listen: { socket: /run/sg-admin.sock, socket_mode: \"0660\" } }\n")
        #expect(socket.configuration.admin.listen?.socket == "/run/sg-admin.sock")
        #expect(socket.configuration.admin.listen?.socketMode == 0o660)
        let address = try load(
            yaml: "admin: { enabled: true }\n",
            environment: ["SOCKGUARD_ADMIN_LISTEN_ADDRESS": "127.0.0.1:9901"]
        )
        #expect(address.configuration.admin.listen?.address == "127.0.0.1:9901")
        #expect(try load().configuration.admin.listen == nil)
    }

    @Test(
        "a bad admin.listen is refused with its key",
        arguments: [
            ("admin: { listen: { socket: /a.sock, address: \"127.0.0.1:1\" } }\n", "admin.listen", "exclusive"),
            ("admin: { listen: { socket_mode: \"0600\" } }\n", "admin.listen", "set socket or address"),
            ("admin: { listen: { adress: \"127.0.0.1:1\" } }\n", "admin.listen.adress", "unknown key"),
            ("admin: { listen: { address: \"127.0.0.1:9901\", socket_uid: 1 } }\n", "admin.listen.socket_uid", "only valid for a unix socket"),
            ("admin: { listen: { address: \"0.0.0.0:9901\", insecure_allow_plain_tcp: true } }\n", "admin.listen.address", "insecure_allow_wide_open"),
            ("admin: { listen: { address: \"0.0.0.0:9901\" } }\n", "admin.listen.address", "not a loopback address"),
            ("listen: { socket: /a.sock }\nadmin: { listen: { socket: /a.sock } }\n", "admin.listen", "listens where a proxy listener does"),
        ]
    )
    func refused(_ yaml: String, _ keyPath: String, _ message: String) {
        let found = issues(yaml: yaml)
        #expect(found.contains { $0.keyPath == keyPath && $0.message.contains(message) }, "\(found)")
    }

    @Test("a wide-open admin address is accepted when acknowledged, or when clients.allowed_cidrs limits it")
    func wideOpen() throws {
        let acknowledged = """
            admin: { listen: { address: "0.0.0.0:9901", insecure_allow_plain_tcp: true, insecure_allow_wide_open: true } }
            """
        #expect(try load(yaml: acknowledged).configuration.admin.insecureAllowWideOpen)
        let limited = """
            clients: { allowed_cidrs: ["10.0.0.0/8"] }
            admin: { listen: { address: "0.0.0.0:9901", insecure_allow_plain_tcp: true } }
            """
        #expect(try load(yaml: limited).configuration.admin.listen?.address == "0.0.0.0:9901")
    }
}
