import Foundation
import SockguardTestSupport
import Testing

/// The data path of `response.*`: held answers are rewritten and re-framed, what cannot be checked is a 502, and
/// everything that is not a successful JSON answer of a known shape passes untouched.
@Suite("Response redaction on the wire")
struct ResponseRedactionProxyTests {
    static let rules = """
        rules:
          - match: { method: "GET", path: "/**" }
            action: allow
        """

    static let inspect =
        #"{"Id":"c1","Config":{"Env":["TOKEN=s3cr3t-value"]},"Mounts":[{"Source":"/srv/private","Destination":"/d"}]}"#

    /// Answers like dockerd, per path: a chunked container inspect, garbage for `bad`, a 404, a log stream.
    static let daemon: @Sendable (HTTPMessage) -> Data = { request in
        let target = request.target
        if target.hasSuffix("/c1/json") {
            let half = inspect.count / 2
            let first = String(inspect.prefix(half))
            let second = String(inspect.dropFirst(half))
            return Data(
                ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + String(first.utf8.count, radix: 16) + "\r\n" + first + "\r\n"
                    + String(second.utf8.count, radix: 16) + "\r\n" + second + "\r\n0\r\n\r\n").utf8
            )
        }
        if target.hasSuffix("/bad/json") {
            return RecordingUpstream.json("TOKEN=s3cr3t-value not json")
        }
        if target.hasSuffix("/gone/json") {
            return RecordingUpstream.json(#"{"message":"No such container: gone"}"#, status: "404 Not Found")
        }
        let body = "TOKEN=s3cr3t-value in a log line\n"
        return Data(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8
        )
    }

    @Test("a profile's response overrides the top-level redaction for its clients only")
    func perProfile() async throws {
        let profiles = """
            clients:
              default_profile: trusted
              profiles:
                - name: trusted
                  response: { redact_container_env: false, redact_mount_paths: false }
                  rules:
                    - match: { method: "GET", path: "/**" }
                      action: allow
            """
        let trusted = try await ProxyFixture.start(
            rules: profiles,
            redaction: "redact_container_env: true",
            responder: Self.daemon
        )
        let answer = try #require(
            try RawHTTPClient.exchange(
                "GET /containers/c1/json HTTP/1.1\r\nHost: t\r\n\r\n",
                with: trusted.proxy.endpoint
            )
        )
        #expect(answer.bodyText == Self.inspect, "the trusted profile sees the answer as the daemon sent it")
        // The same answer under the top-level response, through a proxy without the profile.
        let plain = try await ProxyFixture.start(
            rules: Self.rules,
            redaction: "redact_container_env: true",
            responder: Self.daemon
        )
        let redacted = try #require(
            try RawHTTPClient.exchange(
                "GET /containers/c1/json HTTP/1.1\r\nHost: t\r\n\r\n",
                with: plain.proxy.endpoint
            )
        )
        #expect(!redacted.bodyText.contains("s3cr3t"), "\(redacted.bodyText)")
    }

    @Test("a chunked inspect answer is rewritten and sent with its new length; the connection stays usable")
    func rewritten() async throws {
        let fixture = try await ProxyFixture.start(
            rules: Self.rules,
            redaction: "redact_container_env: true",
            responder: Self.daemon
        )
        let client = try fixture.connect()
        try client.send("GET /v1.41/containers/c1/json HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.statusCode == 200)
        #expect(response.header("Transfer-Encoding") == nil)
        #expect(response.header("Content-Length") == String(response.body.count))
        #expect(
            response.bodyText
                == #"{"Id":"c1","Config":{"Env":["TOKEN=<redacted>"]},"Mounts":[{"Source":"<redacted>","Destination":"/d"}]}"#
        )
        // Keep-alive survives: the next request on the same connection is answered too.
        try client.send("GET /containers/c1/logs HTTP/1.1\r\nHost: t\r\n\r\n")
        let logs = try #require(client.readResponse())
        #expect(logs.statusCode == 200)
        // Streams and non-JSON answers are never rewritten.
        #expect(logs.bodyText == "TOKEN=s3cr3t-value in a log line\n")
    }

    @Test("an answer that is not JSON becomes a 502 and nothing of it reaches the client")
    func unreadable() async throws {
        let fixture = try await ProxyFixture.start(
            rules: Self.rules,
            redaction: "redact_container_env: true",
            responder: Self.daemon
        )
        let outcome = try exchangeUntilClose(fixture, Data("GET /containers/bad/json HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
        #expect(firstStatus(outcome.data) == 502)
        #expect(!outcome.text.contains("s3cr3t"))
        #expect(outcome.text.contains("could not be checked"))
    }

    @Test("errors pass as the daemon wrote them")
    func errorsUntouched() async throws {
        let fixture = try await ProxyFixture.start(
            rules: Self.rules,
            redaction: "redact_container_env: true",
            responder: Self.daemon
        )
        let response = try #require(
            try RawHTTPClient.exchange(
                "GET /containers/gone/json HTTP/1.1\r\nHost: t\r\n\r\n",
                with: fixture.proxy.endpoint
            )
        )
        #expect(response.statusCode == 404)
        #expect(response.bodyText == #"{"message":"No such container: gone"}"#)
    }
}
