import Foundation
import SockguardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The proxy's own answers (health, upstream failure, denials), its access log and its listen socket.
@Suite("Server behaviour")
struct ServerBehaviourTests {
    @Test("an allowed request to an upstream socket where nothing listens gets a 502 JSON answer")
    func upstreamUnreachable() async throws {
        let nowhere = try TemporaryDirectory(prefix: "sgn")
        let fixture = try await ProxyFixture.start(upstreamSocket: nowhere.appending("docker.sock"))
        let client = try fixture.connect()
        try client.send("GET /containers/json HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.statusCode == 502)
        #expect(response.header("Content-Type") == "application/json")
        let message = try #require(try jsonObject(response)["message"] as? String)
        #expect(message.contains("unreachable"), "\(message)")
    }

    @Test("/health answers 200 JSON once the probe reached a live upstream")
    func healthWithUpstream() async throws {
        let fixture = try await ProxyFixture.start()
        let response = try await Self.pollHealth(fixture, until: 200)
        #expect(response.statusCode == 200)
        #expect(response.header("Content-Type") == "application/json")
        let body = try jsonObject(response)
        #expect(body["status"] as? String == "healthy")
        // The Go sockguard's fields, so its probes and dashboards read ours.
        #expect(body["upstream"] as? String == "connected")
        #expect(body["version"] is String)
        #expect(body["uptime_seconds"] is Int)
        let listeners = try #require(body["listeners"] as? [[String: Any]])
        #expect(listeners.count == 1)
        #expect(listeners.first?["name"] as? String == "default")
        #expect(listeners.first?["network"] as? String == "unix")
        #expect(listeners.first?["role"] as? String == "main")
        #expect(fixture.forwardedConnections.isEmpty, "/health was forwarded: \(fixture.forwardedText)")
    }

    @Test("/health answers 503 JSON when nothing listens on the upstream socket")
    func healthWithoutUpstream() async throws {
        let nowhere = try TemporaryDirectory(prefix: "sgn")
        let fixture = try await ProxyFixture.start(upstreamSocket: nowhere.appending("docker.sock"))
        // Give the startup probe time to fail, then check it stays unhealthy.
        try await Task.sleep(for: .milliseconds(500))
        let response = try await Self.pollHealth(fixture, until: 503)
        #expect(response.statusCode == 503)
        let body = try jsonObject(response)
        #expect(body["status"] as? String == "unhealthy")
        #expect(body["upstream"] as? String == "unreachable")
        #expect(body["error"] as? String == "upstream unreachable")
    }

    @Test("HEAD /health has the headers of GET and no body")
    func headHealth() async throws {
        let fixture = try await ProxyFixture.start()
        _ = try await Self.pollHealth(fixture, until: 200)
        let client = try fixture.connect()
        try client.send("HEAD /health HTTP/1.1\r\nHost: t\r\n\r\nGET /_ping HTTP/1.1\r\nHost: t\r\n\r\n")
        // The test framer does not know HEAD responses have no body, so read the raw bytes: the ping's status
        // line must follow the HEAD response's blank line directly.
        let outcome = client.readUntilClose(timeout: .seconds(1))
        #expect(statusCodes(of: outcome.data) == [200, 200], "\(outcome.text.debugDescription)")
        let afterHead = try #require(outcome.text.range(of: "\r\n\r\n"))
        #expect(outcome.text[afterHead.upperBound...].hasPrefix("HTTP/1.1 200"), "\(outcome.text.debugDescription)")
    }

    @Test("a minimal denial says only the message")
    func minimalDenial() async throws {
        let fixture = try await ProxyFixture.start(verbosity: "minimal")
        let response = try #require(
            try RawHTTPClient.exchange(
                "GET /secrets/db-password HTTP/1.1\r\nHost: t\r\n\r\n",
                with: fixture.proxy.endpoint
            )
        )
        #expect(response.statusCode == 403)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.bodyText == "{\"message\":\"request denied by sockguard policy\"}\n")
    }

    @Test("a verbose denial names method, redacted path and reason")
    func verboseDenial() async throws {
        let fixture = try await ProxyFixture.start()
        let response = try #require(
            try RawHTTPClient.exchange(
                "DELETE /v1.41/secrets/db-password HTTP/1.1\r\nHost: t\r\n\r\n",
                with: fixture.proxy.endpoint
            )
        )
        #expect(response.statusCode == 403)
        let body = try jsonObject(response)
        #expect(body["message"] as? String == "request denied by sockguard policy")
        #expect(body["method"] as? String == "DELETE")
        #expect(body["path"] as? String == "/secrets/<redacted>")
        #expect(body["reason"] as? String == "default deny")
        #expect(!response.bodyText.contains("db-password"))
    }

    @Test("a denied request leaves one JSON access-log line with decision, status and canonical path")
    func accessLogForDenial() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try fixture.connect()
        try client.send("GET /v1.41/containers/../networks HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 403)

        let line = await fixture.proxy.waitForStderrLine { $0.contains("\"decision\":\"deny\"") }
        let text = try #require(line, "no deny line in:\n\(fixture.proxy.stderrText)")
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(entry["decision"] as? String == "deny")
        #expect(entry["status"] as? Int == 403)
        #expect(entry["method"] as? String == "GET")
        #expect(entry["path"] as? String == "/v1.41/containers/../networks")
        #expect(entry["normalized_path"] as? String == "/networks")
        #expect(entry["route"] as? String == "/networks")
        #expect(entry["rule"] as? Int == 2)
        #expect(entry["msg"] as? String == "request_denied")
        #expect(entry["level"] as? String == "WARN")
        #expect(entry["reason_code"] as? String == "matched_deny_rule")
        for field in ["time", "request_id", "client", "reason", "bytes", "latency_ms"] {
            #expect(entry[field] != nil, "access log line lacks \(field): \(line ?? "")")
        }
    }

    @Test("an allowed request is logged with decision allow and the upstream's status")
    func accessLogForAllow() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try fixture.connect()
        try client.send("GET /v1.41/containers/json HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 200)
        let line = try #require(await fixture.proxy.waitForStderrLine { $0.contains("\"decision\":\"allow\"") })
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(entry["status"] as? Int == 200)
        #expect(entry["normalized_path"] as? String == "/containers/json")
        #expect(entry["rule"] as? Int == 1)
        #expect(entry["msg"] as? String == "request")
        #expect(entry["level"] as? String == "INFO")
    }

    @Test(
        "the unix listen socket gets the configured mode",
        arguments: [(nil, 0o600), ("\"0600\"", 0o600), ("\"0660\"", 0o660)] as [(String?, Int)]
    )
    func socketMode(_ configured: String?, _ expected: Int) async throws {
        let fixture = try await ProxyFixture.start(listenYAML: { paths in
            guard case .unix(let path) = paths.listen else { return paths.listenYAML }
            return configured.map { "{ socket: \"\(path)\", socket_mode: \($0) }" } ?? paths.listenYAML
        })
        guard case .unix(let path) = fixture.proxy.endpoint else {
            Issue.record("expected a unix listener")
            return
        }
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFSOCK)
        #expect(Int(info.st_mode & 0o777) == expected, "mode is \(String(info.st_mode & 0o777, radix: 8))")
    }

    /// Go's non-root setup: `socket_mode: "0660"` with `socket_gid` of the clients' group (the tests run as root,
    /// so any group may be given).
    @Test("socket_uid and socket_gid chown the unix listen socket after bind")
    func socketOwner() async throws {
        let fixture = try await ProxyFixture.start(listenYAML: { paths in
            guard case .unix(let path) = paths.listen else { return paths.listenYAML }
            return "{ socket: \"\(path)\", socket_mode: \"0660\", socket_uid: 4243, socket_gid: 4242 }"
        })
        guard case .unix(let path) = fixture.proxy.endpoint else {
            Issue.record("expected a unix listener")
            return
        }
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_uid == 4243 && info.st_gid == 4242, "owner is \(info.st_uid):\(info.st_gid)")
        #expect(Int(info.st_mode & 0o777) == 0o660)
        let client = try fixture.connect()
        try client.send("GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 200)
    }

    @Test("a loopback TCP listener proxies like the unix one and logs the client address")
    func tcpListener() async throws {
        let fixture = try await ProxyFixture.start(listen: .tcp)
        let client = try fixture.connect()
        try client.send("GET /_ping HTTP/1.1\r\nHost: t\r\n\r\nGET /secrets HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 200)
        #expect(try #require(client.readResponse()).statusCode == 403)
        let line = try #require(await fixture.proxy.waitForStderrLine { $0.contains("\"decision\":\"deny\"") })
        #expect(line.contains("\"client\":\"127.0.0.1:"), "\(line)")
    }

    /// Polls `GET /health` until it answers `status`, for up to 6 s (the probe runs at startup, then every 5 s).
    static func pollHealth(_ fixture: ProxyFixture, until status: Int) async throws -> HTTPMessage {
        let deadline = ContinuousClock.now + .seconds(6)
        var last: HTTPMessage?
        repeat {
            last = try RawHTTPClient.exchange("GET /health HTTP/1.1\r\nHost: t\r\n\r\n", with: fixture.proxy.endpoint)
            if last?.statusCode == status, let last { return last }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        return try #require(last, "no answer from /health")
    }
}
