import SockguardPolicy
import Testing

@Suite struct ContainerUpdateInspectorTests {
    typealias Options = ContainerUpdateInspector.Options

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

    static func options(_ configure: (inout Options) -> Void) -> Options {
        var options = Options()
        configure(&options)
        return options
    }

    static let devices = options { $0.allowAllDevices = true }
    static let resources = options { $0.allowResourceUpdates = true }
    static let restartPolicy = options { $0.allowRestartPolicy = true }

    /// Every `Resources` field but `Memory` as the docker CLI 28 sends it when unset: zeros, empty strings and
    /// nulls.
    static let cliZeros =
        #""BlkioWeight":0,"BlkioWeightDevice":null,"BlkioDeviceReadBps":null,"BlkioDeviceWriteBps":null,"#
        + #""BlkioDeviceReadIOps":null,"BlkioDeviceWriteIOps":null,"CgroupParent":"","CpuCount":0,"#
        + #""CpuPercent":0,"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"#
        + #""CpuShares":0,"CpusetCpus":"","CpusetMems":"","DeviceCgroupRules":null,"DeviceRequests":null,"#
        + #""Devices":null,"IOMaximumBandwidth":0,"IOMaximumIOps":0,"KernelMemory":0,"#
        + #""MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":null,"NanoCpus":0,"OomKillDisable":null,"#
        + #""PidsLimit":null,"Ulimits":null"#
    /// `docker update --restart always c`.
    static let dockerUpdateRestart =
        #"{"Memory":0,"# + cliZeros + #","RestartPolicy":{"Name":"always","MaximumRetryCount":0}}"#
    /// `docker update --memory 1g c`.
    static let dockerUpdateMemory =
        #"{"Memory":1073741824,"# + cliZeros + #","RestartPolicy":{"Name":"","MaximumRetryCount":0}}"#
    /// `docker update c` with nothing to change: every field unset.
    static let dockerUpdateNothing =
        #"{"Memory":0,"# + cliZeros + #","RestartPolicy":{"Name":"","MaximumRetryCount":0}}"#

    static let cases: [Case] = [
        // Realistic bodies.
        .init("docker update with nothing set", dockerUpdateNothing, nil),
        .init("empty object", "{}", nil),
        .init("docker update --restart always", dockerUpdateRestart, .containerUpdateRestartPolicy),
        .init("docker update --restart always allowed", dockerUpdateRestart, nil, restartPolicy),
        .init("docker update --memory 1g", dockerUpdateMemory, .containerUpdateResources),
        .init("docker update --memory 1g allowed", dockerUpdateMemory, nil, resources),
        .init("unknown fields ignored", #"{"Privileged":true,"CapAdd":["ALL"],"HostConfig":{"Memory":1}}"#, nil),
        // Devices.
        .init(
            "device mapping",
            #"{"Devices":[{"PathOnHost":"/dev/sda","PathInContainer":"/dev/sda"}]}"#,
            .containerUpdateDevices
        ),
        .init("device request", #"{"DeviceRequests":[{"Driver":"nvidia","Count":-1}]}"#, .containerUpdateDevices),
        .init("device cgroup rule", #"{"DeviceCgroupRules":["c *:* rwm"]}"#, .containerUpdateDevices),
        .init("devices lowercase key", #"{"devices":[{}]}"#, .containerUpdateDevices),
        .init("devices empty", #"{"Devices":[],"DeviceRequests":[],"DeviceCgroupRules":[]}"#, nil),
        .init("devices allowed", #"{"Devices":[{}],"DeviceCgroupRules":["a"]}"#, nil, devices),
        .init("devices not an array", #"{"Devices":"/dev/sda"}"#, .requestBodyInvalidField),
        .init("cgroup rule not a string", #"{"DeviceCgroupRules":[1]}"#, .requestBodyInvalidField),
        .init("devices checked before resources", #"{"Devices":[{}],"Memory":1}"#, .containerUpdateDevices),
        // Resources.
        .init("cpu shares", #"{"CpuShares":512}"#, .containerUpdateResources),
        .init("nano cpus", #"{"NanoCpus":500000000}"#, .containerUpdateResources),
        .init("unlimited swap", #"{"MemorySwap":-1}"#, .containerUpdateResources),
        .init("kernel memory", #"{"KernelMemory":4194304}"#, .containerUpdateResources),
        .init("cpuset", #"{"CpusetCpus":"0-3"}"#, .containerUpdateResources),
        .init(
            "blkio weight device",
            #"{"BlkioWeightDevice":[{"Path":"/dev/sda","Weight":10}]}"#,
            .containerUpdateResources
        ),
        .init("blkio read bps", #"{"BlkioDeviceReadBps":[{"Path":"/dev/sda","Rate":1}]}"#, .containerUpdateResources),
        .init("ulimits", #"{"Ulimits":[{"Name":"nofile","Soft":1,"Hard":2}]}"#, .containerUpdateResources),
        .init("pids limit zero lifts the limit", #"{"PidsLimit":0}"#, .containerUpdateResources),
        .init("pids limit", #"{"PidsLimit":100}"#, .containerUpdateResources),
        .init("oom kill disable false", #"{"OomKillDisable":false}"#, .containerUpdateResources),
        .init("memory swappiness", #"{"MemorySwappiness":0}"#, .containerUpdateResources),
        .init("lowercase memory key", #"{"memory":1}"#, .containerUpdateResources),
        .init("resources allowed", #"{"CpuShares":2,"PidsLimit":0,"Ulimits":[{}]}"#, nil, resources),
        .init("empty arrays", #"{"Ulimits":[],"BlkioWeightDevice":[]}"#, nil),
        .init("memory a string", #"{"Memory":"1g"}"#, .requestBodyInvalidField),
        .init("memory a fraction", #"{"Memory":1.5}"#, .requestBodyInvalidField),
        .init("memory a string even when allowed", #"{"Memory":"1g"}"#, .requestBodyInvalidField, resources),
        .init("oom kill disable a string", #"{"OomKillDisable":"true"}"#, .requestBodyInvalidField),
        .init("cpuset a number", #"{"CpusetCpus":0}"#, .requestBodyInvalidField),
        .init("duplicate key", #"{"Memory":0,"memory":1}"#, .requestBodyInvalid),
        // Restart policy.
        .init(
            "restart on-failure",
            #"{"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}}"#,
            .containerUpdateRestartPolicy
        ),
        .init(
            "retry count without a name",
            #"{"RestartPolicy":{"MaximumRetryCount":3}}"#,
            .containerUpdateRestartPolicy
        ),
        .init("restart policy null", #"{"RestartPolicy":null}"#, nil),
        .init("restart policy empty", #"{"RestartPolicy":{}}"#, nil),
        .init("restart lowercase keys", #"{"restartpolicy":{"name":"always"}}"#, .containerUpdateRestartPolicy),
        .init("restart policy a string", #"{"RestartPolicy":"always"}"#, .requestBodyInvalidField),
        .init("restart name a number", #"{"RestartPolicy":{"Name":1}}"#, .requestBodyInvalidField),
        .init(
            "everything allowed",
            #"{"Devices":[{}],"Memory":1,"RestartPolicy":{"Name":"always"}}"#,
            nil,
            options {
                $0.allowAllDevices = true
                $0.allowResourceUpdates = true
                $0.allowRestartPolicy = true
            }
        ),
        // Malformed bodies.
        .init("not an object", #"[]"#, .requestBodyInvalid),
        .init("null body", "null", .requestBodyInvalid),
        .init("truncated", #"{"Memory":1"#, .requestBodyInvalid),
    ]

    static func decide(_ body: String, _ options: Options) -> Decision {
        inspect(body, path: "/containers/c1/update", registry: InspectorRegistry(containerUpdate: options))
    }

    @Test("allows or denies each body with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        expectDecision(Self.decide(testCase.body, testCase.options), testCase.expected)
    }

    @Test("denial messages name the field, as the docker CLI prints them")
    func messages() {
        #expect(
            Self.decide(Self.dockerUpdateMemory, .init())
                == .deny(
                    Denial(
                        reasonCode: .containerUpdateResources,
                        message: "sockguard: changing resource limits is not allowed (Memory)"
                    )
                )
        )
        #expect(
            Self.decide(Self.dockerUpdateRestart, .init())
                == .deny(
                    Denial(
                        reasonCode: .containerUpdateRestartPolicy,
                        message: "sockguard: changing the restart policy is not allowed (RestartPolicy.Name=always)"
                    )
                )
        )
    }

    struct Route: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        let inspected: Bool
        var testDescription: String { "\(method) \(path) → \(inspected ? "update" : "none")" }
    }

    static let routes: [Route] = [
        .init(method: "POST", path: "/containers/c1/update", inspected: true),
        .init(method: "POST", path: "/containers/0123abcd/update", inspected: true),
        .init(method: "GET", path: "/containers/c1/update", inspected: false),
        .init(method: "post", path: "/containers/c1/update", inspected: false),
        .init(method: "POST", path: "/containers//update", inspected: false),
        .init(method: "POST", path: "/containers/update", inspected: false),
        .init(method: "POST", path: "/containers/c1/update/x", inspected: false),
        .init(method: "POST", path: "/containers/a/b/update", inspected: false),
        .init(method: "POST", path: "/containers/c1/start", inspected: false),
        .init(method: "POST", path: "/volumes/c1/update", inspected: false),
    ]

    @Test("the registry runs the update inspector on one container segment, with a 1 MiB body limit", arguments: routes)
    func registry(_ route: Route) {
        let registry = InspectorRegistry()
        let inspector = registry.inspector(method: route.method, path: route.path)
        if route.inspected {
            #expect(inspector is ContainerUpdateInspector)
        } else {
            #expect(!(inspector is ContainerUpdateInspector))
        }
        #expect(registry.bodyLimit(method: route.method, path: route.path) == (route.inspected ? 1 << 20 : nil))
    }

    @Test("every option defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowAllDevices && !options.allowResourceUpdates && !options.allowRestartPolicy)
    }
}
