import Foundation
import SockguardTestSupport
import Testing

/// Limits on the wire: a burst past the rate gets 429 with Retry-After and never reaches the daemon; a stream holds
/// its concurrency slot until it ends; the global gate keeps a low-priority profile to its share; warn mode lets a
/// throttled request through as would_deny.
@Suite struct ThrottleTests {
    /// A response that never ends: the proxy relays it as a stream and keeps the request in flight.
    static let endless = Data(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n".utf8
    )

    /// dockerd's answer to an attach: the connection becomes a raw stream.
    static let upgraded = Data(
        "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
            .utf8
    )

    static func config(limits: String, mode: String = "enforce", global: String = "") -> String {
        """
        clients:
          default_profile: ci
          \(global)
          profiles:
            - name: ci
              mode: \(mode)
              rules:
                - match: { method: "GET", path: "/**" }
                  action: allow
                - match: { method: "POST", path: "/containers/*/attach" }
                  action: allow
              limits: \(limits)
        metrics: { enabled: true }
        """
    }

    static func start(_ yaml: String) async throws -> ProxyFixture {
        try await ProxyFixture.start(
            rules: yaml,
            responder: { request in
                if request.startLine.hasPrefix("GET /events") { return Self.endless }
                if request.startLine.hasPrefix("POST /containers/c1/attach") { return Self.upgraded }
                return RecordingUpstream.defaultResponse
            }
        )
    }

    static func get(_ fixture: ProxyFixture, _ path: String) throws -> HTTPMessage {
        let client = try fixture.connect()
        try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
        return try #require(client.readResponse())
    }

    @Test("past the burst: 429 with Retry-After and Go's body, nothing forwarded, counted by reason")
    func rate() async throws {
        let fixture = try await Self.start(Self.config(limits: "{ rate: { tokens_per_second: 0.2, burst: 2 } }"))
        let statuses = try (0..<4).map { _ in try Self.get(fixture, "/containers/json").statusCode }
        #expect(statuses == [200, 200, 429, 429])
        let throttled = try Self.get(fixture, "/containers/json")
        #expect(throttled.statusCode == 429)
        #expect(throttled.header("Retry-After") == "5")
        #expect(
            String(decoding: throttled.body, as: UTF8.self)
                == #"{"reason":"rate_limit_exceeded","retry_after_seconds":5}"# + "\n"
        )
        #expect(fixture.forwardedRequests.filter { $0.startLine.hasPrefix("GET /containers/json") }.count == 2)
        let metrics = String(decoding: try Self.get(fixture, "/metrics").body, as: UTF8.self)
        #expect(
            metrics.contains(#"sockguard_throttle_requests_total{mode="enforce",profile="ci",reason_code="rate_limit_exceeded"} 3"#),
            "\(metrics)"
        )
        _ = await fixture.proxy.waitForStderrLine {
            $0.contains("request_denied") && $0.contains("rate_limit_exceeded")
        }
        let entry = fixture.proxy.accessLogEntries().first { $0["status"] as? Int == 429 }
        #expect(entry?["decision"] as? String == "deny" && entry?["reason_code"] as? String == "rate_limit_exceeded")
        // Go's throttle line: a group with the client and the limit, once a second per profile and reason.
        let lines = fixture.proxy.accessLogEntries().filter { $0["msg"] as? String == "throttle" }
        #expect(lines.count == 1, "\(fixture.proxy.stderrText)")
        let group = lines.first?["throttle"] as? [String: Any]
        #expect(group?["client_id"] as? String == "ci" && group?["reason"] as? String == "rate_limit_exceeded")
        #expect(group?["path"] as? String == "/containers/json" && group?["burst"] as? String == "2.0")
    }

    @Test("a stream holds its concurrency slot until the client goes away, then the next request passes")
    func concurrency() async throws {
        let fixture = try await Self.start(Self.config(limits: "{ concurrency: { max_inflight: 1 } }"))
        var stream: RawHTTPClient? = try fixture.connect()
        try stream?.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(
            await waitUntil(timeout: .seconds(5)) {
                fixture.forwardedRequests.contains { $0.startLine.hasPrefix("GET /events") }
            }
        )
        let refused = try Self.get(fixture, "/containers/json")
        #expect(refused.statusCode == 429)
        #expect(
            !fixture.forwardedRequests.contains { $0.startLine.hasPrefix("GET /containers/json") },
            "a throttled request reached the upstream"
        )
        #expect(String(decoding: refused.body, as: UTF8.self) == #"{"reason":"concurrency_cap"}"# + "\n")
        #expect(refused.header("Retry-After") == nil)
        let metrics = String(decoding: try Self.get(fixture, "/metrics").body, as: UTF8.self)
        #expect(metrics.contains(#"sockguard_inflight_requests{profile="ci"} 1"#), "\(metrics)")
        stream = nil
        #expect(
            await waitUntil(timeout: .seconds(5)) { (try? Self.get(fixture, "/containers/json"))?.statusCode == 200 }
        )
    }

    @Test("a hijacked session holds its slot until its connection closes, not until the 101")
    func hijack() async throws {
        let fixture = try await Self.start(Self.config(limits: "{ concurrency: { max_inflight: 1 } }"))
        var session: RawHTTPClient? = try fixture.connect()
        try session?.send(
            "POST /containers/c1/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\n"
                + "Upgrade: tcp\r\nContent-Length: 0\r\n\r\n"
        )
        #expect(session?.readResponse()?.statusCode == 101)
        let refused = try Self.get(fixture, "/containers/json")
        #expect(refused.statusCode == 429, "the relayed session still holds the slot")
        #expect(
            !fixture.forwardedRequests.contains { $0.startLine.hasPrefix("GET /containers/json") },
            "a throttled request reached the upstream"
        )
        session = nil
        #expect(
            await waitUntil(timeout: .seconds(5)) { (try? Self.get(fixture, "/containers/json"))?.statusCode == 200 }
        )
    }

    @Test("the global gate keeps a low-priority profile to half the cap")
    func priority() async throws {
        let yaml = Self.config(limits: "{ priority: low }", global: "global_concurrency: { max_inflight: 2 }")
        let fixture = try await Self.start(yaml)
        let stream = try fixture.connect()
        try stream.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(
            await waitUntil(timeout: .seconds(5)) {
                fixture.forwardedRequests.contains { $0.startLine.hasPrefix("GET /events") }
            }
        )
        let refused = try Self.get(fixture, "/containers/json")
        #expect(refused.statusCode == 429)
        #expect(
            !fixture.forwardedRequests.contains { $0.startLine.hasPrefix("GET /containers/json") },
            "a throttled request reached the upstream"
        )
        #expect(String(decoding: refused.body, as: UTF8.self) == #"{"reason":"priority_floor"}"# + "\n")
    }

    @Test("in warn mode a throttled request is forwarded and logged would_deny")
    func warn() async throws {
        let fixture = try await Self.start(
            Self.config(limits: "{ rate: { tokens_per_second: 0.1, burst: 1 } }", mode: "warn")
        )
        #expect(try Self.get(fixture, "/containers/json").statusCode == 200)
        #expect(try Self.get(fixture, "/containers/json").statusCode == 200)
        #expect(fixture.forwardedRequests.filter { $0.startLine.hasPrefix("GET /containers/json") }.count == 2)
        _ = await fixture.proxy.waitForStderrLine { $0.contains("request_would_deny") }
        let entry = fixture.proxy.accessLogEntries().first { $0["decision"] as? String == "would_deny" }
        #expect(entry?["reason_code"] as? String == "rate_limit_exceeded", "\(fixture.proxy.stderrText)")
    }
}
