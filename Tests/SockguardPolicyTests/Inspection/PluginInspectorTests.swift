import SockguardPolicy
import Testing

@Suite struct PluginInspectorTests {
    typealias Options = PluginInspector.Options

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let query: String?
        let body: String
        let options: Options
        /// nil: allowed.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(
            _ name: String,
            _ path: String,
            _ body: String,
            _ expected: ReasonCode?,
            _ options: Options = PluginInspectorTests.hub,
            query: String? = nil
        ) {
            self.name = name
            self.path = path
            self.query = query
            self.body = body
            self.options = options
            self.expected = expected
        }
    }

    static let pull = "/plugins/pull"
    static let upgrade = "/plugins/vieux/sshfs:latest/upgrade"
    static let set = "/plugins/vieux/sshfs:latest/set"
    static let remote = "remote=vieux%2Fsshfs%3Alatest&name=sshfs"

    /// Docker Hub allowed, so rows test the body.
    static let hub = changing(Options()) { $0.allowedRegistries = ["docker.io"] }

    static func privilege(_ name: String, _ values: String) -> String {
        #"[{"Name":""# + name + #"","Description":"","Value":"# + values + "}]"
    }

    /// `docker plugin install vieux/sshfs`: the privileges the CLI accepts for it.
    static let sshfsPrivileges = """
        [{"Name":"network","Description":"","Value":["host"]},\
        {"Name":"mount","Description":"","Value":["/var/lib/docker/plugins/"]},\
        {"Name":"device","Description":"","Value":["/dev/fuse"]},\
        {"Name":"capabilities","Description":"","Value":["CAP_SYS_ADMIN"]}]
        """
    static let sshfsAllowed = changing(hub) {
        $0.allowHostNetwork = true
        $0.allowedBindMounts = ["/var/lib/docker/plugins"]
        $0.allowedDevices = ["/dev/fuse"]
        $0.allowedCapabilities = [" cap_sys_admin "]
    }

    static let cases: [Case] = [
        // Pull and upgrade: the query.
        .init("no privileges", pull, "[]", nil, query: remote),
        .init("sshfs, everything denied", pull, sshfsPrivileges, .pluginHostNetwork, query: remote),
        .init("sshfs, everything allowed", pull, sshfsPrivileges, nil, sshfsAllowed, query: remote),
        .init("sshfs upgrade", upgrade, sshfsPrivileges, nil, sshfsAllowed, query: remote),
        .init("hub not allowed", pull, "[]", .pluginRegistry, Options(), query: remote),
        .init("other registry", pull, "[]", .pluginRegistry, query: "remote=ghcr.io/x/p:1"),
        .init(
            "other registry allowed",
            pull,
            "[]",
            nil,
            changing(hub) { $0.allowedRegistries = ["ghcr.io"] },
            query: "remote=ghcr.io/x/p:1"
        ),
        .init(
            "any registry",
            pull,
            "[]",
            nil,
            changing(Options()) { $0.allowAllRegistries = true },
            query: "remote=a.b/c"
        ),
        .init("repeated remote", pull, "[]", .pluginInvalidQuery, query: "remote=a&remote=ghcr.io/x"),
        .init("unreadable remote", pull, "[]", .pluginInvalidQuery, query: "remote=Not%20Valid"),
        .init("bad percent encoding", upgrade, "[]", .pluginInvalidQuery, query: "remote=%zz"),
        .init("no remote", pull, "[]", nil, Options()),
        // Privileges.
        .init("host network", pull, privilege("network", #"["host"]"#), .pluginHostNetwork),
        .init("HOST padded", pull, privilege(" Network ", #"[" HOST"]"#), .pluginHostNetwork),
        .init("bridge network", pull, privilege("network", #"["bridge"]"#), nil),
        .init(
            "host network allowed",
            pull,
            privilege("network", #"["host"]"#),
            nil,
            changing(hub) { $0.allowHostNetwork = true }
        ),
        .init("host pid", pull, privilege("host pid", #"["true"]"#), .pluginHostPID),
        .init(
            "host pid allowed",
            pull,
            privilege("host pid", #"["true"]"#),
            nil,
            changing(hub) { $0.allowHostPID = true }
        ),
        .init("host ipc", upgrade, privilege("host ipc", #"["true"]"#), .pluginHostIPC),
        .init("mount /", pull, privilege("mount", #"["/"]"#), .pluginBindMount),
        .init("mount relative", pull, privilege("mount", #"["data"]"#), .pluginBindMount),
        .init("mount empty value", pull, privilege("mount", #"[""]"#), nil),
        .init(
            "mount escape",
            pull,
            privilege("mount", #"["/var/lib/docker/plugins/../../.."]"#),
            .pluginBindMount,
            sshfsAllowed
        ),
        .init("device", pull, privilege("device", #"["/dev/sda"]"#), .pluginDevices),
        .init("device allowed", pull, privilege("device", #"["/dev/fuse"]"#), nil, sshfsAllowed),
        .init(
            "all devices allows any",
            pull,
            privilege("device", #"["/dev/sda"]"#),
            nil,
            changing(hub) { $0.allowAllDevices = true }
        ),
        .init("allow-all-devices", pull, privilege("allow-all-devices", #"["true"]"#), .pluginDevices),
        .init("capability", pull, privilege("capabilities", #"["CAP_SYS_ADMIN"]"#), .pluginCapabilities),
        .init(
            "capability without CAP_ is different",
            pull,
            privilege("capabilities", #"["SYS_ADMIN"]"#),
            .pluginCapabilities,
            sshfsAllowed
        ),
        .init(
            "all capabilities",
            pull,
            privilege("capabilities", #"["CAP_SYS_MODULE"]"#),
            nil,
            changing(hub) { $0.allowAllCapabilities = true }
        ),
        .init("unknown privilege", pull, privilege("kernel", #"["x"]"#), .pluginPrivilege),
        .init("lowercase keys", pull, #"[{"name":"network","value":["host"]}]"#, .pluginHostNetwork),
        .init("escaped name value", pull, #"[{"Name":"netw\u006frk","Value":["host"]}]"#, .pluginHostNetwork),
        .init("duplicate name", pull, #"[{"Name":"mount","NAME":"network","Value":["host"]}]"#, .requestBodyInvalid),
        .init("value a string", pull, #"[{"Name":"network","Value":"host"}]"#, .requestBodyInvalidField),
        .init("value null element", pull, #"[{"Name":"mount","Value":[null]}]"#, .requestBodyInvalidField),
        .init("privilege not an object", pull, #"["network"]"#, .requestBodyInvalidField),
        .init("privileges an object", pull, #"{"Name":"network"}"#, .requestBodyInvalid),
        .init("trailing data", pull, "[] []", .requestBodyInvalid),
        // Set.
        .init("empty set", set, "[]", nil),
        .init("env not allowed", set, #"["DEBUG=1"]"#, .pluginSetting),
        .init("env allowed", set, #"["DEBUG=1"]"#, nil, changing(hub) { $0.allowedSetEnvPrefixes = ["DEBUG="] }),
        .init(
            "env other name",
            set,
            #"["DEBUGX=1"]"#,
            .pluginSetting,
            changing(hub) { $0.allowedSetEnvPrefixes = ["DEBUG="] }
        ),
        .init(
            "not an assignment",
            set,
            #"["DEBUG"]"#,
            .pluginSetting,
            changing(hub) { $0.allowedSetEnvPrefixes = ["DEBUG"] }
        ),
        .init("mount source", set, #"["mymount.source=/etc"]"#, .pluginBindMount),
        .init(
            "mount source allowed",
            set,
            #"["mymount.source=/var/lib/docker/plugins/x"]"#,
            nil,
            sshfsAllowed
        ),
        .init(
            "mount source needs no prefix",
            set,
            #"["data.source=/srv"]"#,
            nil,
            changing(hub) { $0.allowedBindMounts = ["/srv"] }
        ),
        .init("device path", set, #"["mydevice.path=/dev/sda"]"#, .pluginDevices),
        .init("device path allowed", set, #"["mydevice.path=/dev/fuse"]"#, nil, sshfsAllowed),
        .init("lower key absolute value", set, #"["state=/var"]"#, .pluginBindMount),
        .init("lower key dev value", set, #"["disk=/dev/sdb"]"#, .pluginDevices),
        .init(
            "upper key absolute value is env",
            set,
            #"["STATE=/var"]"#,
            nil,
            changing(hub) { $0.allowedSetEnvPrefixes = ["STATE="] }
        ),
        .init(
            "combining mark after =",
            set,
            "[\"state=\\u0301/etc\"]",
            .pluginSetting,
            changing(hub) { $0.allowedBindMounts = ["/etc"] }
        ),
        .init("setting a number", set, "[1]", .requestBodyInvalidField),
        .init("settings an object", set, #"{"DEBUG":"1"}"#, .requestBodyInvalid),
    ]

    @Test("allows or denies each plugin request with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        let inspector = PluginInspector(options: testCase.options)
        let decision = inspectDirectly(inspector, testCase.body, path: testCase.path, query: testCase.query)
        let badRequest: ReasonCode =
            testCase.expected == .pluginInvalidQuery ? .pluginInvalidQuery : .requestBodyInvalid
        expectDecision(decision, testCase.expected, badRequestCode: badRequest)
    }

    @Test(
        "recognises only the plugin write paths",
        arguments: [
            ("/plugins/pull", PluginInspector.Endpoint.pull),
            ("/plugins/create", .create),
            ("/plugins/p/upgrade", .upgrade(plugin: "p")),
            ("/plugins/vieux/sshfs:latest/set", .set(plugin: "vieux/sshfs:latest")),
            ("/plugins/x/upgrade/set", .set(plugin: "x/upgrade")),
            ("/plugins/set", nil),
            ("/plugins//set", nil),
            ("/plugins/p/enable", nil),
            ("/plugins/p", nil),
            ("/plugins", nil),
        ] as [(String, PluginInspector.Endpoint?)]
    )
    func endpoints(_ path: String, _ expected: PluginInspector.Endpoint?) {
        #expect(PluginInspector.Endpoint(.of("POST", path)) == expected)
    }

    @Test("plugin create is refused on its request line unless allowed")
    func create() {
        let request = InspectedRequest(method: "POST", path: "/plugins/create", query: "name=p")
        expectDecision(PluginInspector().inspectCreate(request), .pluginCreate)
        expectDecision(
            PluginInspector(options: changing(Options()) { $0.allowCreate = true }).inspectCreate(request),
            nil
        )
        #expect(PluginInspector.Endpoint.create.hasJSONBody == false)
        #expect(PluginInspector.Endpoint.pull.hasJSONBody)
    }

    @Test("set denials name the key but never echo the value")
    func setMessage() {
        let decision = inspectDirectly(PluginInspector(), #"["TOKEN=s3cret"]"#, path: Self.set)
        guard case .deny(let denial) = decision else {
            Issue.record("allowed")
            return
        }
        #expect(denial.message == "sockguard: plugin setting \"TOKEN\" is not allowed ([0])")
    }

    @Test("every switch defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowHostNetwork && !options.allowHostIPC && !options.allowHostPID && !options.allowAllDevices)
        #expect(
            options.allowedBindMounts.isEmpty && options.allowedDevices.isEmpty && options.allowedCapabilities.isEmpty
        )
        #expect(!options.allowAllCapabilities && !options.allowAllRegistries && options.allowedRegistries.isEmpty)
        #expect(options.allowedSetEnvPrefixes.isEmpty && !options.allowCreate)
    }
}
