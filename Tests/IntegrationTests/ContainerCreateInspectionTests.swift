import Foundation
import SockguardTestSupport
import Testing

/// `docker run` through a proxy whose rules allow every request: the body of `POST /containers/create` still
/// decides. Dangerous runs are refused with a readable message and leave no container behind.
@Suite("docker run against container-create inspection")
struct ContainerCreateInspectionTests {
    /// A proxy that allows every path, with `containerCreate` as its `request_body.container_create` (by default
    /// `/tmp/sockguard-allowed` as the only allowed bind mount prefix).
    static func proxy(
        _ daemon: DockerDaemonHarness,
        containerCreate: String = #"allowed_bind_mounts: ["/tmp/sockguard-allowed"]"#
    ) async throws -> ProxyProcess {
        try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(daemon.socketPath)" }
            rules:
            \(Fixtures.allowEverything)
            \(Fixtures.blindWritesOptIn)
            request_body:
              container_create:
                \(containerCreate.replacing("\n", with: "\n    "))
            """
        }
    }

    static func noContainerNamed(_ name: String, _ daemon: DockerDaemonHarness) throws -> Bool {
        let listed = try daemon.docker(["ps", "-a", "--filter", "name=^\(name)$", "--format", "{{.Names}}"])
        return listed.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    @Test(
        "a dangerous docker run is refused with the reason, and no container exists afterwards",
        arguments: [
            (["--privileged"], "privileged"),
            (["--network", "host"], "host network"),
            (["--pid", "host"], "PidMode"),
            (["-v", "/:/host"], "bind"),
            (["--mount", "type=bind,source=/etc,target=/x"], "bind"),
            (["--cap-add", "SYS_ADMIN"], "SYS_ADMIN"),
            (["--device", "/dev/null:/dev/xnull"], "device"),
        ]
    )
    func refused(flags: [String], reason: String) async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let name = DockerDaemonHarness.uniqueName("refused")
        let network = flags.contains("--network") ? [] : ["--network", "none"]
        let run = try daemon.docker(
            ["run", "--rm", "--name", name] + network + flags + [daemon.imageName, "true"],
            host: proxy.dockerHost
        )
        #expect(run.status == 125, "\(run)")
        #expect(run.stderrText.contains("sockguard: "), "\(run)")
        #expect(run.stderrText.lowercased().contains(reason.lowercased()), "\(run)")
        #expect(try Self.noContainerNamed(name, daemon))
    }

    @Test(
        "plain runs, named volumes and allowlisted binds work",
        arguments: [
            [String](),
            ["-v", "sockguard-test-volume:/data"],
            ["-v", "/tmp/sockguard-allowed:/data:ro"],
            ["--mount", "type=bind,source=/tmp/sockguard-allowed/sub,target=/data"],
        ]
    )
    func allowed(flags: [String]) async throws {
        try FileManager.default.createDirectory(
            atPath: "/tmp/sockguard-allowed/sub",
            withIntermediateDirectories: true
        )
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let run = try daemon.docker(
            ["run", "--rm", "--network", "none"] + flags + [daemon.imageName, "echo", "ran"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(run)
        #expect(run.stdoutText == "ran\n", "\(run)")
    }

    @Test("the same options can be set from the environment")
    func environmentOptions() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start(
            config: { paths in
                """
                listen: \(paths.listenYAML)
                upstream: { socket: "\(daemon.socketPath)" }
                rules:
                \(Fixtures.allowEverything)
                \(Fixtures.blindWritesOptIn)
                """
            },
            environment: ["SOCKGUARD_REQUEST_BODY_CONTAINER_CREATE_ALLOWED_BIND_MOUNTS": "/tmp/sockguard-env, /srv/x"]
        )
        try FileManager.default.createDirectory(atPath: "/tmp/sockguard-env", withIntermediateDirectories: true)
        let allowed = try daemon.docker(
            ["run", "--rm", "-v", "/tmp/sockguard-env:/data", "--network", "none", daemon.imageName, "echo", "bound"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(allowed)
        let refused = try daemon.docker(
            ["run", "--rm", "-v", "/tmp:/data", "--network", "none", daemon.imageName, "echo", "bound"],
            host: proxy.dockerHost
        )
        #expect(refused.status == 125, "\(refused)")
        #expect(refused.stderrText.contains("sockguard: "), "\(refused)")
    }

    @Test("restrict_namespace_sharing: a run may join a listed container's namespace and no other")
    func namespaceSharing() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let listed = DockerDaemonHarness.uniqueName("ns-listed")
        let other = DockerDaemonHarness.uniqueName("ns-other")
        for name in [listed, other] {
            Fixtures.expectSuccess(
                try daemon.docker(["run", "-d", "--name", name, "--network", "none", daemon.imageName, "sleep", "300"])
            )
        }
        defer { _ = try? daemon.docker(["rm", "-f", listed, other]) }
        let proxy = try await Self.proxy(
            daemon,
            containerCreate: "restrict_namespace_sharing: true\nallowed_namespace_sharing_containers: [\"\(listed)\"]"
        )
        let joined = try daemon.docker(
            ["run", "--rm", "--network", "none", "--pid", "container:\(listed)", daemon.imageName, "echo", "joined"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(joined)
        #expect(joined.stdoutText == "joined\n", "\(joined)")
        let name = DockerDaemonHarness.uniqueName("ns-refused")
        let refused = try daemon.docker(
            [
                "run", "--rm", "--name", name, "--network", "none", "--pid", "container:\(other)", daemon.imageName,
                "true",
            ],
            host: proxy.dockerHost
        )
        #expect(refused.status == 125, "\(refused)")
        #expect(refused.stderrText.contains("allowed_namespace_sharing_containers"), "\(refused)")
        #expect(try Self.noContainerNamed(name, daemon))
    }
}
