import Foundation
import SockguardTestSupport
import Testing

/// The container image, built here the way `scripts/build-image.sh` builds it (the Dockerfile's final stage from
/// the binary under test), run as the Go sockguard's quick start runs its image: read-only, every capability
/// dropped, no new privileges, the daemon's socket mounted read-only, and only Tecnativa variables for a policy.
@Suite("container image")
struct ImageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized.path

    /// Builds the image once per test process on the shared daemon.
    static func image(_ daemon: DockerDaemonHarness) throws -> String {
        let tag = "sockguard-test:\(ProcessInfo.processInfo.processIdentifier)"
        let built = try daemon.run(
            Self.repository + "/scripts/build-image.sh",
            [tag, try ProxyProcess.binaryPath()],
            environment: daemon.cliEnvironment(host: daemon.dockerHost).merging([
                "DOCKER": DockerDaemonHarness.dockerCLI
            ]) { $1 },
            timeout: .seconds(300)
        )
        try #require(built.succeeded, "\(built)")
        return tag
    }

    @Test(
        "hardened like Go's quick start, as root and as 65532 with the socket's group: the CLI works, the healthcheck turns healthy"
    )
    func quickStart() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let tag = try Self.image(daemon)
        let socketGroup = try #require(
            (try? FileManager.default.attributesOfItem(atPath: daemon.socketPath))?[.groupOwnerAccountID] as? NSNumber
        )
        for user in [nil, "65532"] {
            let shared = try TemporaryDirectory(prefix: "sgimg")
            chmod(shared.path, 0o777)
            let name = DockerDaemonHarness.uniqueName("img")
            var arguments = [
                "run", "-d", "--name", name, "--read-only", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges", "--network", "none",
                "--health-interval", "1s", "--health-start-period", "1s",
                "-v", "\(daemon.socketPath):/var/run/docker.sock:ro", "-v", "\(shared.path):/run/sg",
                "-e", "SOCKGUARD_LISTEN_SOCKET=/run/sg/proxy.sock",
                "-e", "CONTAINERS=1", "-e", "IMAGES=1", "-e", "EVENTS=1",
                "-e", "SOCKGUARD_INSECURE_ALLOW_READ_EXFILTRATION=true",
            ]
            if let user { arguments += ["--user", user, "--group-add", socketGroup.stringValue] }
            let started = try daemon.docker(arguments + [tag])
            try #require(started.succeeded, "\(started)")
            defer { _ = try? daemon.docker(["rm", "-f", name]) }
            let host = "unix://\(shared.path)/proxy.sock"
            let up = await waitUntil(timeout: .seconds(30)) {
                FileManager.default.fileExists(atPath: shared.path + "/proxy.sock")
            }
            let logs = try daemon.docker(["logs", name])
            try #require(up, "the proxy did not listen (user \(user ?? "root")): \(logs)")
            Fixtures.expectSuccess(try daemon.docker(["ps"], host: host))
            Fixtures.expectSuccess(try daemon.docker(["images"], host: host))
            Fixtures.expectDenied(try daemon.docker(["network", "ls"], host: host))
            let healthy = try await waitUntil(timeout: .seconds(30)) {
                try daemon.docker(["inspect", "-f", "{{.State.Health.Status}}", name]).stdoutText
                    .trimmingCharacters(in: .whitespacesAndNewlines) == "healthy"
            }
            let health = try daemon.docker(["inspect", "-f", "{{json .State.Health}}", name]).stdoutText
            #expect(healthy, "\(health)")
        }
    }
}
