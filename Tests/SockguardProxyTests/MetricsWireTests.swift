import Foundation
import SockguardTestSupport
import Testing

/// Our series beyond Go's, on the wire: a body inspector's denial counted under its inspector, a hijacked session
/// counted while its connection is open.
@Suite struct MetricsWireTests {
    static let upgraded = Data(
        "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
            .utf8
    )

    static func metrics(_ fixture: ProxyFixture) throws -> String {
        try #require(try RawHTTPClient.exchange("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n", with: fixture.proxy.endpoint)).bodyText
    }

    @Test("an inspector's denial is counted under it; a hijacked session is open until its connection closes")
    func inspectorAndHijack() async throws {
        let fixture = try await ProxyFixture.start(
            rules: """
                metrics: { enabled: true }
                rules:
                  - match: { method: POST, path: "/containers/create" }
                    action: allow
                  - match: { method: POST, path: "/containers/*/attach" }
                    action: allow
                """,
            responder: { request in
                request.startLine.hasPrefix("POST /containers/c1/attach") ? Self.upgraded : RecordingUpstream.defaultResponse
            }
        )
        let body = #"{"Image":"busybox","HostConfig":{"Privileged":true}}"#
        let denied = try #require(
            try RawHTTPClient.exchange(
                "POST /containers/create HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)",
                with: fixture.proxy.endpoint
            )
        )
        #expect(denied.statusCode == 403)
        #expect(try Self.metrics(fixture).contains(#"sockguard_inspector_denials_total{inspector="container_create",mode="enforce"} 1"#))

        var session: RawHTTPClient? = try fixture.connect()
        try session?.send("POST /containers/c1/attach?stream=1 HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
        #expect(session?.readResponse()?.statusCode == 101)
        #expect(try await waitUntil(timeout: .seconds(5)) { try Self.metrics(fixture).contains("sockguard_hijacked_sessions_active 1\n") })
        session = nil  // closes the connection
        #expect(try await waitUntil(timeout: .seconds(5)) { try Self.metrics(fixture).contains("sockguard_hijacked_sessions_active 0\n") })
        #expect(try Self.metrics(fixture).contains("sockguard_hijacked_sessions_total 1\n"))
    }
}
