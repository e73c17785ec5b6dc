import Foundation
import SockguardTestSupport
import Testing

/// `POST /containers/create` is allowed by the rules, and still nothing of it reaches dockerd unless its body
/// passes inspection: the recording upstream proves what was (not) forwarded.
@Suite("Body inspection through the proxy")
struct BodyInspectionTests {
    static func create(_ body: String) -> String {
        "POST /v1.41/containers/create HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test(
        "a dangerous create body is refused and nothing reaches the upstream",
        arguments: [
            (#"{"Image":"busybox","HostConfig":{"Privileged":true}}"#, 403, "container_create_privileged"),
            (#"{"Image":"busybox","hostconfig":{"privileged":true}}"#, 403, "container_create_privileged"),
            (#"{"Image":"busybox","HostConfig":{"Privil\u0065ged":true}}"#, 403, "container_create_privileged"),
            (#"{"Image":"busybox","HostConfig":{"Binds":["/:/host"]}}"#, 403, "container_create_bind_mount"),
            (#"{"Image":"busybox","HostConfig":{"NetworkMode":"host"}}"#, 403, "container_create_host_network"),
            (#"{"Image":"busybox","HostConfig":{"PidMode":"host"}}"#, 403, "container_create_host_pid"),
            (#"{"Image":"busybox","HostConfig":{"CapAdd":["SYS_ADMIN"]}}"#, 403, "container_create_capabilities"),
            (#"{"Image":"x","HostConfig":{"Privileged":false,"privileged":true}}"#, 400, "request_body_invalid"),
            (#"{"Image":"busybox"} {"HostConfig":{"Privileged":true}}"#, 400, "request_body_invalid"),
            (#"not json"#, 400, "request_body_invalid"),
        ]
    )
    func refused(body: String, status: Int, reasonCode: String) async throws {
        let fixture = try await ProxyFixture.start(rules: ProxyFixture.createAllowedRules)
        let client = try fixture.connect()
        try client.send(Self.create(body))
        let response = try #require(client.readResponse())
        #expect(response.statusCode == status)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(response.bodyText.utf8)) as? [String: Any]
        )
        #expect((json["message"] as? String)?.hasPrefix("sockguard: ") == true, "\(json)")
        #expect(json["reason_code"] as? String == reasonCode, "\(json)")
        // The access log carries the Go sockguard's code, and ours beside it.
        let line = try #require(await fixture.proxy.waitForStderrLine { $0.contains("\"decision\":\"deny\"") })
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let goCode = reasonCode == "request_body_invalid" ? "request_body_inspection_failed" : "request_body_policy_denied"
        #expect(entry["reason_code"] as? String == goCode, "\(line)")
        #expect(entry["reason_detail"] as? String == reasonCode, "\(line)")
        try await ProxyFixture.settle()
        #expect(fixture.forwardedConnections.isEmpty, "upstream: \(fixture.forwardedText)")
        // The connection stays usable after a refusal.
        try client.send("GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 200)
    }

    @Test("an allowed body is forwarded exactly as it was sent")
    func forwardedByteForByte() async throws {
        let fixture = try await ProxyFixture.start(rules: ProxyFixture.createAllowedRules)
        let client = try fixture.connect()
        let body =
            "{ \"Image\" : \"busybox\",\n \"Labels\": {\"note\": \"caf\\u00e9 \\\"quoted\\\"\"},  \"Cmd\":[\"echo\",\"hi\"] }"
        try client.send(Self.create(body))
        #expect(try #require(client.readResponse()).statusCode == 200)
        let forwarded = try #require(fixture.forwardedRequests.first)
        #expect(forwarded.bodyText == body)
        #expect(forwarded.startLine == "POST /v1.41/containers/create HTTP/1.1")
    }

    @Test("a body over the 1 MiB limit gets 413 before it is read, and nothing is forwarded")
    func tooLargeByLength() async throws {
        let fixture = try await ProxyFixture.start(rules: ProxyFixture.createAllowedRules)
        let outcome = try exchangeUntilClose(
            fixture,
            Data(
                "POST /containers/create HTTP/1.1\r\nHost: t\r\nContent-Length: \(2 * 1024 * 1024)\r\n\r\n{".utf8
            )
        )
        #expect(firstStatus(outcome.data) == 413)
        try await ProxyFixture.settle()
        #expect(fixture.forwardedConnections.isEmpty)
    }

    @Test("a chunked body that grows past the limit gets 413, and nothing is forwarded")
    func tooLargeChunked() async throws {
        let fixture = try await ProxyFixture.start(rules: ProxyFixture.createAllowedRules)
        let client = try fixture.connect()
        try client.send("POST /containers/create HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = String(repeating: " ", count: 256 * 1024)
        for _ in 0..<5 {
            try? client.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n")
        }
        let response = try #require(client.readResponse())
        #expect(response.statusCode == 413)
        try await ProxyFixture.settle()
        #expect(fixture.forwardedConnections.isEmpty)
    }

    @Test("a body that does not arrive in time gets 408, and nothing is forwarded")
    func slowBody() async throws {
        let fixture = try await ProxyFixture.start(rules: ProxyFixture.createAllowedRules)
        let client = try fixture.connect()
        try client.send("POST /containers/create HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{\"Image\":")
        let response = try #require(client.readResponse(timeout: .seconds(20)))
        #expect(response.statusCode == 408)
        #expect(fixture.forwardedConnections.isEmpty)
    }
}

/// `X-Registry-Auth` is checked on every allowed request and never shows up in a log or a denial.
@Suite("Registry credentials through the proxy")
struct RegistryAuthHeaderTests {
    static func create(auth: String) -> String {
        let body = #"{"Image":"busybox"}"#
        return "POST /v1.41/containers/create HTTP/1.1\r\nHost: t\r\nX-Registry-Auth: \(auth)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test("malformed credentials get 400, reach nothing and are not logged; good ones are forwarded as sent")
    func checkedAndNeverLogged() async throws {
        let fixture = try await ProxyFixture.start(rules: ProxyFixture.createAllowedRules)
        // {"username":"ci","password":"hunter2-secret"} with a trailing second object: not one JSON value.
        let secret = "hunter2-secret"
        let bad = Data(#"{"username":"ci","password":"\#(secret)"}{}"#.utf8).base64EncodedString()
        let client = try fixture.connect()
        try client.send(Self.create(auth: bad))
        let refused = try #require(client.readResponse())
        #expect(refused.statusCode == 400)
        #expect(refused.bodyText.contains("X-Registry-Auth is not valid JSON"), "\(refused.bodyText)")
        #expect(!refused.bodyText.contains(secret))
        try await ProxyFixture.settle()
        #expect(fixture.forwardedConnections.isEmpty, "upstream: \(fixture.forwardedText)")

        // A refused request with a body closes its connection: the next one comes on a new one.
        let good = Data(#"{"username":"ci","password":"\#(secret)"}"#.utf8).base64EncodedString()
        let second = try fixture.connect()
        try second.send(Self.create(auth: good))
        #expect(try #require(second.readResponse()).statusCode == 200)
        let forwarded = try #require(fixture.forwardedRequests.first)
        #expect(forwarded.headers.contains { $0.name == "X-Registry-Auth" && $0.value == good }, "\(forwarded.headers)")

        #expect(fixture.proxy.accessLogEntries().count >= 2, "\(fixture.proxy.stderrText)")
        #expect(!fixture.proxy.stderrText.contains(secret))
        #expect(!fixture.proxy.stderrText.contains(good))
        #expect(!fixture.proxy.stderrText.contains(bad))
    }
}
