import Foundation
import SockguardTestSupport
import Testing

/// Rules that deny one endpoint family: the docker CLI shows the 403, and the daemon's state proves the request
/// never arrived.
@Suite("docker CLI against deny rules")
struct DockerCLIDenyTests {
    private func proxy(
        denying path: String,
        method: String,
        daemon: DockerDaemonHarness
    ) async throws
        -> ProxyProcess
    {
        try await Fixtures.proxy(
            daemon,
            rules: """
                  - match: { method: "\(method)", path: "\(path)" }
                    action: deny
                    reason: "denied by test"
                \(Fixtures.allowEverything)
                """,
            extra: Fixtures.anyExec
        )
    }

    @Test("a denied docker exec creates no exec instance in the container")
    func execDenied() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await proxy(denying: "/containers/*/exec", method: "POST", daemon: daemon)
        let container = try ScratchContainer(daemon, prefix: "noexec", command: ["sleep", "300"])
        Fixtures.expectDenied(
            try daemon.docker(["exec", container.name, "echo", "should-not-run"], host: proxy.dockerHost),
            status: 1
        )
        let execs = try daemon.docker(["inspect", "--format", "{{len .ExecIDs}}", container.name])
        #expect(execs.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(execs)")
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
    }

    @Test("a denied docker rm leaves the container in place")
    func removeDenied() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await proxy(denying: "/containers/*", method: "DELETE", daemon: daemon)
        let container = try ScratchContainer(daemon, prefix: "norm", command: ["true"], start: false)
        Fixtures.expectDenied(try daemon.docker(["rm", "-f", container.name], host: proxy.dockerHost))
        #expect(try container.state() == "created")
    }

    @Test("a denied docker run with a versioned path creates nothing")
    func createDenied() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await proxy(denying: "/containers/create", method: "POST", daemon: daemon)
        let name = DockerDaemonHarness.uniqueName("nocreate")
        let run = try daemon.docker(
            ["run", "--rm", "--name", name, "--network", "none", daemon.imageName, "true"],
            host: proxy.dockerHost
        )
        Fixtures.expectDenied(run, status: 125)
        let created = try daemon.docker(["ps", "-a", "--filter", "name=^\(name)$", "--format", "{{.Names}}"])
        #expect(created.stdoutText.isEmpty)
    }
}
