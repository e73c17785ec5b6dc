import Foundation
import NIOConcurrencyHelpers
import SockguardTestSupport
import Testing

/// `health.readiness` and `health.watchdog` on the wire: a daemon that stops answering turns `/ready` to 503, the
/// watchdog logs the change once and the metrics say so; when it answers again, all three flip back.
@Suite struct ReadinessWatchdogTests {
    static let unavailable = Data(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".utf8
    )

    static func get(_ fixture: ProxyFixture, _ path: String) throws -> (status: Int, body: String) {
        let client = try fixture.connect()
        try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        return (response.statusCode, response.bodyText)
    }

    @Test("readiness follows the daemon's API; the watchdog logs each change once and exports it")
    func flips() async throws {
        let daemonUp = NIOLockedValueBox(true)
        let extra = """
            health:
              watchdog: { enabled: true, interval: 100ms }
              readiness: { enabled: true, interval: 100ms, timeout: 1s }
            metrics: { enabled: true }
            """
        let fixture = try await ProxyFixture.start(
            rules: ProxyFixture.readOnlyRules + "\n" + extra,
            responder: { _ in daemonUp.withLockedValue { $0 } ? RecordingUpstream.defaultResponse : Self.unavailable }
        )
        #expect(await waitUntil(timeout: .seconds(10)) { (try? Self.get(fixture, "/ready"))?.status == 200 })
        let ready = try Self.get(fixture, "/ready")
        #expect(ready.body.contains("\"upstream\":\"ready\""), "\(ready.body)")
        let probe = fixture.upstream.requests.first { $0.startLine.hasPrefix("GET /containers/json?limit=1 ") }
        #expect(probe != nil, "the readiness probe is GET /containers/json?limit=1")

        daemonUp.withLockedValue { $0 = false }
        #expect(await waitUntil(timeout: .seconds(10)) { (try? Self.get(fixture, "/ready"))?.status == 503 })
        #expect(try Self.get(fixture, "/ready").body.contains("\"upstream\":\"unreachable\""))
        let down = await fixture.proxy.waitForStderrLine(timeout: .seconds(10)) {
            $0.contains("upstream watchdog: daemon unreachable")
        }
        #expect(down != nil, "\(fixture.proxy.stderrText)")
        #expect(
            await waitUntil(timeout: .seconds(10)) {
                (try? Self.get(fixture, "/metrics"))?.body.contains("sockguard_upstream_socket_up 0\n") == true
            }
        )
        let metrics = try Self.get(fixture, "/metrics").body
        #expect(metrics.contains("sockguard_upstream_api_up 0\n"), "\(metrics)")
        #expect(metrics.contains("sockguard_upstream_watchdog_checks_total{result=\"unreachable\"}"))
        #expect(metrics.contains("sockguard_upstream_readiness_checks_total{result=\"ready\"}"))

        daemonUp.withLockedValue { $0 = true }
        #expect(await waitUntil(timeout: .seconds(10)) { (try? Self.get(fixture, "/ready"))?.status == 200 })
        let up = await fixture.proxy.waitForStderrLine(timeout: .seconds(10)) {
            $0.contains("upstream watchdog: daemon reachable")
        }
        #expect(up != nil)
        // One line per change, not per check: the lines alternate. (A loaded machine, a sanitizer build, can time a
        // probe out while the daemon is up; that is a change too, and logged once.)
        let states = fixture.proxy.stderrLines.compactMap { line -> String? in
            if line.contains("upstream watchdog: daemon unreachable") { return "unreachable" }
            if line.contains("upstream watchdog: daemon reachable") { return "reachable" }
            return nil
        }
        #expect(states.contains("unreachable") && states.last == "reachable", "\(states)")
        #expect(zip(states, states.dropFirst()).allSatisfy { $0 != $1 }, "\(fixture.proxy.stderrText)")
    }

    @Test("readiness and health answer without the rules, and /ready is not forwarded")
    func local() async throws {
        let rules = """
            rules:
              - match: { method: GET, path: "/_ping" }
                action: allow
            health:
              readiness: { enabled: true, interval: 100ms }
            """
        let fixture = try await ProxyFixture.start(rules: rules)
        #expect(await waitUntil(timeout: .seconds(10)) { (try? Self.get(fixture, "/ready"))?.status == 200 })
        #expect(!fixture.forwardedRequests.contains { $0.startLine.hasPrefix("GET /ready") })
        _ = await fixture.proxy.waitForStderrLine { $0.contains("\"path\":\"/ready\"") }
        let entry = fixture.proxy.accessLogEntries().first { $0["path"] as? String == "/ready" }
        #expect(entry?["decision"] as? String == "")
    }
}
