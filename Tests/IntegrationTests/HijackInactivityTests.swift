import Foundation
import SockguardTestSupport
import Testing

/// `upstream.hijack_inactivity_timeout` against the real daemon: a forgotten `docker exec -i` is reaped and logged,
/// a session that keeps talking is not cut.
@Suite("hijack inactivity timeout")
struct HijackInactivityTests {
    @Test("an idle docker exec -i is closed after the timeout and logged; a talking one outlives it")
    func idleSessionsAreReaped() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(daemon.socketPath)", hijack_inactivity_timeout: 2s }
            rules:
            \(Fixtures.allowEverything)
            \(Fixtures.anyExec)
            """
        }
        let container = try ScratchContainer(daemon, prefix: "idle", command: ["sleep", "300"])

        // A talker: one line a second for five seconds, longer than the timeout; every line comes back.
        let talking = try daemon.docker(
            ["exec", container.name, "sh", "-c", "for i in 1 2 3 4 5; do echo tick $i; sleep 1; done"],
            host: proxy.dockerHost,
            timeout: .seconds(30)
        )
        Fixtures.expectSuccess(talking)
        #expect(talking.stdoutText.split(separator: "\n").count == 5, "\(talking)")

        // An idle `cat` with stdin held open for 20 s by a sleeping writer: only the proxy can end it sooner.
        let idle = try daemon.run(
            "/bin/sh",
            [
                "-c",
                "start=$(date +%s); sleep 20 | { /usr/local/bin/docker -H \(proxy.dockerHost) exec -i \(container.name) "
                    + "cat; echo \"elapsed=$(( $(date +%s) - start ))\"; }",
            ],
            timeout: .seconds(60)
        )
        let elapsed = idle.stdoutText.split(separator: "=").last.flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(elapsed.map { $0 < 15 } == true, "the idle exec was not closed early: \(idle)")
        let logged = await proxy.waitForStderrLine(timeout: .seconds(10)) { $0.contains("closed after inactivity") }
        #expect(logged?.contains("\"timeout\":\"2s\"") == true, "\(logged ?? "no log line")")
    }
}
