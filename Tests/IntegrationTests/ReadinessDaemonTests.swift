import Foundation
import SockguardTestSupport
import Testing

/// `health.readiness` and `health.watchdog` in front of the real daemon: when the way to dockerd goes away (a
/// forwarder stopped) `/ready` turns 503 and the watchdog says so; when it comes back, both recover.
@Suite("readiness against the real daemon")
struct ReadinessDaemonTests {
    @Test("readiness flips when the daemon stops answering and when it answers again")
    func flips() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let forwarder = try TCPForwarder(to: daemon.tlsPorts[0])
        let endpoint = "{ address: \"tcp://127.0.0.1:\(forwarder.port)\", tls: \(UpstreamTLSTests.tlsYAML(daemon)) }"
        let proxy = try await ProxyProcess.start(config: { paths in
            """
            listen: \(paths.listenYAML)
            upstream:
              endpoints:
                - \(endpoint)
            health:
              watchdog: { enabled: true, interval: 200ms }
              readiness: { enabled: true, interval: 200ms, timeout: 2s }
            rules:
            \(Fixtures.allowEverything)
            \(Fixtures.anyExec)
            """
        })
        func ready() -> Int? {
            try? RawHTTPClient.exchange("GET /ready HTTP/1.1\r\nHost: t\r\n\r\n", with: proxy.endpoint)?.statusCode
        }
        #expect(await waitUntil(timeout: .seconds(20)) { ready() == 200 }, "\(proxy.stderrText)")
        forwarder.stop()
        #expect(await waitUntil(timeout: .seconds(20)) { ready() == 503 }, "\(proxy.stderrText)")
        let down = await proxy.waitForStderrLine(timeout: .seconds(10)) { $0.contains("daemon unreachable") }
        #expect(down != nil, "\(proxy.stderrText)")
        try forwarder.start()
        #expect(await waitUntil(timeout: .seconds(20)) { ready() == 200 }, "\(proxy.stderrText)")
        let up = await proxy.waitForStderrLine(timeout: .seconds(10)) { $0.contains("daemon reachable") }
        #expect(up != nil, "\(proxy.stderrText)")
    }
}
