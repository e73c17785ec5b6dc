import Foundation
import SockguardTestSupport
import Testing

/// Visibility on the wire: a request about a hidden object (logs, archive, export, an exec instance of a hidden
/// container) is answered 404 after the proxy's inspect lookup, and the recording upstream proves the request itself
/// never reached it; the same request about a visible object is forwarded.
@Suite("Visibility through the proxy")
struct VisibilityProxyTests {
    static let rules = """
        rules:
          - match: { method: GET, path: "/containers/**" }
            action: allow
          - match: { method: GET, path: "/exec/**" }
            action: allow
        insecure_allow_read_exfiltration: true
        """

    /// `shown` carries team=a, `hidden` team=b; exec `e-hidden` runs in `hidden`, `e-shown` in `shown`.
    static let daemon: @Sendable (HTTPMessage) -> Data = { request in
        let json = { (body: String) in RecordingUpstream.json(body) }
        switch request.target {
        case "/containers/shown/json":
            return json(#"{"Id":"shown","Name":"/shown","Config":{"Labels":{"team":"a"}}}"#)
        case "/containers/hidden/json":
            return json(#"{"Id":"hidden","Name":"/hidden","Config":{"Labels":{"team":"b"}}}"#)
        case "/exec/e-hidden/json": return json(#"{"ID":"e-hidden","ContainerID":"hidden"}"#)
        case "/exec/e-shown/json": return json(#"{"ID":"e-shown","ContainerID":"shown"}"#)
        default: return Data("HTTP/1.1 204 No Content\r\n\r\n".utf8)
        }
    }

    static func start() async throws -> ProxyFixture {
        try await ProxyFixture.start(
            rules: rules,
            redaction: ProxyFixture.noRedaction + ", visible_resource_labels: [team=a]",
            responder: daemon
        )
    }

    @Test(
        "a read of a hidden container's data gets 404 after the lookup, and only the lookup reaches the daemon",
        arguments: ["logs?stdout=1&follow=1", "archive?path=/etc", "export", "stats?stream=0", "top", "changes"]
    )
    func hiddenContainerData(_ action: String) async throws {
        let fixture = try await Self.start()
        let client = try fixture.connect()
        try client.send("GET /v1.41/containers/hidden/\(action) HTTP/1.1\r\nHost: t\r\n\r\n")
        let hidden = try #require(client.readResponse())
        #expect(hidden.statusCode == 404, "\(hidden.bodyText)")
        try client.send("GET /v1.41/containers/shown/\(action) HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 204)
        try await ProxyFixture.settle()
        let requests = fixture.forwardedRequests.map { "\($0.method) \($0.target)" }
        #expect(
            requests.sorted()
                == [
                    "GET /containers/hidden/json", "GET /containers/shown/json",
                    "GET /v1.41/containers/shown/\(action)",
                ],
            "\(requests)"
        )
    }

    @Test("an exec instance of a hidden container is hidden too: only the two lookups reach the daemon")
    func hiddenExec() async throws {
        let fixture = try await Self.start()
        let client = try fixture.connect()
        try client.send("GET /v1.41/exec/e-hidden/json HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 404)
        try await ProxyFixture.settle()
        let requests = fixture.forwardedRequests.map { "\($0.method) \($0.target)" }
        // The exec's own inspect is the lookup (its answer names the container); no answer of it reached the client.
        #expect(requests.sorted() == ["GET /containers/hidden/json", "GET /exec/e-hidden/json"], "\(requests)")
    }
}
