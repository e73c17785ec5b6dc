import Foundation
import Testing

@testable import SockguardPolicy

/// `request_body.libpod_container_create`: each option opens its gate and no other, and the `require_*` ones
/// refuse a body without what they ask for.
@Suite struct LibpodContainerCreateOptionsTests {
    /// Podman's run body with `field` set (replacing the member of that key).
    enum Fixture {
        static let podmanRun = LibpodContainerCreateInspectorTests.podmanRun
        static func with(_ field: String) -> String { LibpodPodCreateInspectorTests.merged(podmanRun, field) }
    }

    static func decide(
        _ body: String,
        _ configure: (inout LibpodContainerCreateInspector.Options) -> Void
    ) throws
        -> Decision
    {
        var options = LibpodContainerCreateInspector.Options()
        configure(&options)
        let request = InspectedRequest(
            method: "POST",
            path: "/libpod/containers/create",
            query: nil,
            endpoint: DockerEndpoint(method: "POST", canonicalPath: "/libpod/containers/create")
        )
        return LibpodContainerCreateInspector(options: options)
            .inspect(request, body: try JSONBody(parsing: Array(body.utf8)))
    }

    static func isAllowed(_ decision: Decision) -> Bool {
        if case .allow = decision { return true }
        return false
    }

    /// Each body is refused by default and allowed by its option.
    @Test(arguments: [
        (#""privileged":true"#, "allow_privileged"),
        (#""netns":{"nsmode":"host"}"#, "allow_host_network"),
        (#""pidns":{"nsmode":"host"}"#, "allow_host_pid"),
        (#""ipcns":{"nsmode":"host"}"#, "allow_host_ipc"),
        (#""userns":{"nsmode":"host"}"#, "allow_host_userns"),
        (#""mounts":[{"destination":"/d","type":"bind","source":"/srv/data/app"}]"#, "allowed_bind_mounts"),
        (#""devices":[{"path":"/dev/fuse"}]"#, "allowed_devices"),
        (#""devices":[{"path":"/dev/sda:/dev/xvda:rwm"}]"#, "allow_all_devices"),
        (#""cap_add":["cap_net_admin"]"#, "allowed_capabilities"),
        (#""cap_add":["SYS_ADMIN"]"#, "allow_all_capabilities"),
        (#""sysctl":{"net.ipv4.ip_forward":"1"}"#, "allow_sysctls"),
        (#""seccomp_profile_path":"unconfined""#, "allow_unconfined_seccomp"),
        (#""apparmor_profile":"unconfined""#, "allow_unconfined_apparmor"),
        (#""selinux_opts":["disable"]"#, "allow_selinux_disable"),
        (#""systemd":"always""#, "allow_systemd_mode"),
        (#""idmappings":{"UIDMap":[{"container_id":0,"host_id":100000,"size":65536}]}"#, "allow_custom_id_mappings"),
        (#""idmappings":{"AutoUserNs":true}"#, "allow_custom_id_mappings"),
    ])
    func optionOpensItsGate(field: String, option: String) throws {
        let body = Fixture.with(field)
        #expect(!Self.isAllowed(try Self.decide(body) { _ in }), "\(field) passed with no option")
        let opened = try Self.decide(body) { options in
            switch option {
            case "allow_privileged": options.allowPrivileged = true
            case "allow_host_network": options.allowHostNetwork = true
            case "allow_host_pid": options.allowHostPID = true
            case "allow_host_ipc": options.allowHostIPC = true
            case "allow_host_userns": options.allowHostUserNS = true
            case "allowed_bind_mounts": options.allowedBindMounts = ["/srv/data"]
            case "allowed_devices": options.allowedDevices = ["/dev/fuse"]
            case "allow_all_devices": options.allowAllDevices = true
            case "allowed_capabilities": options.allowedCapabilities = ["NET_ADMIN"]
            case "allow_all_capabilities": options.allowAllCapabilities = true
            case "allow_sysctls": options.allowSysctls = true
            case "allow_unconfined_seccomp": options.allowUnconfinedSeccomp = true
            case "allow_unconfined_apparmor": options.allowUnconfinedAppArmor = true
            case "allow_selinux_disable": options.allowSelinuxDisable = true
            case "allow_systemd_mode": options.allowSystemdMode = true
            case "allow_custom_id_mappings": options.allowCustomIDMappings = true
            default: Issue.record("unknown option \(option)")
            }
        }
        #expect(Self.isAllowed(opened), "\(option) did not allow \(field): \(opened)")
    }

    @Test func gatesStayNarrow() throws {
        // The allowlists are whole segments and host paths, not prefixes of text.
        let outside = Fixture.with(#""mounts":[{"destination":"/d","type":"bind","source":"/srv/database"}]"#)
        #expect(!Self.isAllowed(try Self.decide(outside) { $0.allowedBindMounts = ["/srv/data"] }))
        let escape = Fixture.with(#""mounts":[{"destination":"/d","type":"bind","source":"/srv/data/../../etc"}]"#)
        #expect(!Self.isAllowed(try Self.decide(escape) { $0.allowedBindMounts = ["/srv/data"] }))
        let other = Fixture.with(#""cap_add":["SYS_ADMIN"]"#)
        #expect(!Self.isAllowed(try Self.decide(other) { $0.allowedCapabilities = ["NET_ADMIN"] }))
        // allow_host_network opens net only, and never a namespace by path.
        let pid = Fixture.with(#""pidns":{"nsmode":"host"}"#)
        #expect(!Self.isAllowed(try Self.decide(pid) { $0.allowHostNetwork = true }))
        let path = Fixture.with(#""netns":{"nsmode":"path","value":"/proc/1/ns/net"}"#)
        #expect(!Self.isAllowed(try Self.decide(path) { $0.allowHostNetwork = true }))
        // A seccomp profile file stays refused: allowed_seccomp_profiles is not supported yet.
        let file = Fixture.with(#""seccomp_profile_path":"/etc/profile.json""#)
        #expect(!Self.isAllowed(try Self.decide(file) { $0.allowUnconfinedSeccomp = true }))
    }

    /// Podman sends `systemd: "true"` on every run; it only means systemd mode for an init.
    @Test func systemdModeOnlyForAnInit() throws {
        #expect(Self.isAllowed(try Self.decide(Fixture.podmanRun) { _ in }))
        let initRun = Fixture.podmanRun.replacingOccurrences(
            of: #""command":["true"]"#,
            with: #""command":["/sbin/init"]"#
        )
        #expect(!Self.isAllowed(try Self.decide(initRun) { _ in }))
        let systemd = Fixture.podmanRun.replacingOccurrences(
            of: #""command":["true"]"#,
            with: #""command":["/usr/lib/systemd/systemd"]"#
        )
        #expect(!Self.isAllowed(try Self.decide(systemd) { _ in }))
        #expect(Self.isAllowed(try Self.decide(initRun) { $0.allowSystemdMode = true }))
    }

    @Test func requirementsRefuseWhatIsMissing() throws {
        let run = Fixture.podmanRun
        #expect(!Self.isAllowed(try Self.decide(run) { $0.requireNonRootUser = true }))
        #expect(Self.isAllowed(try Self.decide(Fixture.with(#""user":"1000""#)) { $0.requireNonRootUser = true }))
        #expect(!Self.isAllowed(try Self.decide(run) { $0.requireReadonlyRootfs = true }))
        #expect(
            Self.isAllowed(
                try Self.decide(Fixture.with(#""read_only_filesystem":true"#)) { $0.requireReadonlyRootfs = true }
            )
        )
        let limited = Fixture.with(
            #""resource_limits":{"memory":{"limit":67108864},"cpu":{"shares":512},"pids":{"limit":100}}"#
        )
        for require in ["memory", "cpu", "pids"] {
            let configure: (inout LibpodContainerCreateInspector.Options) -> Void = { options in
                switch require {
                case "memory": options.requireMemoryLimit = true
                case "cpu": options.requireCPULimit = true
                default: options.requirePidsLimit = true
                }
            }
            #expect(!Self.isAllowed(try Self.decide(run, configure)), "\(require) not required")
            #expect(Self.isAllowed(try Self.decide(limited, configure)), "\(require) limit not seen")
        }
        // Shares are not a hard cap; a quota is.
        #expect(!Self.isAllowed(try Self.decide(limited) { $0.requireCPULimitHard = true }))
        let quota = Fixture.with(#""resource_limits":{"cpu":{"quota":50000,"period":100000}}"#)
        #expect(Self.isAllowed(try Self.decide(quota) { $0.requireCPULimitHard = true }))
    }
}
