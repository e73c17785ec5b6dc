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

@Suite struct ExecAndSwarmFamilyConfigTests {
    @Test("YAML sets exec commands as argv templates, env lists and switches")
    func execFromYAML() throws {
        let loaded = try load(
            yaml: """
                request_body:
                  exec:
                    allowed_commands:
                      - ["/bin/echo", "*"]
                      - ["/usr/local/bin/healthcheck"]
                    allow_root_user: true
                    allowed_env_vars: [LANG, "LC_*"]
                    denied_env_vars: [LD_PRELOAD]
                """
        )
        let exec = loaded.configuration.requestBody.exec
        #expect(exec.allowedCommands.map { $0.map(\.source) } == [["/bin/echo", "*"], ["/usr/local/bin/healthcheck"]])
        #expect(exec.allowRootUser)
        #expect(!exec.allowPrivileged)
        #expect(exec.allowedEnvVars.map(\.source) == ["LANG", "LC_*"])
        #expect(exec.deniedEnvVars.map(\.source) == ["LD_PRELOAD"])
        #expect(!exec.allowAnyCommand)
    }

    @Test("the environment sets exec commands as JSON and refuses anything else")
    func execFromEnvironment() throws {
        let loaded = try load(
            environment: [
                "SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS": #"[["sh","-c","date"]]"#,
                "SOCKGUARD_REQUEST_BODY_EXEC_ALLOW_PRIVILEGED": "true",
            ]
        )
        #expect(
            loaded.configuration.requestBody.exec.allowedCommands.map { $0.map(\.source) } == [["sh", "-c", "date"]]
        )
        #expect(loaded.configuration.requestBody.exec.allowPrivileged)
        for bad in ["/bin/echo", #"["/bin/echo"]"#, #"[[1]]"#, "[[]]"] {
            let found = issues(environment: ["SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS": bad])
            #expect(found.map(\.keyPath) == ["SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS"], "\(bad): \(found)")
        }
    }

    @Test("service, swarm, node, secret, config and plugin keys reach their inspectors, deny_ keys inverted")
    func swarmFamily() throws {
        let loaded = try load(
            yaml: """
                request_body:
                  service:
                    allowed_bind_mounts: [/srv]
                    deny_unconfined_seccomp: false
                    allow_official: false
                  swarm:
                    allowed_join_remote_addrs: ["10.0.0.1:2377"]
                    allow_token_rotation: true
                  node: { allow_role_change: true, allowed_label_keys: [zone] }
                  secret: { allow_custom_drivers: true }
                  config: { allow_template_drivers: true }
                  plugin: { allow_ipc_host: true, allowed_set_env_prefixes: [DEBUG] }
                """,
            environment: ["SOCKGUARD_REQUEST_BODY_PLUGIN_ALLOWED_REGISTRIES": "ghcr.io, quay.io"]
        )
        let body = loaded.configuration.requestBody
        #expect(body.service.allowedBindMounts == ["/srv"])
        #expect(body.service.allowUnconfinedSeccomp)
        #expect(!body.service.allowOfficial)
        #expect(body.swarm.allowedJoinRemoteAddrs == ["10.0.0.1:2377"])
        #expect(body.swarm.allowTokenRotation)
        #expect(body.node.allowRoleChange && body.node.allowedLabelKeys == ["zone"])
        #expect(body.secret.allowCustomDrivers && !body.config.allowCustomDrivers)
        #expect(body.config.allowTemplateDrivers)
        #expect(body.plugin.allowHostIPC)
        #expect(body.plugin.allowedSetEnvPrefixes == ["DEBUG"])
        #expect(body.plugin.allowedRegistries == ["ghcr.io", "quay.io"])
    }
}

@Suite struct ArchiveConfigTests {
    @Test("build, container_archive and image_load keys reach their inspectors")
    func archiveFamilies() throws {
        let loaded = try load(
            yaml: """
                request_body:
                  build: { allow_run_instructions: true, allow_host_network: true }
                  container_archive: { allowed_paths: [/srv/upload], allow_setid: true }
                  image_load: { allow_official: false, allowed_registries: [ghcr.io] }
                """,
            environment: ["SOCKGUARD_REQUEST_BODY_BUILD_ALLOW_REMOTE_CONTEXT": "1"]
        )
        let body = loaded.configuration.requestBody
        #expect(body.build.allowRunInstructions && body.build.allowHostNetwork && body.build.allowRemoteContext)
        #expect(body.containerArchive.allowedPaths == ["/srv/upload"] && body.containerArchive.allowSetID)
        #expect(!body.containerArchive.allowDeviceNodes)
        #expect(!body.imageLoad.allowOfficial && body.imageLoad.allowedRegistries == ["ghcr.io"])
        #expect(
            issues(yaml: "request_body: { container_archive: { allowed_paths: [tmp] } }").map(\.keyPath)
                == ["request_body.container_archive.allowed_paths"]
        )
    }
}

@Suite struct ClientsConfigTests {
    @Test("clients.allowed_cidrs from YAML and the environment; bad entries and other clients keys are issues")
    func allowedCIDRs() throws {
        let loaded = try load(yaml: "clients:\n  allowed_cidrs: [10.0.0.0/8, \"fd00::/8\", 192.168.1.5]\n")
        #expect(
            loaded.configuration.clients.allowedCIDRs.map(\.description) == ["10.0.0.0/8", "fd00::/8", "192.168.1.5"]
        )
        let fromEnvironment = try load(environment: ["SOCKGUARD_CLIENTS_ALLOWED_CIDRS": "172.16.0.0/12, 127.0.0.1"])
        #expect(
            fromEnvironment.configuration.clients.allowedCIDRs.map(\.description) == ["172.16.0.0/12", "127.0.0.1"]
        )
        #expect(issues(yaml: "clients: { allowed_cidrs: [10.0.0.0/33] }\n").map(\.keyPath) == ["clients.allowed_cidrs"])
        #expect(
            issues(environment: ["SOCKGUARD_CLIENTS_ALLOWED_CIDRS": "10.0.0.0/8,nope"]).map(\.keyPath)
                == ["SOCKGUARD_CLIENTS_ALLOWED_CIDRS"]
        )
        let profiles = issues(yaml: "clients: { default_profile: ci }\n")
        #expect(
            profiles == [ConfigIssue(keyPath: "clients.profiles", message: "profiles are assigned but none is defined")]
        )
        #expect(
            issues(yaml: "clients: { nonsense: 1 }\n") == [
                ConfigIssue(keyPath: "clients.nonsense", message: "unknown key")
            ]
        )
    }
}

/// container_create options that were "not supported yet" and now load as Go spells them.
@Suite struct ContainerCreateGoOptionsConfigTests {
    @Test func loadFromTheFileAndTheEnvironment() throws {
        let file = try load(
            yaml: """
                request_body:
                  container_create:
                    allowed_seccomp_profiles: [default, strict]
                    allowed_apparmor_profiles: [docker-default]
                    allow_tmpfs_privileged_options: true
                    deny_selinux_label_override: true
                """
        )
        let options = file.configuration.requestBody.containerCreate
        #expect(options.allowedSeccompProfiles == ["default", "strict"])
        #expect(options.allowedAppArmorProfiles == ["docker-default"])
        #expect(options.allowTmpfsPrivilegedOptions && options.denySelinuxLabelOverride)
        let environment = try load(
            environment: ["SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_DENY_SELINUX_LABEL_OVERRIDE": "true"]
        )
        #expect(environment.configuration.requestBody.containerCreate.denySelinuxLabelOverride)
    }

    @Test func namespaceSharingAndPathModeLoad() throws {
        let yaml = """
            request_body:
              container_create:
                restrict_namespace_sharing: true
                allowed_namespace_sharing_containers: [sidecar, abc123]
                deny_namespace_path_mode: true
            """
        let options = try load(yaml: yaml).configuration.requestBody.containerCreate
        #expect(options.namespaceSharing == .init(restricted: true, allowedContainers: ["sidecar", "abc123"]))
        #expect(options.denyNamespacePathMode)
        let environment = try load(
            environment: [
                "SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_RESTRICT_NAMESPACE_SHARING": "true",
                "SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_ALLOWED_NAMESPACE_SHARING_CONTAINERS": "sidecar",
            ]
        ).configuration.requestBody.containerCreate
        #expect(environment.namespaceSharing == .init(restricted: true, allowedContainers: ["sidecar"]))
    }
}

/// `response.redact_host_topology`: off by default, as in Go; set from the file or the environment.
@Suite struct HostTopologyConfigTests {
    @Test func loadsOffByDefaultAndFromBothSources() throws {
        #expect(try !load().configuration.response.redaction.hostTopology)
        #expect(
            try load(yaml: "response:\n  redact_host_topology: true\n").configuration.response.redaction.hostTopology
        )
        let environment = try load(environment: ["SOCKGUARD_RESPONSE_REDACT_HOST_TOPOLOGY": "true"])
        #expect(environment.configuration.response.redaction.hostTopology)
    }
}
