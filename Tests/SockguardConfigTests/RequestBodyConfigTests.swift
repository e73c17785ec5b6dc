import SockguardConfig
import SockguardPolicy
import Testing

@Suite("request_body options")
struct RequestBodyConfigTests {
    @Test("every option defaults to the safe value")
    func defaults() throws {
        let loaded = try load(yaml: "")
        #expect(loaded.configuration.requestBody == RequestBodyConfig())
        #expect(loaded.configuration.requestBody.containerCreate.allowPrivileged == false)
        #expect(loaded.configuration.requestBody.containerCreate.allowedBindMounts.isEmpty)
    }

    @Test("YAML sets container_create lists and switches, volume and network switches")
    func yaml() throws {
        let loaded = try load(
            yaml: """
                request_body:
                  container_create:
                    allow_privileged: true
                    allowed_bind_mounts: [/srv/data, /var/log/app]
                    allowed_capabilities: [NET_ADMIN]
                    required_labels: [owner, tier=web]
                    deny_unconfined_seccomp: false
                  volume: { allow_driver_opts: true }
                  network: { allow_custom_ipam_config: true }
                  image_pull: { allow_official: false, allowed_registries: [ghcr.io, "registry.local:5000"] }
                """
        )
        let body = loaded.configuration.requestBody
        #expect(body.containerCreate.allowPrivileged)
        #expect(body.containerCreate.allowedBindMounts == ["/srv/data", "/var/log/app"])
        #expect(body.containerCreate.allowedCapabilities == ["NET_ADMIN"])
        let expectedLabels: [String: String?] = ["owner": String?.none, "tier": "web"]
        #expect(body.containerCreate.requiredLabels == expectedLabels)
        #expect(body.containerCreate.allowUnconfinedSeccomp)
        #expect(body.volume.allowDriverOpts)
        #expect(!body.volume.allowCustomDrivers)
        #expect(body.network.allowCustomIPAMConfig)
        #expect(!body.imagePull.allowOfficial)
        #expect(body.imagePull.allowedRegistries == ["ghcr.io", "registry.local:5000"])
        #expect(!body.imagePull.allowImports)
    }

    @Test("the environment overrides the file, lists comma-separated")
    func environment() throws {
        let loaded = try load(
            yaml: "request_body: { container_create: { allowed_bind_mounts: [/from-file] } }\n",
            environment: [
                "SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_ALLOWED_BIND_MOUNTS": "/a, /b",
                "SOCKGUARD_REQUEST_BODY_NETWORK_ALLOW_ATTACHABLE": "yes",
                "SOCKGUARD_REQUEST_BODY_IMAGE_PULL_ALLOWED_REGISTRIES": "quay.io,ghcr.io",
            ]
        )
        #expect(loaded.configuration.requestBody.containerCreate.allowedBindMounts == ["/a", "/b"])
        #expect(loaded.configuration.requestBody.network.allowAttachable)
        #expect(loaded.configuration.requestBody.imagePull.allowedRegistries == ["quay.io", "ghcr.io"])
    }

    @Test(
        "bad values name their key",
        arguments: [
            (
                "request_body: { volume: { allow_custom_drivers: maybe } }\n", [:],
                "request_body.volume.allow_custom_drivers"
            ),
            ("request_body: { network: { allow_everything: true } }\n", [:], "request_body.network.allow_everything"),
            (
                "", ["SOCKGUARD_REQUEST_BODY_VOLUME_ALLOW_DRIVER_OPTS": "sure"],
                "SOCKGUARD_REQUEST_BODY_VOLUME_ALLOW_DRIVER_OPTS"
            ),
            (
                "", ["SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_ALLOWED_BIND_MOUNTS": "data"],
                "SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_ALLOWED_BIND_MOUNTS"
            ),
            (
                "", ["SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS": "ls"],
                "SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS"
            ),
        ]
    )
    func issues(yaml: String, environment: [String: String], keyPath: String) {
        #expect(throws: ConfigError.self) { try load(yaml: yaml, environment: environment) }
        do {
            _ = try load(yaml: yaml, environment: environment)
        } catch {
            #expect(error.issues.contains { $0.keyPath == keyPath }, "\(error)")
        }
    }
}
