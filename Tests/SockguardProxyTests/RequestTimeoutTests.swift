import Foundation
import SockguardTestSupport
import Testing

/// `upstream.request_timeout` bounds a finite request to the end of its response; streams are exempt.
@Suite("Request timeout")
struct RequestTimeoutTests {
    /// A daemon that sends a head promising 100 bytes, sends 5, and then nothing.
    static let stalling: @Sendable (HTTPMessage) -> Data = { _ in
        Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"a\"".utf8)
    }

    static let rules = """
        rules:
          - match: { method: "GET", path: "/**" }
            action: allow
        """

    @Test("a finite request whose response stalls is cut at the timeout; a stream with the same stall is not")
    func finiteVersusStream() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.rules, requestTimeout: "1s", responder: Self.stalling)
        let finite = try fixture.connect()
        try finite.send("GET /containers/json HTTP/1.1\r\nHost: t\r\n\r\n")
        let started = ContinuousClock.now
        let cut = finite.readUntilClose(timeout: .seconds(10))
        #expect(cut.peerClosed, "the stalled finite response was not cut")
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(cut.text.hasPrefix("HTTP/1.1 200 OK"), "\(cut.text)")

        for stream in ["/events", "/containers/c1/logs?follow=1", "/containers/c1/stats"] {
            let client = try fixture.connect()
            try client.send("GET \(stream) HTTP/1.1\r\nHost: t\r\n\r\n")
            let open = client.readUntilClose(timeout: .seconds(3))
            #expect(!open.peerClosed, "\(stream) was cut by the request timeout")
            #expect(open.text.hasPrefix("HTTP/1.1 200 OK"), "\(stream): \(open.text)")
        }
    }

    @Test("no response head within the timeout is a 504")
    func noHead() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.rules, requestTimeout: "1s") { _ in Data() }
        let response = try #require(
            try RawHTTPClient.exchange(
                "GET /containers/json HTTP/1.1\r\nHost: t\r\n\r\n",
                with: fixture.proxy.endpoint,
                timeout: .seconds(10)
            )
        )
        #expect(response.statusCode == 504)
        #expect(response.bodyText.contains("did not answer in time"))
    }
}
