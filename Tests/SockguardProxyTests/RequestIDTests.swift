import Foundation
import SockguardTestSupport
import Testing

/// Request ids and trace context on the wire: what the client sees, what reaches the upstream, what is logged.
@Suite struct RequestIDTests {
    static let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test("an allowed request: the upstream and the client see the proxy's request id and span, the log links them")
    func allowed() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try fixture.connect()
        try client.send(
            "GET /containers/json HTTP/1.1\r\nHost: t\r\nX-Request-Id: client-42\r\n"
                + "traceparent: \(Self.parent)\r\ntracestate: vendor=x\r\n\r\n"
        )
        let response = try #require(client.readResponse())
        #expect(response.statusCode == 200)
        let requestID = try #require(response.headers.first { $0.name.lowercased() == "x-request-id" }?.value)
        let traceparent = try #require(response.headers.first { $0.name.lowercased() == "traceparent" }?.value)
        #expect(requestID.count == 32 && requestID != "client-42")
        #expect(
            traceparent.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-") && !traceparent.contains("00f067aa0ba902b7")
        )
        let forwarded = try #require(fixture.forwardedRequests.first)
        #expect(forwarded.header("X-Request-Id") == requestID)
        #expect(forwarded.headers.filter { $0.name.lowercased() == "x-request-id" }.count == 1)
        #expect(forwarded.header("traceparent") == traceparent)
        #expect(forwarded.header("tracestate") == "vendor=x")
        let line = await fixture.proxy.waitForStderrLine { $0.contains("\"request_id\":\"\(requestID)\"") }
        let entry = try #require(
            fixture.proxy.accessLogEntries().first { $0["request_id"] as? String == requestID },
            "\(line ?? fixture.proxy.stderrText)"
        )
        #expect(entry["client_request_id"] as? String == "client-42")
        #expect(entry["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(entry["trace_parent_id"] as? String == "00f067aa0ba902b7")
        #expect(traceparent.contains(try #require(entry["trace_span_id"] as? String)))
        #expect(entry["trace_sampled"] as? Bool == true)
    }

    @Test("a denied request gets ids too, and nothing reaches the upstream")
    func denied() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try fixture.connect()
        try client.send(
            "POST /containers/x/kill HTTP/1.1\r\nHost: t\r\ntraceparent: bogus\r\nContent-Length: 0\r\n\r\n"
        )
        let response = try #require(client.readResponse())
        #expect(response.statusCode == 403)
        let requestID = try #require(response.headers.first { $0.name.lowercased() == "x-request-id" }?.value)
        let traceparent = try #require(response.headers.first { $0.name.lowercased() == "traceparent" }?.value)
        #expect(traceparent.count == 55 && traceparent.hasSuffix("-00"))
        #expect(await fixture.proxy.waitForStderrLine { $0.contains(requestID) } != nil, "\(fixture.proxy.stderrText)")
        let entry = try #require(fixture.proxy.accessLogEntries().first { $0["request_id"] as? String == requestID })
        #expect(entry["decision"] as? String == "deny")
        #expect(entry["client_request_id"] == nil)
        #expect(entry["trace_parent_id"] == nil)
        #expect(entry["trace_sampled"] as? Bool == false)
        #expect(fixture.forwardedRequests.isEmpty, "a denied request reached the upstream")
    }
}
