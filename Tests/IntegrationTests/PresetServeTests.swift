import Foundation
import SockguardTestSupport
import Testing

/// Presets served in front of the real daemon, chosen only by `SOCKGUARD_PRESET`, as a container would run them.
@Suite("presets through the docker CLI")
struct PresetServeTests {
    static func serve(_ preset: String, _ daemon: DockerDaemonHarness) async throws -> ProxyProcess {
        try await ProxyProcess.start(
            environment: ["SOCKGUARD_PRESET": preset, "SOCKGUARD_UPSTREAM_SOCKET": daemon.socketPath],
            listenFromEnvironment: true
        )
    }

    @Test("readonly: docker ps, images and inspect work; docker run and rm are refused")
    func readonly() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.serve("readonly", daemon)
        Fixtures.expectSuccess(try daemon.docker(["ps", "-a"], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["images"], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["image", "inspect", daemon.imageName], host: proxy.dockerHost))
        let name = DockerDaemonHarness.uniqueName("preset")
        let run = try daemon.docker(
            ["run", "--rm", "--name", name, "--network", "none", daemon.imageName, "true"],
            host: proxy.dockerHost
        )
        Fixtures.expectDenied(run, status: 125)
        let created = try daemon.docker(["ps", "-a", "--filter", "name=^\(name)$", "--format", "{{.Names}}"])
        #expect(created.stdoutText.isEmpty, "a denied docker run must not create a container")
    }

    @Test("autoheal: lists containers and restarts one; nothing else")
    func autoheal() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let name = DockerDaemonHarness.uniqueName("heal")
        Fixtures.expectSuccess(
            try daemon.docker(["run", "-d", "--name", name, "--network", "none", daemon.imageName, "sleep", "300"])
        )
        defer { _ = try? daemon.docker(["rm", "-f", name]) }
        let proxy = try await Self.serve("autoheal", daemon)
        Fixtures.expectSuccess(try daemon.docker(["ps", "--filter", "name=\(name)"], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["restart", "-t", "0", name], host: proxy.dockerHost))
        Fixtures.expectDenied(try daemon.docker(["stop", name], host: proxy.dockerHost))
        Fixtures.expectDenied(try daemon.docker(["images"], host: proxy.dockerHost))
    }
}
