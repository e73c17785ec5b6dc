import Crypto
import Foundation
import SockguardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The admin endpoints on the wire, as sockguard (Go) answers them: a candidate configuration checked without
/// touching the running policy, the policy in force described, every error with its status, and nothing of it ever
/// forwarded to the daemon.
@Suite struct AdminEndpointTests {
    static let config = """
        admin: { enabled: true, max_request_bytes: 4096 }
        rules:
          - match: { method: "GET", path: "/_ping" }
            action: allow
        """

    static func post(_ fixture: ProxyFixture, _ path: String, _ yaml: String) throws -> HTTPMessage {
        let client = try fixture.connect()
        try client.send("POST \(path) HTTP/1.1\r\nHost: t\r\nContent-Type: application/yaml\r\nContent-Length: \(yaml.utf8.count)\r\n\r\n\(yaml)")
        return try #require(client.readResponse())
    }

    static func get(_ fixture: ProxyFixture, _ path: String, method: String = "GET") throws -> HTTPMessage {
        try #require(try RawHTTPClient.exchange("\(method) \(path) HTTP/1.1\r\nHost: t\r\n\r\n", with: fixture.proxy.endpoint))
    }

    @Test("a candidate that loads gets 200 with its counts; one that does not gets 422 with every error by key")
    func validate() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.config)
        let good = try Self.post(fixture, "/admin/validate", """
            clients:
              profiles:
                - name: ci
                  rules:
                    - match: { method: GET, path: "/_ping" }
                      action: allow
            rules:
              - match: { method: GET, path: "/version" }
                action: allow
              - match: { method: GET, path: "/info" }
                action: allow
            """)
        #expect(good.statusCode == 200)
        #expect(good.bodyText == #"{"ok":true,"rules":2,"profiles":1}"# + "\n")
        #expect(good.header("Content-Type") == "application/json" && good.header("X-Request-Id")?.count == 32)

        let bad = try Self.post(fixture, "/admin/validate", """
            rules:
              - match: { method: GET, path: "/x/***" }
                action: allow
            lisen: { socket: /tmp/x.sock }
            """)
        #expect(bad.statusCode == 422)
        let errors = try #require(try JSONSerialization.jsonObject(with: bad.body) as? [String: Any])
        #expect(errors["ok"] as? Bool == false)
        let messages = try #require(errors["errors"] as? [String])
        #expect(messages.contains { $0.hasPrefix("lisen: unknown key") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("rules[0].match.path") }, "\(messages)")

        let unparsable = try Self.post(fixture, "/admin/validate", "rules: [")
        #expect(unparsable.statusCode == 422 && unparsable.bodyText.contains("\"parse: "), "\(unparsable.bodyText)")

        // Nothing of it reached the daemon, and the running policy is the one it started with.
        #expect(fixture.forwardedRequests.isEmpty, "\(fixture.forwardedText)")
        #expect(try Self.get(fixture, "/version").statusCode == 403)
        let line = await fixture.proxy.waitForStderrLine { $0.contains("admin_validation_failed") }
        #expect(line?.contains(#""decision":"deny""#) == true, "\(fixture.proxy.stderrText)")
    }

    @Test("the wrong method is 405 with Allow; a candidate over max_request_bytes is 413; neither is forwarded")
    func errors() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.config)
        let get = try Self.get(fixture, "/admin/validate")
        #expect(get.statusCode == 405 && get.header("Allow") == "POST")
        #expect(get.bodyText == #"{"message":"method not allowed"}"# + "\n")
        let delete = try Self.get(fixture, "/admin/policy/version", method: "DELETE")
        #expect(delete.statusCode == 405 && delete.header("Allow") == "GET")
        let large = try Self.post(fixture, "/admin/validate", String(repeating: "#", count: 5000))
        #expect(large.statusCode == 413)
        #expect(large.bodyText == #"{"message":"request body exceeds admin.max_request_bytes"}"# + "\n")
        // With an API version the path is a Docker API path like any other: the rules deny it.
        #expect(try Self.get(fixture, "/v1.45/admin/policy/version").statusCode == 403)
        try await ProxyFixture.settle()
        #expect(fixture.forwardedRequests.isEmpty, "\(fixture.forwardedText)")
    }

    @Test("the policy version says which policy is in force, and moves on a reload")
    func policyVersion() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.config)
        let proxy = fixture.proxy
        let file = proxy.paths.configFile
        let first = try #require(try JSONSerialization.jsonObject(with: try Self.get(fixture, "/admin/policy/version").body) as? [String: Any])
        #expect(first["version"] as? Int == 1 && first["source"] as? String == "startup")
        #expect(first["rules"] as? Int == 1 && first["profiles"] as? Int == 0 && first["compat_active"] as? Bool == false)
        let sha = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: file))).map { String(format: "%02x", $0) }.joined()
        #expect(first["config_sha256"] as? String == sha)
        #expect((first["loaded_at"] as? String)?.hasSuffix("Z") == true)

        let yaml = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
            of: "rules:\n",
            with: "rules:\n  - match: { method: GET, path: \"/version\" }\n    action: allow\n"
        )
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        proxy.send(signal: SIGHUP)
        #expect(await proxy.waitForStderrLine(timeout: .seconds(10)) { $0.contains("config reload applied") } != nil)
        let second = try #require(try JSONSerialization.jsonObject(with: try Self.get(fixture, "/admin/policy/version").body) as? [String: Any])
        #expect(second["version"] as? Int == 2 && second["source"] as? String == "reload")
        #expect(second["rules"] as? Int == 2)
        #expect(second["config_sha256"] as? String != sha)
    }

    @Test("a request pipelined behind a candidate waits for its answer, then is answered in order")
    func pipelined() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.config)
        let client = try fixture.connect()
        let yaml = "log: { level: info }\n"
        try client.send(
            "POST /admin/validate HTTP/1.1\r\nHost: t\r\nContent-Length: \(yaml.utf8.count)\r\n\r\n\(yaml)"
                + "GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        let first = try #require(client.readResponse())
        let second = try #require(client.readResponse())
        #expect(first.statusCode == 200 && first.bodyText.hasPrefix(#"{"ok":true"#), "\(first.bodyText)")
        #expect(second.statusCode == 200)
        #expect(fixture.forwardedRequests.map(\.startLine) == ["GET /_ping HTTP/1.1"])
    }
}

/// `admin.listen`: the admin endpoints on a listener of their own, and nowhere else.
@Suite struct AdminListenerTests {
    @Test("the dedicated listener serves the admin paths and 404 for the rest; the proxy listener no admin path")
    func dedicated() async throws {
        let upstream = try RecordingUpstream()
        let proxy = try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(upstream.socketPath)" }
            admin: { enabled: true, listen: { socket: "\(paths.directory)/admin.sock" } }
            metrics: { enabled: true }
            rules:
              - match: { method: GET, path: "/**" }
                action: allow
            """
        }
        let line = await proxy.waitForStderrLine { $0.contains("listening") && $0.contains(#""role":"admin""#) }
        #expect(line?.contains("admin.sock") == true, "\(proxy.stderrText)")
        let admin = SocketEndpoint.unix(proxy.paths.directory + "/admin.sock")
        func exchange(_ request: String, _ endpoint: SocketEndpoint) throws -> HTTPMessage {
            try #require(try RawHTTPClient.exchange(request, with: endpoint))
        }
        let version = try exchange("GET /admin/policy/version HTTP/1.1\r\nHost: t\r\n\r\n", admin)
        #expect(version.statusCode == 200 && version.bodyText.contains(#""version":1"#))
        let yaml = "log: { level: debug }\n"
        let valid = try exchange(
            "POST /admin/validate HTTP/1.1\r\nHost: t\r\nContent-Length: \(yaml.utf8.count)\r\n\r\n\(yaml)",
            admin
        )
        #expect(valid.statusCode == 200, "\(valid.bodyText)")
        for path in ["/_ping", "/health", "/metrics", "/containers/json"] {
            let other = try exchange("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n", admin)
            #expect(other.statusCode == 404 && other.bodyText == #"{"message":"not found"}"# + "\n", "\(path)")
        }
        // On the proxy listener the admin path is a Docker API path: the rules allow it, so it is forwarded.
        let forwarded = try exchange("GET /admin/policy/version HTTP/1.1\r\nHost: t\r\n\r\n", proxy.endpoint)
        #expect(forwarded.statusCode == 200 && !forwarded.bodyText.contains("version"))
        #expect(upstream.requests.map(\.startLine).filter { !$0.hasPrefix("GET /_ping") } == ["GET /admin/policy/version HTTP/1.1"])
        let metrics = try exchange("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n", proxy.endpoint).bodyText
        #expect(metrics.contains(#"sockguard_listener_up{listener="admin",network="unix",role="admin"} 1"#), "\(metrics)")
    }
}
