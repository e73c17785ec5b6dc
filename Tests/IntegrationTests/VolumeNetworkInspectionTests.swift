import Foundation
import SockguardTestSupport
import Testing

/// Volume and network creates through a proxy whose rules allow every request: their bodies still decide.
@Suite("docker volume and network create against body inspection")
struct VolumeNetworkInspectionTests {
    static func proxy(_ daemon: DockerDaemonHarness, requestBody: String = "") async throws -> ProxyProcess {
        try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(daemon.socketPath)" }
            rules:
            \(Fixtures.allowEverything)
            \(Fixtures.blindWritesOptIn)
            \(requestBody)
            """
        }
    }

    @Test("a local volume that bind-mounts a host path is refused and not created; a plain volume is")
    func volumes() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let sneaky = DockerDaemonHarness.uniqueName("hostroot")
        let refused = try daemon.docker(
            ["volume", "create", "--opt", "type=none", "--opt", "o=bind", "--opt", "device=/", sneaky],
            host: proxy.dockerHost
        )
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderrText.contains("sockguard: "), "\(refused)")
        let listed = try daemon.docker(["volume", "ls", "--quiet"])
        #expect(!listed.stdoutText.contains(sneaky))

        let plain = DockerDaemonHarness.uniqueName("plainvol")
        Fixtures.expectSuccess(try daemon.docker(["volume", "create", plain], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["volume", "rm", plain], host: proxy.dockerHost))
    }

    @Test("a macvlan network or a custom subnet is refused by default; a plain network works")
    func networks() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        for flags in [["-d", "macvlan"], ["--subnet", "10.199.0.0/24"]] {
            let name = DockerDaemonHarness.uniqueName("badnet")
            let refused = try daemon.docker(["network", "create"] + flags + [name], host: proxy.dockerHost)
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderrText.contains("sockguard: "), "\(refused)")
        }
        let name = DockerDaemonHarness.uniqueName("plainnet")
        Fixtures.expectSuccess(try daemon.docker(["network", "create", name], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["network", "rm", name], host: proxy.dockerHost))
    }

    @Test("request_body.network.allow_custom_ipam_config lets a custom subnet through")
    func customSubnetAllowed() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(
            daemon,
            requestBody: "request_body: { network: { allow_custom_ipam_config: true } }"
        )
        let name = DockerDaemonHarness.uniqueName("subnet")
        Fixtures.expectSuccess(
            try daemon.docker(["network", "create", "--subnet", "10.198.0.0/24", name], host: proxy.dockerHost)
        )
        Fixtures.expectSuccess(try daemon.docker(["network", "rm", name], host: proxy.dockerHost))
    }
}
