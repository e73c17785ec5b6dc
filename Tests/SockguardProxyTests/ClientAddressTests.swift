import Foundation
import SockguardTestSupport
import Testing

/// `clients.allowed_cidrs`: a TCP client outside every range is refused before `/health` and the rules, and
/// nothing it sends reaches the daemon.
@Suite("Client address allowlist")
struct ClientAddressTests {
    static func rules(_ cidrs: String) -> String {
        """
        clients: { allowed_cidrs: [\(cidrs)] }
        insecure_allow_body_blind_writes: true
        rules:
          - match: { method: "*", path: "/**" }
            action: allow
        """
    }

    @Test("a client outside every range gets 403 for /health and for allowed paths; nothing is forwarded")
    func outside() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.rules("10.0.0.0/8, \"fd00::/8\""), listen: .tcp)
        for path in ["/health", "/_ping", "/v1.41/containers/json"] {
            let response = try #require(
                try RawHTTPClient.exchange("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n", with: fixture.proxy.endpoint)
            )
            #expect(response.statusCode == 403, "\(path): \(response.bodyText)")
            #expect(response.bodyText.contains("is not in clients.allowed_cidrs"), "\(response.bodyText)")
            #expect(response.bodyText.contains("client_not_allowed"), "\(response.bodyText)")
        }
        try await ProxyFixture.settle()
        #expect(fixture.forwardedConnections.isEmpty, "upstream: \(fixture.forwardedText)")
    }

    @Test("a client inside a range is served as usual")
    func inside() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.rules("10.0.0.0/8, 127.0.0.0/8"), listen: .tcp)
        let response = try #require(
            try RawHTTPClient.exchange("GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n", with: fixture.proxy.endpoint)
        )
        #expect(response.statusCode == 200, "\(response.bodyText)")
    }
}
