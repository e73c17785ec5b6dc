import SockguardConfig
import SockguardPolicy
import Testing

/// LinuxServer's `LIBPOD_*` variables (`compat: linuxserver`): Podman's libpod API, section by section.
@Suite struct LibpodCompatTests {
    static let mode = ["SOCKGUARD_COMPAT": "linuxserver"]

    static func env(_ pairs: [String: String]) -> [String: String] { mode.merging(pairs) { $1 } }

    static let cases: [CompatCase] = [
        // LIBPOD_PING and LIBPOD_VERSION are on by default, as LinuxServer's image sets them.
        CompatCase(environment: env(["INFO": "0"]), method: "GET", path: "/libpod/_ping", allowed: true),
        CompatCase(environment: env(["INFO": "0"]), method: "HEAD", path: "/libpod/_ping", allowed: true),
        CompatCase(environment: env(["INFO": "0"]), method: "GET", path: "/libpod/version", allowed: true),
        CompatCase(environment: env(["LIBPOD_PING": "0"]), method: "GET", path: "/libpod/_ping", allowed: false),
        CompatCase(environment: env(["INFO": "0"]), method: "GET", path: "/libpod/info", allowed: false),
        CompatCase(environment: env(["INFO": "0"]), method: "GET", path: "/libpod/containers/json", allowed: false),
        // A section opens reads; POST=1 opens every method on it.
        CompatCase(
            environment: env(["LIBPOD_CONTAINERS": "1"]),
            method: "GET",
            path: "/libpod/containers/json",
            allowed: true
        ),
        CompatCase(
            environment: env(["LIBPOD_CONTAINERS": "1"]),
            method: "GET",
            path: "/containers/json",
            allowed: false
        ),
        CompatCase(
            environment: env(["LIBPOD_CONTAINERS": "1"]),
            method: "POST",
            path: "/libpod/containers/c/start",
            allowed: false
        ),
        CompatCase(
            environment: env(["LIBPOD_CONTAINERS": "1", "POST": "1"]),
            method: "POST",
            path: "/libpod/containers/c/start",
            allowed: true
        ),
        CompatCase(environment: env(["LIBPOD_PODS": "1"]), method: "GET", path: "/libpod/pods/json", allowed: true),
        CompatCase(environment: env(["LIBPOD_IMAGES": "1"]), method: "GET", path: "/libpod/images/json", allowed: true),
        CompatCase(environment: env(["LIBPOD_IMAGES": "1"]), method: "GET", path: "/images/json", allowed: false),
        CompatCase(
            environment: env(["CONTAINERS": "1"]),
            method: "GET",
            path: "/libpod/containers/json",
            allowed: false
        ),
        // Single operations, granted with POST=0.
        CompatCase(
            environment: env(["LIBPOD_ALLOW_START": "1"]),
            method: "POST",
            path: "/libpod/containers/c/start",
            allowed: true
        ),
        CompatCase(
            environment: env(["LIBPOD_ALLOW_START": "1"]),
            method: "POST",
            path: "/libpod/containers/c/stop",
            allowed: false
        ),
        CompatCase(
            environment: env(["LIBPOD_ALLOW_RESTARTS": "1"]),
            method: "POST",
            path: "/libpod/containers/c/kill",
            allowed: true
        ),
        CompatCase(
            environment: env(["LIBPOD_ALLOW_POD_RESTARTS": "1"]),
            method: "POST",
            path: "/libpod/pods/p/restart",
            allowed: true
        ),
        CompatCase(
            environment: env(["LIBPOD_ALLOW_POD_START": "1"]),
            method: "POST",
            path: "/libpod/pods/p/start",
            allowed: true
        ),
        CompatCase(
            environment: env(["LIBPOD_ALLOW_POD_START": "1"]),
            method: "POST",
            path: "/libpod/containers/c/start",
            allowed: false
        ),
        CompatCase(
            environment: env(["LIBPOD_ALLOW_UNPAUSE": "1"]),
            method: "POST",
            path: "/libpod/containers/c/unpause",
            allowed: true
        ),
        CompatCase(
            environment: env(["LIBPOD_ALLOW_POD_PAUSE": "1"]),
            method: "POST",
            path: "/libpod/pods/p/pause",
            allowed: true
        ),
    ]

    @Test("generated libpod rules decide as LinuxServer's template", arguments: cases)
    func decides(_ testCase: CompatCase) throws {
        let loaded = try load(
            environment: testCase.environment.merging(["SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true"]) { $1 }
        )
        #expect(loaded.ruleSource == .compatibilityEnvironment)
        #expect(
            loaded.ruleSet.evaluate(method: testCase.method, path: testCase.path).isAllow == testCase.allowed,
            "\(loaded.ruleOrigins)"
        )
    }

    @Test(
        "every LIBPOD_ variable is refused in Tecnativa mode, never ignored",
        arguments: ["LIBPOD_CONTAINERS", "LIBPOD_ALLOW_POD_STOP", "LIBPOD_PING"]
    )
    func needsTheMode(_ name: String) throws {
        let found = issues(environment: [name: "1"])
        #expect(found.map(\.keyPath) == [name])
        #expect(found.first?.message.contains("SOCKGUARD_COMPAT=linuxserver") == true)
    }

    /// The libpod container and pod creates have inspectors, and the exec is the compat exec (blind without
    /// allowed commands); a kube play or an archive upload the rules allow is a body-blind write, refused unless
    /// acknowledged; lifecycle operations carry no body and are not.
    @Test("libpod writes with a body need the body-blind acknowledgement; lifecycle grants do not")
    func bodyBlindLibpodWrites() throws {
        let writes = issues(environment: Self.env(["LIBPOD_CONTAINERS": "1", "POST": "1"]))
        let names = writes.map(\.message)
        #expect(names.contains { $0.contains("POST /libpod/containers/*/archive (Podman; no libpod inspector yet)") })
        #expect(names.contains { $0.contains("POST /libpod/containers/{id}/exec,") })
        #expect(names.contains { $0.contains("request_body.exec.allowed_commands") })
        // The create has its inspector (LibpodContainerCreateInspector): it is not blind.
        #expect(!names.contains { $0.contains("POST /libpod/containers/create") })
        let constrained = issues(
            environment: Self.env([
                "LIBPOD_CONTAINERS": "1", "POST": "1",
                "SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS": #"[["echo","hi"]]"#,
            ])
        )
        #expect(!constrained.contains { $0.message.contains("/exec") }, "\(constrained)")
        let pods = issues(environment: Self.env(["LIBPOD_PODS": "1", "POST": "1"]))
        #expect(!pods.contains { $0.message.contains("/libpod/pods/create") }, "\(pods)")
        #expect(writes.allSatisfy { $0.keyPath == "LIBPOD_CONTAINERS" })
        #expect(issues(environment: Self.env(["LIBPOD_ALLOW_START": "1", "LIBPOD_ALLOW_POD_RESTARTS": "1"])).isEmpty)
        let play = issues(
            yaml: """
                rules:
                  - match: { method: POST, path: "/libpod/play/kube" }
                    action: allow
                """
        )
        #expect(play.map(\.keyPath) == ["rules[0]"], "\(play)")
        #expect(play.first?.message.contains("POST /libpod/play/kube") == true)
    }
}

/// `request_body.libpod_container_create`: Go's keys load into the libpod inspector's options, from the file
/// and from `SOCKGUARD_REQUEST_BODY_LIBPOD_CONTAINER_CREATE_*`; the ones not implemented are refused by name.
@Suite struct LibpodContainerCreateConfigTests {
    @Test func loadsGoKeysFromTheFile() throws {
        let loaded = try load(
            yaml: """
                request_body:
                  libpod_container_create:
                    allow_host_network: true
                    allowed_bind_mounts: ["/srv/data"]
                    allowed_capabilities: [NET_ADMIN]
                    deny_unconfined_seccomp: false
                    require_non_root_user: true
                    allow_systemd_mode: true
                    image_trust: { mode: off }
                """
        )
        let options = loaded.configuration.requestBody.libpodContainerCreate
        #expect(options.allowHostNetwork && !options.allowHostPID)
        #expect(options.allowedBindMounts == ["/srv/data"])
        #expect(options.allowedCapabilities == ["NET_ADMIN"])
        #expect(options.allowUnconfinedSeccomp)
        #expect(options.requireNonRootUser && options.allowSystemdMode)
    }

    @Test func loadsFromTheEnvironment() throws {
        let loaded = try load(
            environment: [
                "SOCKGUARD_REQUEST_BODY_LIBPOD_CONTAINER_CREATE_ALLOW_PRIVILEGED": "true",
                "SOCKGUARD_REQUEST_BODY_LIBPOD_CONTAINER_CREATE_ALLOWED_DEVICES": "/dev/fuse,/dev/dri",
            ]
        )
        let options = loaded.configuration.requestBody.libpodContainerCreate
        #expect(options.allowPrivileged)
        #expect(options.allowedDevices == ["/dev/fuse", "/dev/dri"])
    }

    @Test func namespaceSharingLoads() throws {
        let yaml = """
            request_body:
              libpod_container_create:
                restrict_namespace_sharing: true
                allowed_namespace_sharing_containers: [web, db]
            """
        let options = try load(yaml: yaml).configuration.requestBody.libpodContainerCreate
        #expect(options.namespaceSharing == .init(restricted: true, allowedContainers: ["web", "db"]))
    }

    @Test(arguments: [
        ("allowed_namespace_sharing_containers: [\"\"]", "empty"),
        ("allowed_bind_mounts: [data]", "absolute"),
        ("allow_everything: true", "unknown key"),
        ("image_trust: { mode: enforce }", "not supported yet"),
    ])
    func refusesWhatItCannotHonour(line: String, message: String) {
        let found = issues(yaml: "request_body:\n  libpod_container_create:\n    \(line)\n")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.keyPath.hasPrefix("request_body.libpod_container_create.") == true, "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }
}
