import Foundation
import SockguardTestSupport
import Testing

/// The proxy in front of a real Podman service: the docker CLI, docker-py and `podman --url` through it, with
/// LinuxServer's `LIBPOD_*` variables deciding the libpod API.
@Suite("Podman behind the proxy", .serialized)
struct PodmanTests {
    static func serve(_ podman: PodmanHarness, _ environment: [String: String]) async throws -> ProxyProcess {
        try await ProxyProcess.start(
            environment: environment.merging(["SOCKGUARD_UPSTREAM_SOCKET": podman.socketPath]) { $1 },
            listenFromEnvironment: true
        )
    }

    /// The names of this service's containers, asked of Podman directly.
    static func containers(_ podman: PodmanHarness) throws -> [String] {
        try podman.podman(["ps", "-a", "--format", "{{.Names}}"]).stdoutText.split(separator: "\n").map(String.init)
    }

    @Test("LIBPOD_* on the wire: podman --url lists through the proxy, a libpod run is refused and creates nothing")
    func libpodVariables() async throws {
        let podman = try await PodmanHarness.shared()
        let proxy = try await Self.serve(
            podman,
            ["SOCKGUARD_COMPAT": "linuxserver", "CONTAINERS": "1", "LIBPOD_CONTAINERS": "1", "LIBPOD_IMAGES": "1"]
        )
        defer { _ = proxy.stop() }
        let host = proxy.dockerHost
        Fixtures.expectSuccess(try podman.podman(["ps", "-a"], host: host))
        let images = try podman.podman(["images", "--format", "{{.Repository}}:{{.Tag}}"], host: host)
        Fixtures.expectSuccess(images)
        #expect(images.stdoutText.contains("localhost/busybox:1"), "\(images)")
        Fixtures.expectSuccess(try podman.docker(["ps", "-a"], host: host))
        // Not enabled: libpod info (LIBPOD_INFO) and the Docker API's images (IMAGES).
        #expect(try podman.podman(["info"], host: host).status != 0)
        #expect(try podman.docker(["images"], host: host).status != 0)
        // POST=0: a libpod run never reaches Podman.
        let name = DockerDaemonHarness.uniqueName("pod")
        let run = try podman.podman(["run", "--name", name, "--network", "none", podman.imageName, "true"], host: host)
        #expect(run.status != 0 && run.stderrText.contains("request denied by sockguard policy"), "\(run)")
        #expect(try !Self.containers(podman).contains(name))
        let denied = proxy.accessLogEntries().filter { $0["decision"] as? String == "deny" }.compactMap {
            $0["path"] as? String
        }
        #expect(denied.contains { $0.contains("/libpod/") }, "\(denied)")
    }

    @Test("LIBPOD_ALLOW_START grants start with POST=0; stop stays refused")
    func lifecycleGrant() async throws {
        let podman = try await PodmanHarness.shared()
        let name = DockerDaemonHarness.uniqueName("pod")
        Fixtures.expectSuccess(
            try podman.podman(["create", "--name", name, "--network", "none", podman.imageName, "sleep", "300"])
        )
        defer { _ = try? podman.podman(["rm", "-f", "-t", "0", name]) }
        let proxy = try await Self.serve(
            podman,
            ["SOCKGUARD_COMPAT": "linuxserver", "LIBPOD_CONTAINERS": "1", "LIBPOD_ALLOW_START": "1"]
        )
        defer { _ = proxy.stop() }
        Fixtures.expectSuccess(try podman.podman(["start", name], host: proxy.dockerHost))
        let state = try podman.podman(["inspect", "--format", "{{.State.Status}}", name])
        #expect(state.stdoutText.contains("running"), "\(state)")
        let stop = try podman.podman(["stop", "-t", "0", name], host: proxy.dockerHost)
        #expect(stop.status != 0 && stop.stderrText.contains("request denied by sockguard policy"), "\(stop)")
    }

    @Test("the docker CLI and docker-py through the proxy to Podman: run, exec -i, logs, live events")
    func dockerClients() async throws {
        let podman = try await PodmanHarness.shared()
        let proxy = try await Self.serve(
            podman,
            [
                "CONTAINERS": "1", "IMAGES": "1", "POST": "1", "EXEC": "1",
                "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true",
            ]
        )
        defer { _ = proxy.stop() }
        let host = proxy.dockerHost
        let name = DockerDaemonHarness.uniqueName("pod")
        Fixtures.expectSuccess(
            try podman.docker(
                [
                    "run", "-d", "--name", name, "--network", "none", podman.imageName, "sh", "-c",
                    "echo ready; sleep 300",
                ],
                host: host
            )
        )
        defer { _ = try? podman.podman(["rm", "-f", "-t", "0", name]) }
        let exec = try podman.docker(
            ["exec", "-i", "-u", "1000", name, "cat"],
            host: host,
            stdin: Data("via podman\n".utf8)
        )
        Fixtures.expectSuccess(exec)
        #expect(exec.stdoutText.contains("via podman"), "\(exec)")
        let script = """
            import sys, docker
            client = docker.DockerClient(base_url=sys.argv[1])
            container = client.containers.get(sys.argv[2])
            print("logs", container.logs().decode().strip())
            print("status", container.status)
            """
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let py = try ProcessRunner.run(
            python,
            ["-c", script, host, name],
            environment: podman.cliEnvironment(host: host),
            timeout: .seconds(60)
        )
        Fixtures.expectSuccess(py)
        #expect(py.stdoutText.contains("logs ready") && py.stdoutText.contains("status running"), "\(py)")
        // A privileged create is refused by the container-create inspector before Podman sees it.
        let privileged = DockerDaemonHarness.uniqueName("pod")
        let refused = try podman.docker(
            ["run", "--rm", "--privileged", "--name", privileged, "--network", "none", podman.imageName, "true"],
            host: host
        )
        #expect(refused.status == 125 && refused.stderrText.contains("privileged"), "\(refused)")
        #expect(try !Self.containers(podman).contains(privileged))
        // Events through the proxy, read live (a replayed window loses events under the parallel suite): a pause
        // made directly on Podman reaches the stream. The CLI prints nothing before its first event, so pause
        // again until one arrives.
        let events = try LiveCommand(
            DockerDaemonHarness.dockerCLI,
            ["events", "--filter", "container=\(name)", "--format", "{{.Action}}"],
            environment: podman.cliEnvironment(host: host)
        )
        defer { events.stop() }
        var seen = false
        for _ in 0..<10 where !seen {
            Fixtures.expectSuccess(try podman.podman(["pause", name]))
            Fixtures.expectSuccess(try podman.podman(["unpause", name]))
            seen = await events.waitForLine(timeout: .seconds(3)) { $0 == "pause" }
        }
        #expect(seen, "no event through the proxy: \(events.stderrText)")
    }

    /// Broad rules on the libpod API (the acknowledgement covers the blind writes: exec, kube play, ...), yet
    /// every libpod container create is inspected: a plain `podman run` works, a privileged one or one on the
    /// host's PID namespace never reaches Podman.
    @Test("podman --url run through the proxy: plain works, privileged and --pid host are refused and create nothing")
    func libpodCreateInspected() async throws {
        let podman = try await PodmanHarness.shared()
        let proxy = try await ProxyProcess.start(
            config: { paths in
                """
                listen: \(paths.listenYAML)
                upstream: { socket: "\(podman.socketPath)" }
                insecure_allow_body_blind_writes: true
                request_body:
                  image_pull: { allowed_registries: [localhost] }
                rules:
                  - match: { method: "*", path: "/libpod/**" }
                    action: allow
                """
            }
        )
        defer { _ = proxy.stop() }
        let host = proxy.dockerHost
        let run = try podman.podman(
            ["run", "--rm", "--network", "none", podman.imageName, "echo", "hello from libpod"],
            host: host
        )
        Fixtures.expectSuccess(run)
        #expect(run.stdoutText.contains("hello from libpod"), "\(run)")
        for flags in [["--privileged"], ["--pid", "host"], ["-v", "/etc:/host-etc:ro"]] {
            let name = DockerDaemonHarness.uniqueName("pod")
            let refused = try podman.podman(
                ["run", "--name", name, "--network", "none"] + flags + [podman.imageName, "true"],
                host: host
            )
            #expect(refused.status != 0 && refused.stderrText.contains("sockguard"), "\(flags): \(refused)")
            #expect(try !Self.containers(podman).contains(name), "\(flags) created a container")
        }
        let codes = Set(
            proxy.accessLogEntries().filter { $0["decision"] as? String == "deny" }
                .compactMap { $0["reason_detail"] as? String ?? $0["reason_code"] as? String }
        )
        #expect(
            codes.isSuperset(of: [
                "container_create_privileged", "container_create_host_pid", "container_create_bind_mount",
            ]),
            "\(codes)"
        )
    }

    /// The shipped Podman preset, served in front of Podman: both API surfaces read, nothing written.
    @Test("the podman-readonly preset: podman --url and the docker CLI list and inspect; run is refused")
    func readonlyPreset() async throws {
        let podman = try await PodmanHarness.shared()
        let name = DockerDaemonHarness.uniqueName("pod")
        Fixtures.expectSuccess(
            try podman.podman(["create", "--name", name, "--network", "none", podman.imageName, "true"])
        )
        defer { _ = try? podman.podman(["rm", "-f", "-t", "0", name]) }
        let proxy = try await Self.serve(podman, ["SOCKGUARD_PRESET": "podman-readonly"])
        defer { _ = proxy.stop() }
        let host = proxy.dockerHost
        let listed = try podman.podman(["ps", "-a", "--format", "{{.Names}}"], host: host)
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText.contains(name), "\(listed)")
        Fixtures.expectSuccess(try podman.podman(["inspect", name], host: host))
        Fixtures.expectSuccess(try podman.docker(["ps", "-a"], host: host))
        Fixtures.expectSuccess(try podman.docker(["inspect", name], host: host))
        let run = try podman.podman(["run", "--rm", "--network", "none", podman.imageName, "true"], host: host)
        #expect(run.status != 0 && run.stderrText.contains("request denied by sockguard policy"), "\(run)")
        let remove = try podman.docker(["rm", name], host: host)
        #expect(remove.status != 0, "\(remove)")
        #expect(try Self.containers(podman).contains(name))
    }
}
