import SockguardPolicy

/// `Devices`, `DeviceRequests`, `DeviceCgroupRules` and the CPU-limit rails: each with its own switch, as in the Go
/// sockguard.
extension ContainerCreateInspectorTests {
    static let deviceCases: [Case] = [
        .init("Devices empty", hc(#""Devices":[],"DeviceRequests":null,"DeviceCgroupRules":null"#), nil),
        .init(
            "Devices",
            hc(#""Devices":[{"PathOnHost":"/dev/sda","PathInContainer":"/dev/sda","CgroupPermissions":"rwm"}]"#),
            .containerCreateDevices
        ),
        .init(
            "DeviceRequests",
            hc(#""DeviceRequests":[{"Driver":"nvidia","Count":-1,"Capabilities":[["gpu"]]}]"#),
            .containerCreateDevices
        ),
        .init("DeviceCgroupRules", hc(#""DeviceCgroupRules":["b *:* rwm"]"#), .containerCreateDevices),
        .init(
            "allowAllDevices",
            hc(#""Devices":[{"PathOnHost":"/dev/fuse"}]"#),
            nil,
            options { $0.allowAllDevices = true }
        ),
        // As in sockguard (Go): allow_all_devices covers Devices only; requests and cgroup rules have switches.
        .init(
            "allowAllDevices does not cover DeviceRequests",
            hc(#""DeviceRequests":[{"Driver":"nvidia","Count":-1,"Capabilities":[["gpu"]]}]"#),
            .containerCreateDevices,
            options { $0.allowAllDevices = true }
        ),
        .init(
            "allowDeviceRequests",
            hc(#""DeviceRequests":[{"Driver":"nvidia","Count":-1,"Capabilities":[["gpu"]]}]"#),
            nil,
            options { $0.allowDeviceRequests = true }
        ),
        .init(
            "allowedDevices covers the device and what is below it",
            hc(#""Devices":[{"PathOnHost":"/dev/dri/card0"},{"PathOnHost":"/dev/kvm"}]"#),
            nil,
            options { $0.allowedDevices = ["/dev/dri", "/dev/kvm"] }
        ),
        .init(
            "allowedDevices refuses another device, and a path that climbs out",
            hc(#""Devices":[{"PathOnHost":"/dev/kvm"},{"PathOnHost":"/dev/dri/../sda"}]"#),
            .containerCreateDevices,
            options { $0.allowedDevices = ["/dev/dri", "/dev/kvm"] }
        ),
        .init(
            "a device without PathOnHost is refused under an allowlist",
            hc(#""Devices":[{"PathInContainer":"/dev/x"}]"#),
            .containerCreateDevices,
            options { $0.allowedDevices = ["/dev/kvm"] }
        ),
        .init(
            "allowedDeviceCgroupRules matches exactly",
            hc(#""DeviceCgroupRules":["c 189:* rmw"]"#),
            nil,
            options { $0.allowedDeviceCgroupRules = ["c 189:* rmw"] }
        ),
        .init(
            "allowedDeviceCgroupRules refuses another rule",
            hc(#""DeviceCgroupRules":["c 189:* rmw","b *:* rwm"]"#),
            .containerCreateDevices,
            options { $0.allowedDeviceCgroupRules = ["c 189:* rmw"] }
        ),
        .init(
            "allowDeviceCgroupRules",
            hc(#""DeviceCgroupRules":["b *:* rwm"]"#),
            nil,
            options { $0.allowDeviceCgroupRules = true }
        ),
        .init("require CPU limit, none set", hc(#""Memory":0"#), .containerCreateCPULimit, options { $0.requireCPULimit = true }),
        .init("require CPU limit, shares set", hc(#""CpuShares":512"#), nil, options { $0.requireCPULimit = true }),
        .init(
            "require hard CPU limit, only shares",
            hc(#""CpuShares":512"#),
            .containerCreateCPULimit,
            options { $0.requireCPULimitHard = true }
        ),
        .init("require hard CPU limit, NanoCpus", hc(#""NanoCpus":500000000"#), nil, options { $0.requireCPULimitHard = true }),
        .init("require hard CPU limit, CpuQuota", hc(#""CpuQuota":50000"#), nil, options { $0.requireCPULimitHard = true }),
    ]
}
