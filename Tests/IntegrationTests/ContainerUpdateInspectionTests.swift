import Foundation
import SockguardTestSupport
import Testing

/// `docker update` through a proxy whose rules allow every request: resource, device and restart-policy
/// changes are refused unless their switch is on.
@Suite("docker update against container-update inspection")
struct ContainerUpdateInspectionTests {
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

    @Test("resource and restart-policy updates are refused by default and leave the container unchanged")
    func refusedByDefault() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "update", command: ["sleep", "300"])
        for flags in [["--restart", "always"], ["--cpu-shares", "512"]] {
            let update = try daemon.docker(["update"] + flags + [container.name], host: proxy.dockerHost)
            #expect(update.status == 1, "\(update)")
            #expect(update.stderrText.contains("sockguard: "), "\(update)")
        }
        let policy = try daemon.docker(["inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}", container.name])
        #expect(policy.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "no", "\(policy)")
    }

    @Test("request_body.container_update.allow_restart_policy lets a restart policy change through")
    func restartPolicyAllowed() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(
            daemon,
            requestBody: "request_body: { container_update: { allow_restart_policy: true } }"
        )
        let container = try ScratchContainer(daemon, prefix: "update", command: ["sleep", "300"])
        Fixtures.expectSuccess(
            try daemon.docker(["update", "--restart", "always", container.name], host: proxy.dockerHost)
        )
        let policy = try daemon.docker(["inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}", container.name])
        #expect(policy.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "always", "\(policy)")
    }
}
