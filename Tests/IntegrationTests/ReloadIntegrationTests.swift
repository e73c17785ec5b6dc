import Foundation
import SockguardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A reload against the real daemon: the docker CLI sees the new policy on its next command, while a stream that
/// began under the old policy runs on.
@Suite("configuration reload with the docker CLI")
struct ReloadIntegrationTests {
    static func yaml(_ daemon: DockerDaemonHarness, socket: String, allow paths: [String]) -> String {
        """
        listen: { socket: "\(socket)" }
        upstream: { socket: "\(daemon.socketPath)" }
        rules:
          - match: { method: "GET,HEAD", path: "/_ping" }
            action: allow
        \(paths.map { "  - match: { method: GET, path: \"\($0)\" }\n    action: allow" }.joined(separator: "\n"))
        """
    }

    @Test("SIGHUP: the next docker command gets the new policy; an events stream begun before runs on")
    func inFlightAcrossSwap() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start { paths in
            Self.yaml(daemon, socket: paths.listen.socketPath, allow: ["/events"])
        }
        #expect(await proxy.waitForStderrLine { $0.contains("config reload ready") } != nil)
        let container = try ScratchContainer(daemon, prefix: "reload", command: ["true"], start: false)
        let events = try daemon.liveDocker(
            ["events", "--filter", "container=\(container.name)", "--format", "{{.Action}}"],
            host: proxy.dockerHost
        )
        defer { events.stop() }
        let refused = try daemon.docker(["ps"], host: proxy.dockerHost)
        #expect(!refused.succeeded, "\(refused)")

        // The new policy allows container reads and no longer allows events.
        try Self.yaml(daemon, socket: proxy.paths.listen.socketPath, allow: ["/containers/**"])
            .write(toFile: proxy.paths.configFile, atomically: true, encoding: .utf8)
        proxy.send(signal: SIGHUP)
        let applied = await proxy.waitForStderrLine(timeout: .seconds(10)) { $0.contains("config reload applied") }
        #expect(applied?.contains("\"changed_fields\":\"rules\"") == true, "\(proxy.stderrText)")
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
        let newEvents = try daemon.docker(["events", "--since", "1s", "--until", "0s"], host: proxy.dockerHost)
        #expect(!newEvents.succeeded, "a new events request passed the new policy: \(newEvents)")

        // The stream that began under the old policy still delivers.
        // Started again after each wait that sees no start: one start after the stream connected is enough.
        for _ in 0..<30 where events.exitStatus == nil {
            Fixtures.expectSuccess(try daemon.docker(["start", container.name]))
            if await events.waitForLine(timeout: .seconds(2), where: { $0 == "start" }) { break }
        }
        #expect(events.stdoutLines.contains("start"), "stream: \(events.stdoutLines) \(events.stderrText)")
    }
}
