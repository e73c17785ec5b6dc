import Foundation
import SockguardTestSupport
import Testing

/// `mode: warn | audit`: what enforce would refuse reaches the daemon, and the log says it would have been denied.
@Suite struct RolloutModeTests {
    static func entries(_ fixture: ProxyFixture, count: Int) async -> [[String: Any]] {
        func requests() -> [[String: Any]] { fixture.proxy.accessLogEntries().filter { $0["decision"] != nil } }
        _ = await fixture.proxy.waitForStderrLine { _ in requests().count >= count }
        return requests()
    }

    @Test("warn: a request no rule allows is forwarded and logged request_would_deny at WARN")
    func warnForwardsRuleDenial() async throws {
        let fixture = try await ProxyFixture.start(
            rules: """
                mode: warn
                rules:
                  - match: { method: GET, path: "/_ping" }
                    action: allow
                """
        )
        let client = try fixture.connect()
        try client.send("GET /v1.41/containers/json HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 200)
        #expect(fixture.forwardedRequests.map(\.startLine) == ["GET /v1.41/containers/json HTTP/1.1"])
        let entry = try #require(await Self.entries(fixture, count: 1).first)
        #expect(entry["decision"] as? String == "would_deny")
        #expect(entry["msg"] as? String == "request_would_deny")
        #expect(entry["level"] as? String == "WARN")
        #expect(entry["rollout_mode"] as? String == "warn")
        #expect(entry["reason_code"] as? String == "no_matching_allow_rule")
    }

    @Test("audit, per profile: a body the inspector refuses is forwarded as sent, logged at INFO with both codes")
    func auditForwardsBodyDenial() async throws {
        let fixture = try await ProxyFixture.start(
            rules: """
                clients:
                  default_profile: ci
                  profiles:
                    - name: ci
                      mode: audit
                      rules:
                        - match: { method: POST, path: "/containers/create" }
                          action: allow
                """
        )
        let body = #"{"Image":"busybox","HostConfig":{"Privileged":true}}"#
        let client = try fixture.connect()
        try client.send(
            "POST /containers/create HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        )
        #expect(try #require(client.readResponse()).statusCode == 200)
        #expect(fixture.forwardedRequests.map(\.bodyText) == [body])
        let entry = try #require(await Self.entries(fixture, count: 1).first)
        #expect(entry["msg"] as? String == "request_would_deny")
        #expect(entry["level"] as? String == "INFO")
        #expect(entry["rollout_mode"] as? String == "audit")
        #expect(entry["profile"] as? String == "ci")
        #expect(entry["reason_code"] as? String == "request_body_policy_denied")
        #expect(entry["reason_detail"] as? String == "container_create_privileged")
    }

    @Test("warn never lets a malformed request through: it is answered 400 and reaches nothing")
    func malformedAlwaysEnforced() async throws {
        let fixture = try await ProxyFixture.start(rules: "mode: warn\nrules:\n  - match: { method: GET, path: /_ping }\n    action: allow")
        let client = try fixture.connect()
        try client.send("GET /containers/%2e%2e/%2e%2e/json%00 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 400)
        let form = try fixture.connect()
        try form.send(
            "POST /images/create?fromImage=busybox HTTP/1.1\r\nHost: t\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 13\r\n\r\nfromSrc=-&x=1"
        )
        #expect(try #require(form.readResponse()).statusCode == 400)
        try await ProxyFixture.settle()
        #expect(fixture.forwardedConnections.isEmpty, "upstream: \(fixture.forwardedText)")
    }
}
