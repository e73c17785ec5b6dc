import Foundation
import SockguardTestSupport
import Testing

/// `podman --url pod create` and `podman --url exec` through the proxy: the pod's PodSpecGenerator and the exec's
/// command are read before Podman sees them, and libpod's exec start, which Podman hijacks without `Upgrade`
/// headers, is relayed both ways.
extension PodmanTests {
    static func libpodProxy(_ podman: PodmanHarness) async throws -> ProxyProcess {
        try await ProxyProcess.start(
            config: { paths in
                """
                listen: \(paths.listenYAML)
                upstream: { socket: "\(podman.socketPath)" }
                insecure_allow_body_blind_writes: true
                request_body:
                  image_pull: { allowed_registries: [localhost] }
                  exec:
                    allowed_commands: [["echo", "hi"], ["cat"]]
                    allow_root_user: true
                rules:
                  - match: { method: "*", path: "/libpod/**" }
                    action: allow
                """
            }
        )
    }

    @Test(
        "podman --url exec: an allowed command runs, exec -i relays stdin, another command is refused and makes no session"
    )
    func libpodExec() async throws {
        let podman = try await PodmanHarness.shared()
        let name = DockerDaemonHarness.uniqueName("pod")
        Fixtures.expectSuccess(
            try podman.podman(["run", "-d", "--name", name, "--network", "none", podman.imageName, "sleep", "300"])
        )
        defer { _ = try? podman.podman(["rm", "-f", "-t", "0", name]) }
        let proxy = try await Self.libpodProxy(podman)
        defer { _ = proxy.stop() }
        let host = proxy.dockerHost

        let echo = try podman.podman(["exec", name, "echo", "hi"], host: host)
        Fixtures.expectSuccess(echo)
        #expect(echo.stdoutText == "hi\n", "\(echo)")

        let input = Data((0..<20_000).map { "line \($0)\n" }.joined().utf8)
        let cat = try podman.podman(["exec", "-i", name, "cat"], host: host, stdin: input)
        Fixtures.expectSuccess(cat)
        #expect(cat.stdout == input, "exec -i returned \(cat.stdout.count) of \(input.count) bytes")

        let sessions = { try podman.podman(["inspect", "--format", "{{len .ExecIDs}}", name]).stdoutText }
        let before = try sessions()
        let refused = try podman.podman(["exec", name, "sh", "-c", "id"], host: host)
        #expect(refused.status != 0 && refused.stderrText.contains("sockguard"), "\(refused)")
        #expect(try sessions() == before, "the refused exec made an exec session")
        let logged = await waitUntil(timeout: .seconds(10)) {
            proxy.accessLogEntries().contains { $0["reason_detail"] as? String == "exec_command" }
        }
        #expect(logged, "no exec_command denial in the access log")
    }

    @Test(
        "podman --url pod create: a plain pod is made; a pod on the host's network or PID namespace is refused and not made"
    )
    func libpodPodCreate() async throws {
        let podman = try await PodmanHarness.shared()
        let proxy = try await Self.libpodProxy(podman)
        defer { _ = proxy.stop() }
        let host = proxy.dockerHost
        let plain = DockerDaemonHarness.uniqueName("pod")
        defer { _ = try? podman.podman(["pod", "rm", "-f", plain]) }
        Fixtures.expectSuccess(try podman.podman(["pod", "create", "--name", plain], host: host))
        Fixtures.expectSuccess(try podman.podman(["pod", "exists", plain]))
        for flags in [["--network", "host"], ["--pid", "host"]] {
            let name = DockerDaemonHarness.uniqueName("pod")
            let refused = try podman.podman(["pod", "create", "--name", name] + flags, host: host)
            #expect(refused.status != 0 && refused.stderrText.contains("sockguard"), "\(flags): \(refused)")
            #expect(try podman.podman(["pod", "exists", name]).status != 0, "\(flags) made a pod")
        }
    }

    @Test(
        "podman --url inspect through the proxy shows env names but no values and no host mount paths; direct shows both"
    )
    func libpodInspectRedacted() async throws {
        let podman = try await PodmanHarness.shared()
        let name = DockerDaemonHarness.uniqueName("pod")
        let hostDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent(DockerDaemonHarness.uniqueName("redact-host")).path
        try FileManager.default.createDirectory(atPath: hostDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: hostDirectory) }
        Fixtures.expectSuccess(
            try podman.podman([
                "create", "--name", name, "--network", "none", "-e", "DB_PASSWORD=hunter2-secret",
                "-v", "\(hostDirectory):/data:ro", podman.imageName, "true",
            ])
        )
        defer { _ = try? podman.podman(["rm", "-f", "-t", "0", name]) }
        let direct = try podman.podman(["inspect", name])
        #expect(direct.stdoutText.contains("DB_PASSWORD=hunter2-secret") && direct.stdoutText.contains(hostDirectory))
        let proxy = try await Self.libpodProxy(podman)
        defer { _ = proxy.stop() }
        let proxied = try podman.podman(["inspect", name], host: proxy.dockerHost)
        Fixtures.expectSuccess(proxied)
        #expect(!proxied.stdoutText.contains("hunter2"), "\(proxied)")
        #expect(!proxied.stdoutText.contains(hostDirectory), "\(proxied)")
        #expect(proxied.stdoutText.contains("DB_PASSWORD=<redacted>"), "\(proxied)")
        let listed = try podman.podman(["ps", "-a", "--format", "{{.Names}} {{.Mounts}}"], host: proxy.dockerHost)
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText.contains(name), "\(listed)")
    }

    @Test("podman --url run pulls only from allowed registries; a host-path transport is refused")
    func libpodPullInspected() async throws {
        let podman = try await PodmanHarness.shared()
        let proxy = try await Self.libpodProxy(podman)
        defer { _ = proxy.stop() }
        let host = proxy.dockerHost
        // localhost is allowed: podman run's pull (policy missing) passes and the local image runs.
        let run = try podman.podman(
            ["run", "--rm", "--network", "none", podman.imageName, "echo", "pulled"],
            host: host
        )
        Fixtures.expectSuccess(run)
        #expect(run.stdoutText.contains("pulled"), "\(run)")
        for reference in ["registry.example.com/app:1", "dir:/etc"] {
            let pull = try podman.podman(["pull", reference], host: host)
            #expect(pull.status != 0 && pull.stderrText.contains("sockguard"), "\(reference): \(pull)")
        }
        // The access log is written in batches: wait for both denials to be in it.
        let codes = {
            Set(
                proxy.accessLogEntries().filter { $0["decision"] as? String == "deny" }
                    .compactMap { $0["reason_detail"] as? String ?? $0["reason_code"] as? String }
            )
        }
        let logged = await waitUntil(timeout: .seconds(10)) {
            codes().isSuperset(of: ["image_pull_registry", "image_pull_import"])
        }
        #expect(logged, "\(codes())")
    }
}
