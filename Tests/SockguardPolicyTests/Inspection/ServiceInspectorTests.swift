import SockguardPolicy
import Testing

@Suite struct ServiceInspectorTests {
    typealias Options = ServiceInspector.Options

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let options: Options
        /// nil: allowed.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(_ name: String, _ body: String, _ expected: ReasonCode?, _ options: Options = .init()) {
            self.name = name
            self.body = body
            self.options = options
            self.expected = expected
        }
    }

    static let digest = "sha256:" + String(repeating: "ab", count: 32)
    /// `docker service create --name web nginx`, as the docker CLI 28 sends it.
    static let dockerServiceCreate = """
        {"Name":"web","Labels":{},"TaskTemplate":{"ContainerSpec":{"Image":"nginx:latest@\(digest)",\
        "Init":false,"StopGracePeriod":10000000000,"DNSConfig":{},"Isolation":"default"},\
        "Resources":{"Limits":{},"Reservations":{}},"RestartPolicy":{"Condition":"any","Delay":5000000000,\
        "MaxAttempts":0},"Placement":{},"ForceUpdate":0,"Runtime":"container"},\
        "Mode":{"Replicated":{"Replicas":1}},"EndpointSpec":{"Mode":"vip"}}
        """

    /// A service whose `ContainerSpec` is `fields` (the image is an official one).
    static func spec(_ fields: String) -> String {
        #"{"Name":"s","TaskTemplate":{"ContainerSpec":{"Image":"busybox","# + fields + "}}}"
    }

    /// A service running `reference` (a JSON value).
    static func image(_ reference: String) -> String {
        #"{"TaskTemplate":{"ContainerSpec":{"Image":"# + reference + "}}}"
    }

    static func privileges(_ fields: String) -> String { spec(#""Privileges":{"# + fields + "}") }

    static let base = Options()
    static let dataMounts = changing(base) { $0.allowedBindMounts = ["/srv/data"] }
    static let rails = changing(base) {
        $0.requireNonRootUser = true
        $0.requireNoNewPrivileges = true
        $0.requireReadonlyRootfs = true
        $0.requireDropAllCapabilities = true
    }
    static let hardened = spec(
        #""User":"1000","ReadOnly":true,"CapabilityDrop":["all"],"Privileges":{"NoNewPrivileges":true}"#
    )

    static let cases: [Case] = [
        // Realistic bodies.
        .init("docker service create", dockerServiceCreate, nil),
        .init("empty object", "{}", nil),
        .init("minimal", spec(#""Args":["sleep","1d"]"#), nil),
        .init("everything null", #"{"TaskTemplate":{"ContainerSpec":null,"Networks":null},"Networks":null}"#, nil),
        .init("overlay networks", #"{"TaskTemplate":{"Networks":[{"Target":"backend","Aliases":["db"]}]}}"#, nil),
        // Host network.
        .init("top-level host network", #"{"Networks":[{"Target":"host"}]}"#, .serviceHostNetwork),
        .init("task host network", #"{"TaskTemplate":{"Networks":[{"Target":"host"}]}}"#, .serviceHostNetwork),
        .init("HOST padded", #"{"TaskTemplate":{"Networks":[{"Target":" HOST "}]}}"#, .serviceHostNetwork),
        .init("escaped host", #"{"Networks":[{"Target":"\u0068ost"}]}"#, .serviceHostNetwork),
        .init("lowercase keys", #"{"tasktemplate":{"networks":[{"target":"host"}]}}"#, .serviceHostNetwork),
        .init(
            "host network allowed",
            #"{"Networks":[{"Target":"host"}]}"#,
            nil,
            changing(base) { $0.allowHostNetwork = true }
        ),
        .init("hostnet is not host", #"{"Networks":[{"Target":"hostnet"}]}"#, nil),
        .init("network not an object", #"{"Networks":["host"]}"#, .requestBodyInvalidField),
        .init("networks not an array", #"{"TaskTemplate":{"Networks":{"Target":"host"}}}"#, .requestBodyInvalidField),
        // Mounts.
        .init("bind mount of /", spec(#""Mounts":[{"Type":"bind","Source":"/","Target":"/h"}]"#), .serviceBindMount),
        .init(
            "docker socket",
            spec(#""Mounts":[{"Type":"bind","Source":"/var/run/docker.sock","Target":"/s"}]"#),
            .serviceBindMount
        ),
        .init("BIND type", spec(#""Mounts":[{"Type":"BIND","Source":"/etc","Target":"/e"}]"#), .serviceBindMount),
        .init(
            "allowed bind",
            spec(#""Mounts":[{"Type":"bind","Source":"/srv/data/x","Target":"/d"}]"#),
            nil,
            dataMounts
        ),
        .init(
            "dot-dot escape",
            spec(#""Mounts":[{"Type":"bind","Source":"/srv/data/../../etc","Target":"/d"}]"#),
            .serviceBindMount,
            dataMounts
        ),
        .init(
            "sibling prefix",
            spec(#""Mounts":[{"Type":"bind","Source":"/srv/database","Target":"/d"}]"#),
            .serviceBindMount,
            dataMounts
        ),
        .init("relative bind", spec(#""Mounts":[{"Type":"bind","Source":"etc","Target":"/e"}]"#), .serviceBindMount),
        .init("bind without source", spec(#""Mounts":[{"Type":"bind","Target":"/e"}]"#), .serviceBindMount),
        .init("named volume", spec(#""Mounts":[{"Type":"volume","Source":"data","Target":"/d"}]"#), nil),
        .init(
            "volume device bind",
            spec(
                #""Mounts":[{"Type":"volume","Source":"v","Target":"/d","VolumeOptions":{"DriverConfig":"#
                    + #"{"Name":"local","Options":{"type":"none","o":"bind","device":"/etc"}}}}]"#
            ),
            .serviceBindMount
        ),
        .init("tmpfs", spec(#""Mounts":[{"Type":"tmpfs","Target":"/t"}]"#), nil),
        .init(
            "npipe",
            spec(#""Mounts":[{"Type":"npipe","Source":"\\\\.\\pipe\\docker_engine","Target":"/p"}]"#),
            .serviceBindMount
        ),
        .init(
            "cluster volume",
            spec(#""Mounts":[{"Type":"cluster","Source":"csi","Target":"/c"}]"#),
            .serviceBindMount
        ),
        .init("mount without type", spec(#""Mounts":[{"Source":"/","Target":"/h"}]"#), .requestBodyInvalidField),
        .init("mount type a number", spec(#""Mounts":[{"Type":1}]"#), .requestBodyInvalidField),
        .init("mount not an object", spec(#""Mounts":["/:/h"]"#), .requestBodyInvalidField),
        .init(
            "case-variant duplicate source",
            spec(#""Mounts":[{"Type":"bind","Source":"/srv/data","source":"/"}]"#),
            .requestBodyInvalid,
            dataMounts
        ),
        // Capabilities and sysctls.
        .init("cap add", spec(#""CapabilityAdd":["SYS_ADMIN"]"#), .serviceCapabilities),
        .init("cap add lower with prefix", spec(#""CapabilityAdd":["cap_net_admin"]"#), .serviceCapabilities),
        .init(
            "cap add allowed",
            spec(#""CapabilityAdd":["cap_net_admin"]"#),
            nil,
            changing(base) { $0.allowedCapabilities = ["NET_ADMIN"] }
        ),
        .init(
            "cap add ALL allowlist",
            spec(#""CapabilityAdd":["SYS_ADMIN"]"#),
            nil,
            changing(base) { $0.allowedCapabilities = ["all"] }
        ),
        .init(
            "cap add all allowed",
            spec(#""CapabilityAdd":["ALL"]"#),
            nil,
            changing(base) { $0.allowAllCapabilities = true }
        ),
        .init("cap drop only", spec(#""CapabilityDrop":["ALL"]"#), nil),
        .init("cap add null element", spec(#""CapabilityAdd":[null]"#), .requestBodyInvalidField),
        .init("sysctls", spec(#""Sysctls":{"net.ipv4.ip_forward":"1"}"#), .serviceSysctls),
        .init("empty sysctls", spec(#""Sysctls":{}"#), nil),
        .init("sysctls allowed", spec(#""Sysctls":{"a":"1"}"#), nil, changing(base) { $0.allowSysctls = true }),
        // Privileges.
        .init("seccomp unconfined", privileges(#""Seccomp":{"Mode":"unconfined"}"#), .serviceSecurityOpt),
        .init("seccomp Unconfined padded", privileges(#""Seccomp":{"Mode":" Unconfined"}"#), .serviceSecurityOpt),
        .init(
            "seccomp unconfined allowed",
            privileges(#""Seccomp":{"Mode":"unconfined"}"#),
            nil,
            changing(base) { $0.allowUnconfinedSeccomp = true }
        ),
        .init("seccomp custom", privileges(#""Seccomp":{"Mode":"custom","Profile":"e30="}"#), .serviceSecurityOpt),
        .init("seccomp bare profile", privileges(#""Seccomp":{"Profile":"e30="}"#), .serviceSecurityOpt),
        .init("seccomp null profile", privileges(#""Seccomp":{"Profile":null}"#), nil),
        .init("seccomp default", privileges(#""Seccomp":{"Mode":"default"}"#), nil),
        .init(
            "seccomp custom allowed",
            privileges(#""Seccomp":{"Mode":"custom","Profile":"e30="}"#),
            nil,
            changing(base) { $0.allowCustomSeccompProfiles = true }
        ),
        .init("apparmor disabled", privileges(#""AppArmor":{"Mode":"disabled"}"#), .serviceSecurityOpt),
        .init("apparmor default", privileges(#""AppArmor":{"Mode":"default"}"#), nil),
        .init("selinux disable", privileges(#""SELinuxContext":{"Disable":true}"#), .serviceSecurityOpt),
        .init("selinux disable false", privileges(#""SELinuxContext":{"Disable":false,"User":""}"#), nil),
        .init("selinux type spc_t", privileges(#""SELinuxContext":{"Type":"spc_t"}"#), .serviceSecurityOpt),
        .init(
            "selinux override allowed",
            privileges(#""SELinuxContext":{"Level":"s0:c1"}"#),
            nil,
            changing(base) { $0.allowSelinuxLabelOverride = true }
        ),
        .init(
            "selinux disable a string",
            privileges(#""SELinuxContext":{"Disable":"true"}"#),
            .requestBodyInvalidField
        ),
        .init("privileges an array", spec(#""Privileges":[]"#), .requestBodyInvalidField),
        .init("escaped seccomp key", privileges(#""Secc\u006fmp":{"Mode":"unconfined"}"#), .serviceSecurityOpt),
        // Runtime.
        .init("plugin runtime", #"{"TaskTemplate":{"Runtime":"plugin"}}"#, .serviceRuntime),
        .init(
            "plugin spec",
            #"{"TaskTemplate":{"PluginSpec":{"Name":"p","Remote":"vieux/sshfs"}}}"#,
            .serviceRuntime
        ),
        .init("Container runtime", #"{"TaskTemplate":{"Runtime":"Container"}}"#, .serviceRuntime),
        .init(
            "plugin runtime allowed",
            #"{"TaskTemplate":{"Runtime":"plugin","PluginSpec":{}}}"#,
            nil,
            changing(base) { $0.allowPluginRuntime = true }
        ),
        // Image registries.
        .init("third-party registry", image(#""ghcr.io/x/y:1""#), .serviceRegistry),
        .init("hub user image", image(#""someone/app""#), .serviceRegistry),
        .init(
            "allowed registry",
            image(#""ghcr.io/x/y:1""#),
            nil,
            changing(base) { $0.allowedRegistries = ["GHCR.io"] }
        ),
        .init("any registry", image(#""evil.example/x""#), nil, changing(base) { $0.allowAllRegistries = true }),
        .init(
            "official not allowed",
            image(#""nginx""#),
            .serviceRegistry,
            changing(base) { $0.allowOfficial = false }
        ),
        .init("invalid reference", image(#""Not Valid""#), .serviceRegistry),
        .init("image a number", image(#"7"#), .requestBodyInvalidField),
        // Rails.
        .init("rails met", hardened, nil, rails),
        .init("rails: root user", spec(#""User":"0:0""#), .serviceNoNewPrivileges, rails),
        .init(
            "rails: no user",
            spec(#""ReadOnly":true,"CapabilityDrop":["ALL"],"Privileges":{"NoNewPrivileges":true}"#),
            .serviceRootUser,
            rails
        ),
        .init(
            "rails: writable rootfs",
            spec(#""User":"app","CapabilityDrop":["ALL"],"Privileges":{"NoNewPrivileges":true}"#),
            .serviceReadonlyRootfs,
            rails
        ),
        .init(
            "rails: caps kept",
            spec(#""User":"app","ReadOnly":true,"Privileges":{"NoNewPrivileges":true}"#),
            .serviceDropAllCapabilities,
            rails
        ),
        .init("rails: no container spec", "{}", .serviceNoNewPrivileges, rails),
        // Malformed bodies.
        .init("not an object", "[]", .requestBodyInvalid),
        .init("trailing data", #"{"Name":"s"} {}"#, .requestBodyInvalid),
        .init("duplicate key", #"{"TaskTemplate":{},"TaskTemplate":{"Runtime":"plugin"}}"#, .requestBodyInvalid),
        .init("task template a string", #"{"TaskTemplate":"x"}"#, .requestBodyInvalidField),
    ]

    @Test("allows or denies each service body with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        let inspector = ServiceInspector(options: testCase.options)
        expectDecision(inspectDirectly(inspector, testCase.body, path: "/services/create"), testCase.expected)
        expectDecision(inspectDirectly(inspector, testCase.body, path: "/services/web/update"), testCase.expected)
    }

    @Test(
        "recognises only the service write paths",
        arguments: [
            ("/services/create", ServiceInspector.Endpoint.create),
            ("/services/web/update", .update(service: "web")),
            ("/services//update", nil),
            ("/services/web/update/x", nil),
            ("/services/web", nil),
            ("/services/create/update", .update(service: "create")),
        ] as [(String, ServiceInspector.Endpoint?)]
    )
    func endpoints(_ path: String, _ expected: ServiceInspector.Endpoint?) {
        #expect(ServiceInspector.Endpoint(.of("POST", path)) == expected)
    }

    @Test("denial messages name the field")
    func messages() {
        let body = Self.spec(#""Mounts":[{"Type":"bind","Source":"/etc/../","Target":"/h"}]"#)
        #expect(
            inspectDirectly(ServiceInspector(), body, path: "/services/create")
                == .deny(
                    Denial(
                        reasonCode: .serviceBindMount,
                        message: "sockguard: bind mount of host path / is not allowed "
                            + "(TaskTemplate.ContainerSpec.Mounts[0].Source)"
                    )
                )
        )
    }

    @Test("every switch defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowHostNetwork && options.allowedBindMounts.isEmpty && !options.allowAllRegistries)
        #expect(!options.allowAllCapabilities && options.allowedCapabilities.isEmpty && !options.allowSysctls)
        #expect(!options.allowUnconfinedSeccomp && !options.allowCustomSeccompProfiles)
        #expect(!options.allowUnconfinedAppArmor && !options.allowSelinuxDisable && !options.allowSelinuxLabelOverride)
        #expect(!options.allowPluginRuntime)
    }
}
