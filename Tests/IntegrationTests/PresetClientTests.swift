import Foundation
import SockguardTestSupport
import Testing

/// Presets with their real clients in front of the real daemon: Debian's Prometheus discovers containers through
/// `prometheus-docker-sd`, and testcontainers-python runs a container through `testcontainers`.
@Suite("presets with their real clients")
struct PresetClientTests {
    static func serve(
        _ preset: String,
        _ daemon: DockerDaemonHarness,
        listen: ProxyProcess.Listen = .unixSocket
    )
        async throws -> ProxyProcess
    {
        try await ProxyProcess.start(
            listen: listen,
            environment: ["SOCKGUARD_PRESET": preset, "SOCKGUARD_UPSTREAM_SOCKET": daemon.socketPath],
            listenFromEnvironment: true
        )
    }

    @Test("prometheus-docker-sd: Prometheus' docker_sd_configs discovers a labelled container with its network address")
    func prometheusDiscovers() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let network = DockerDaemonHarness.uniqueName("sd-net")
        let name = DockerDaemonHarness.uniqueName("sd")
        Fixtures.expectSuccess(try daemon.docker(["network", "create", "--internal", network]))
        defer {
            _ = try? daemon.docker(["rm", "-f", name])
            _ = try? daemon.docker(["network", "rm", network])
        }
        Fixtures.expectSuccess(
            try daemon.docker([
                "run", "-d", "--name", name, "--network", network, "--label", "sockguard.test=\(name)",
                daemon.imageName, "sleep", "300",
            ])
        )
        let proxy = try await Self.serve("prometheus-docker-sd", daemon, listen: .tcp)
        let port = try #require(proxy.endpoint.port)
        let prometheus = try await PrometheusServer(
            scrapeConfigs: """
                  - job_name: docker
                    docker_sd_configs: [{ host: "tcp://127.0.0.1:\(port)", refresh_interval: 1s }]
                """
        )
        var found: [String: String]?
        let discovered = try await waitUntil(timeout: .seconds(60)) {
            found = try prometheus.discoveredTargets().first {
                $0["__meta_docker_container_label_sockguard_test"] == name
            }
            return found != nil
        }
        #expect(
            discovered,
            "Prometheus found no target; proxy log:\n\(proxy.stderrLines.suffix(20).joined(separator: "\n"))"
        )
        let labels = try #require(found)
        #expect(labels["__meta_docker_container_name"] == "/\(name)")
        #expect(labels["__meta_docker_network_name"] == network)
        // The preset keeps addresses: Prometheus scrapes by them.
        let address = labels["__meta_docker_network_ip"] ?? ""
        #expect(!address.isEmpty && address != "<redacted>", "\(labels)")
        #expect(labels["__address__"]?.hasPrefix(address + ":") == true, "\(labels)")
        // And nothing Prometheus asked for was refused.
        #expect(!proxy.stderrLines.contains { $0.contains(#""decision":"deny""#) }, "\(proxy.stderrLines)")
    }

    /// testcontainers-python's usual test: start a container, exec in it, read its logs, stop it.
    static let testcontainersScript = #"""
        import sys
        from testcontainers.core.container import DockerContainer
        container = DockerContainer(sys.argv[1]).with_command(["sh", "-c", "echo ready; sleep 300"])
        container.with_kwargs(network_mode="none")
        container.start()
        try:
            code, output = container.exec(["echo", "hello"])
            assert code == 0 and output.strip() == b"hello", (code, output)
            stdout, _ = container.get_logs()
            assert b"ready" in stdout, stdout
            wrapped = container.get_wrapped_container()
            print("id", wrapped.id)
            print("owner", wrapped.labels.get("com.sockguard.owner"))
        finally:
            container.stop()
        print("ok")
        """#

    @Test("testcontainers: testcontainers-python runs, execs, reads logs and removes; Ryuk's socket bind is refused")
    func testcontainersRuns() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let python = try #require(DockerDaemonHarness.findExecutable("python3"))
        let proxy = try await Self.serve("testcontainers", daemon)
        func testcontainers(ryuk: Bool) throws -> CommandResult {
            var environment = daemon.cliEnvironment(host: proxy.dockerHost)
            environment["TESTCONTAINERS_RYUK_DISABLED"] = ryuk ? "false" : "true"
            return try ProcessRunner.run(
                python,
                ["-c", Self.testcontainersScript, daemon.imageName],
                environment: environment,
                timeout: .seconds(120)
            )
        }
        let run = try testcontainers(ryuk: false)
        #expect(run.succeeded && run.stdoutText.hasSuffix("ok\n"), "\(run)")
        // The container it made carried the owner label, and is gone.
        #expect(run.stdoutText.contains("owner testcontainers\n"), "\(run)")
        let id = run.stdoutText.split(separator: "\n").first { $0.hasPrefix("id ") }?.dropFirst(3) ?? ""
        #expect(!id.isEmpty)
        let gone = try daemon.docker(["inspect", String(id)])
        #expect(!gone.succeeded, "stop() removes the container: \(gone)")

        // With Ryuk, its reaper container bind-mounts the host's Docker socket: refused before the daemon sees it.
        let reaped = try testcontainers(ryuk: true)
        #expect(!reaped.succeeded && reaped.stderrText.contains("403"), "\(reaped)")
        let ryuk = try daemon.docker(["ps", "-a", "--filter", "name=testcontainers-ryuk", "--format", "{{.Names}}"])
        #expect(ryuk.stdoutText.isEmpty, "\(ryuk)")

        // A container the proxy did not create is out of reach: no exec, no stop.
        let other = DockerDaemonHarness.uniqueName("unowned")
        Fixtures.expectSuccess(
            try daemon.docker(["run", "-d", "--name", other, "--network", "none", daemon.imageName, "sleep", "300"])
        )
        defer { _ = try? daemon.docker(["rm", "-f", other]) }
        #expect(!(try daemon.docker(["exec", other, "true"], host: proxy.dockerHost)).succeeded)
        #expect(!(try daemon.docker(["stop", other], host: proxy.dockerHost)).succeeded)
        let running = try daemon.docker(["inspect", "-f", "{{.State.Running}}", other])
        #expect(running.stdoutText.hasPrefix("true"), "\(running)")
    }
}
