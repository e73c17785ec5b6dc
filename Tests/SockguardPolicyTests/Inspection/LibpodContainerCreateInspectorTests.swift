import Foundation
import Testing

@testable import SockguardPolicy

/// `POST /libpod/containers/create`: Podman's SpecGenerator, read fail-closed.
@Suite struct LibpodContainerCreateInspectorTests {
    /// What `podman --url ... run --rm --network none localhost/busybox:1 true` (Podman 4.3) sends.
    static let podmanRun = #"""
        {"command":["true"],"httpproxy":true,"annotations":{"io.kubernetes.cri-o.TTY":"false"},"stop_timeout":10,"log_configuration":{},"raw_image_name":"localhost/busybox:1","systemd":"true","sdnotifyMode":"container","pidns":{},"utsns":{},"remove":true,"containerCreateCommand":["podman","run"],"init_container_type":"","manage_password":true,"image":"localhost/busybox:1","image_volume_mode":"anonymous","ipcns":{},"volatile":true,"seccomp_policy":"default","userns":{},"idmappings":{"HostUIDMapping":true,"HostGIDMapping":true,"UIDMap":null,"GIDMap":null,"AutoUserNs":false,"AutoUserNsOpts":{"Size":0,"InitialSize":0,"PasswdFile":"","GroupFile":"","AdditionalUIDMappings":null,"AdditionalGIDMappings":null}},"umask":"0022","cgroupns":{},"cgroups_mode":"enabled","netns":{"nsmode":"none"},"Networks":{},"use_image_hosts":false}
        """#

    static func decide(_ body: String) throws -> Decision {
        let endpoint = DockerEndpoint(method: "POST", canonicalPath: "/libpod/containers/create")
        let request = InspectedRequest(
            method: "POST",
            path: "/libpod/containers/create",
            query: nil,
            endpoint: endpoint
        )
        return LibpodContainerCreateInspector().inspect(request, body: try JSONBody(parsing: Array(body.utf8)))
    }

    /// The podman run body with `field` added (a JSON member, `"key":value`).
    static func with(_ field: String) -> String {
        // A key podman run already sends (`"pidns":{}`) is replaced, not repeated: duplicates are refused.
        let key = field.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        let base = podmanRun.replacingOccurrences(of: key + ":{},", with: "")
        return String(base.dropLast()) + "," + field + "}"
    }

    @Test func admitsWhatPodmanRunSends() throws {
        #expect(
            LibpodContainerCreateInspector.isEndpoint(
                DockerEndpoint(method: "POST", canonicalPath: "/libpod/containers/create")
            )
        )
        #expect(
            !LibpodContainerCreateInspector.isEndpoint(
                DockerEndpoint(method: "POST", canonicalPath: "/containers/create")
            )
        )
        guard case .allow = try Self.decide(Self.podmanRun) else {
            Issue.record("podman's own run body was refused: \(try Self.decide(Self.podmanRun))")
            return
        }
        let named = Self.with(
            #""volumes":[{"Name":"data","Dest":"/data"}],"mounts":[{"destination":"/t","type":"tmpfs","source":"tmpfs"}],"cap_drop":["ALL"],"user":"1000""#
        )
        guard case .allow = try Self.decide(named) else {
            Issue.record("named volumes and tmpfs were refused")
            return
        }
    }

    @Test(arguments: [
        (#""privileged":true"#, ReasonCode.containerCreatePrivileged),
        (#""Privileged":true"#, .containerCreatePrivileged),
        (#""pidns":{"nsmode":"host"}"#, .containerCreateHostPID),
        (#""ipcns":{"nsmode":"host"}"#, .containerCreateHostIPC),
        (#""utsns":{"nsmode":"host"}"#, .containerCreateHostUTS),
        (#""userns":{"nsmode":"host"}"#, .containerCreateHostUserNS),
        (#""cgroupns":{"nsmode":"path","value":"/proc/1/ns/cgroup"}"#, .containerCreateHostCgroupNS),
        (#""mounts":[{"destination":"/h","type":"bind","source":"/etc","options":["ro"]}]"#, .containerCreateBindMount),
        (#""mounts":[{"destination":"/h","source":"/"}]"#, .containerCreateBindMount),
        (#""rootfs":"/""#, .containerCreateBindMount),
        (#""overlay_volumes":[{"source":"/etc","destination":"/e"}]"#, .containerCreateBindMount),
        (#""log_configuration":{"driver":"k8s-file","path":"/etc/cron.d/x"}"#, .containerCreateBindMount),
        (#""conmon_pid_file":"/etc/passwd""#, .containerCreateBindMount),
        (#""devices":[{"path":"/dev/mem"}]"#, .containerCreateDevices),
        (#""device_cgroup_rule":[{"allow":true,"access":"rwm"}]"#, .containerCreateDevices),
        (#""cap_add":["SYS_ADMIN"]"#, .containerCreateCapabilities),
        (#""sysctl":{"kernel.core_pattern":"|/x"}"#, .containerCreateSysctls),
        (#""unmask":["ALL"]"#, .containerCreateSystemPaths),
        (#""seccomp_profile_path":"unconfined""#, .containerCreateSecurityOpt),
        (#""apparmor_profile":"unconfined""#, .containerCreateSecurityOpt),
        (#""selinux_opts":["disable"]"#, .containerCreateSecurityOpt),
        (#""oci_runtime":"/tmp/evil""#, .containerCreateRuntime),
        (#""volumes_from":["other"]"#, .containerCreateVolumesFrom),
        (#""env_host":true"#, .requestBodyInvalidField),
        (#""a_future_field":{"hostpath":"/"}"#, .requestBodyInvalidField),
    ])
    func refuses(field: String, code: ReasonCode) throws {
        guard case .deny(let denial) = try Self.decide(Self.with(field)) else {
            Issue.record("\(field) was allowed")
            return
        }
        #expect(denial.reasonCode == code, "\(field): \(denial.message)")
    }

    @Test func refusesAnnotationsBeyondTheTTYMarker() throws {
        let body = Self.podmanRun.replacingOccurrences(
            of: #""annotations":{"io.kubernetes.cri-o.TTY":"false"}"#,
            with: #""annotations":{"io.kubernetes.cri-o.TTY":"false","run.oci.keep_original_groups":"1"}"#
        )
        guard case .deny(let denial) = try Self.decide(body) else {
            Issue.record("an annotation was allowed")
            return
        }
        #expect(denial.message.contains("run.oci.keep_original_groups"))
    }

    /// A policy that allows the create gets it inspected: the decider reads the body first.
    @Test func deciderInspectsLibpodCreates() throws {
        let allowAll = RuleSet([DeciderFixture.rule("*", "/libpod/**", .allow, "libpod")])
        var decider = RequestDecider(
            settings: DeciderSettings(),
            client: DeciderClient(
                policy: ClientPolicy(profile: nil, ruleSet: allowAll, inspectors: InspectorRegistry())
            )
        )
        let body = Self.with(#""privileged":true"#)
        let step = decider.start(
            RequestHead(
                method: "POST",
                uri: "/v4.3.1/libpod/containers/create",
                contentLength: body.utf8.count,
                hasBody: true
            )
        )
        guard case .readBody = step else {
            Issue.record("the body was not asked for: \(step)")
            return
        }
        #expect(decider.receive(body).refusal?.denial.reasonCode == .containerCreatePrivileged)
        #expect(decider.verdict.route == "/libpod/containers/...")
    }
}
