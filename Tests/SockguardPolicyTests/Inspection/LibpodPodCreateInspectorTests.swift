import Foundation
import Testing

@testable import SockguardPolicy

/// `POST /libpod/pods/create`: Podman's PodSpecGenerator, read fail-closed; and the libpod exec, which is the
/// compat exec under another path.
@Suite struct LibpodPodCreateInspectorTests {
    /// What `podman --url ... pod create --name p1 --share net,ipc` (Podman 4.3) sends.
    static let podCreate = #"""
        {"name":"p1","exit_policy":"continue","shared_namespaces":["net","ipc"],"share_parent":true,"pod_create_command":["podman","pod","create","--name","p1"],"pidns":{"nsmode":"private"},"userns":{},"utsns":{},"netns":{},"Networks":null,"resource_limits":{"cpu":{}},"idmappings":{"HostUIDMapping":true,"HostGIDMapping":true,"UIDMap":null,"GIDMap":null,"AutoUserNs":false,"AutoUserNsOpts":{"Size":0,"InitialSize":0,"PasswdFile":"","GroupFile":"","AdditionalUIDMappings":null,"AdditionalGIDMappings":null}}}
        """#

    static func decide(_ body: String) throws -> Decision {
        let endpoint = DockerEndpoint(method: "POST", canonicalPath: "/libpod/pods/create")
        let request = InspectedRequest(method: "POST", path: "/libpod/pods/create", query: nil, endpoint: endpoint)
        return LibpodPodCreateInspector().inspect(request, body: try JSONBody(parsing: Array(body.utf8)))
    }

    /// The pod create body with `field` (`"key":value`) in place of the member of that key, or added.
    static func with(_ field: String) -> String { merged(podCreate, field) }

    /// `body` (a JSON object) with the members of `fields` (`"key":value,...`) set, replacing any of the same key.
    static func merged(_ body: String, _ fields: String) -> String {
        guard var object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let added = try? JSONSerialization.jsonObject(with: Data("{\(fields)}".utf8)) as? [String: Any]
        else { return "not json: \(fields)" }
        object.merge(added) { $1 }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func admitsWhatPodmanPodCreateSends() throws {
        #expect(
            LibpodPodCreateInspector.isEndpoint(DockerEndpoint(method: "POST", canonicalPath: "/libpod/pods/create"))
        )
        #expect(
            !LibpodPodCreateInspector.isEndpoint(DockerEndpoint(method: "POST", canonicalPath: "/libpod/pods/p1/start"))
        )
        guard case .allow = try Self.decide(Self.podCreate) else {
            Issue.record("podman's own pod create body was refused: \(try Self.decide(Self.podCreate))")
            return
        }
        let more = Self.with(
            #""portmappings":[{"host_port":8080,"container_port":80}],"volumes":[{"Name":"data","Dest":"/data"}],"security_opt":["no-new-privileges"],"labels":{"app":"web"}"#
        )
        guard case .allow = try Self.decide(more) else {
            Issue.record("ports, a named volume and no-new-privileges were refused: \(try Self.decide(more))")
            return
        }
    }

    @Test(arguments: [
        (#""netns":{"nsmode":"host"}"#, ReasonCode.containerCreateHostNetwork),
        (#""pidns":{"nsmode":"host"}"#, .containerCreateHostPID),
        (#""ipcns":{"nsmode":"host"}"#, .containerCreateHostIPC),
        (#""utsns":{"nsmode":"path","value":"/proc/1/ns/uts"}"#, .containerCreateHostUTS),
        (#""userns":{"nsmode":"host"}"#, .containerCreateHostUserNS),
        (#""idmappings":{"UIDMap":[{"container_id":0,"host_id":0,"size":1}]}"#, .containerCreateHostUserNS),
        (#""mounts":[{"destination":"/h","type":"bind","source":"/"}]"#, .containerCreateBindMount),
        (#""overlay_volumes":[{"source":"/etc","destination":"/e"}]"#, .containerCreateBindMount),
        (#""infra_conmon_pid_file":"/etc/passwd""#, .containerCreateBindMount),
        (#""volumes_from":["other"]"#, .containerCreateVolumesFrom),
        (#""pod_devices":["/dev/mem"]"#, .containerCreateDevices),
        (#""sysctl":{"kernel.core_pattern":"|/x"}"#, .containerCreateSysctls),
        (#""cgroup_parent":"/""#, .containerCreateCgroupParent),
        (#""security_opt":["label=disable"]"#, .containerCreateSecurityOpt),
        (#""security_opt":["seccomp=unconfined"]"#, .containerCreateSecurityOpt),
        (#""security_opt":"apparmor=unconfined""#, .requestBodyInvalidField),
        (#""infra_privileged":true"#, .requestBodyInvalidField),
    ])
    func refuses(field: String, code: ReasonCode) throws {
        guard case .deny(let denial) = try Self.decide(Self.with(field)) else {
            Issue.record("\(field) was allowed")
            return
        }
        #expect(denial.reasonCode == code, "\(field): \(denial.message)")
    }

    /// A policy that allows `/libpod/**` still gets pod creates read and refused, exec creates read against the
    /// exec options, and exec starts checked against the instance the daemon reports.
    @Test func deciderInspectsLibpodPodsAndExecs() throws {
        let allowAll = RuleSet([DeciderFixture.rule("*", "/libpod/**", .allow, "libpod")])
        var execOptions = ExecInspector.Options()
        execOptions.allowedCommands = [["echo", "hi"].map(ArgumentPattern.init)]
        execOptions.allowRootUser = true
        let inspectors = InspectorRegistry(exec: execOptions)
        func decider() -> RequestDecider {
            RequestDecider(
                settings: DeciderSettings(),
                client: DeciderClient(policy: ClientPolicy(profile: nil, ruleSet: allowAll, inspectors: inspectors))
            )
        }
        func head(_ uri: String, _ body: String) -> RequestHead {
            RequestHead(method: "POST", uri: uri, contentLength: body.utf8.count, hasBody: true)
        }

        var pod = decider()
        let hostPod = Self.with(#""netns":{"nsmode":"host"}"#)
        guard case .readBody = pod.start(head("/v4.3.1/libpod/pods/create", hostPod)) else {
            Issue.record("the pod body was not asked for")
            return
        }
        #expect(pod.receive(hostPod).refusal?.denial.reasonCode == .containerCreateHostNetwork)

        let refusedExec = #"{"User":"","Privileged":false,"AttachStdout":true,"Env":[],"Cmd":["sh"]}"#
        var exec = decider()
        guard case .readBody = exec.start(head("/v4.3.1/libpod/containers/web/exec", refusedExec)) else {
            Issue.record("the exec body was not asked for")
            return
        }
        #expect(exec.receive(refusedExec).refusal != nil, "an exec outside allowed_commands was forwarded")

        let allowedExec = #"{"User":"","Privileged":false,"AttachStdout":true,"Env":[],"Cmd":["echo","hi"]}"#
        var allowed = decider()
        _ = allowed.start(head("/v4.3.1/libpod/containers/web/exec", allowedExec))
        #expect(allowed.receive(allowedExec).plan != nil, "an allowed exec was not forwarded")

        let start = #"{"Detach":false,"Tty":false,"h":0,"w":0}"#
        var starting = decider()
        _ = starting.start(head("/v4.3.1/libpod/exec/abc123/start", start))
        guard case .lookup(let path) = starting.receive(start) else {
            Issue.record("the exec start did not ask the daemon for the instance")
            return
        }
        #expect(path == "/exec/abc123/json")
    }

    @Test func libpodHijacksAreRelayed() {
        for path in ["/libpod/exec/abc/start", "/libpod/containers/web/attach"] {
            #expect(
                RequestDecider.isHijackable(
                    method: "POST",
                    endpoint: DockerEndpoint(method: "POST", canonicalPath: path)
                ),
                "\(path)"
            )
        }
        #expect(
            !RequestDecider.isHijackable(
                method: "POST",
                endpoint: DockerEndpoint(method: "POST", canonicalPath: "/libpod/containers/web/start")
            )
        )
        #expect(
            DockerEndpoint(method: "POST", canonicalPath: "/libpod/exec/a/b/start").libpodObject("exec", "start") == nil
        )
    }
}

/// `POST /libpod/images/pull`: the Docker pull's registry allowlist, read the way Podman reads its query.
@Suite struct LibpodImagePullTests {
    static func decide(_ query: String, allowed: [String] = ["ghcr.io"]) -> Decision {
        var options = ImagePullInspector.Options()
        options.allowedRegistries = allowed
        let endpoint = DockerEndpoint(method: "POST", canonicalPath: "/libpod/images/pull")
        let request = InspectedRequest(method: "POST", path: "/libpod/images/pull", query: query, endpoint: endpoint)
        return InspectorRegistry(imagePull: options).inspectRequestLine(request)
            ?? .deny(Denial(status: 500, reasonCode: .requestBodyInvalidField, message: "not inspected"))
    }

    static func code(_ decision: Decision) -> ReasonCode? {
        if case .deny(let denial) = decision { return denial.reasonCode }
        return nil
    }

    @Test func allowedRegistriesAndOfficialImagesPass() {
        #expect(Self.code(Self.decide("reference=ghcr.io%2Facme%2Fapp%3A1&policy=missing")) == nil)
        #expect(Self.code(Self.decide("reference=docker%3A%2F%2Fghcr.io%2Facme%2Fapp")) == nil)
        #expect(Self.code(Self.decide("reference=busybox")) == nil)
        #expect(Self.code(Self.decide("reference=quay.io%2Fx%2Fy")) == .imagePullRegistry)
        #expect(Self.code(Self.decide("Reference=quay.io%2Fx%2Fy")) == .imagePullRegistry)
    }

    @Test(arguments: [
        ("reference=ghcr.io%2Fa&reference=quay.io%2Fb", ReasonCode.imagePullInvalidQuery),
        ("reference=ghcr.io%2Fa&REFERENCE=quay.io%2Fb", .imagePullInvalidQuery),
        ("policy=always", .imagePullInvalidQuery),
        ("reference=dir%3A%2Froot", .imagePullImport),
        ("reference=docker-archive%3A%2Ftmp%2Fx.tar", .imagePullImport),
        ("reference=containers-storage%3Abusybox", .imagePullImport),
        ("reference=ghcr.io%2Fa&tlsVerify=false", .imagePullRegistry),
    ])
    func refusesWhatPodmanWouldReadOtherwise(query: String, code: ReasonCode) {
        #expect(Self.code(Self.decide(query)) == code, "\(query)")
    }
}
