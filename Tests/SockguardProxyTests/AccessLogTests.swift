import Foundation
import SockguardPolicy
import SockguardTestSupport
import Testing

/// The access log tells no secrets, and speaks the Go sockguard's format in both `log.format`s.
@Suite struct AccessLogTests {
    static let secretRules = """
        rules:
          - match: { method: GET, path: "/secrets/**" }
            action: allow
          - match: { method: "*", path: "/**" }
            action: deny
        """

    @Test("neither the query string nor a secret's name reaches the log, for allowed and denied requests alike")
    func noSecrets() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.secretRules)
        let requests = [
            "GET /v1.41/secrets/prod-db-password?token=hunter2 HTTP/1.1",  // allowed
            "DELETE /secrets/prod-db-password?token=hunter2 HTTP/1.1",  // denied
            "GET /v1.41/%73ecrets/prod-db-password?token=hunter2 HTTP/1.1",  // allowed, encoded
            "POST /swarm/unlockkey?token=hunter2 HTTP/1.1",  // denied
        ]
        for request in requests {
            let client = try fixture.connect()
            try client.send("\(request)\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            _ = try #require(client.readResponse())
        }
        func requestEntries() -> [[String: Any]] { fixture.proxy.accessLogEntries().filter { $0["decision"] != nil } }
        _ = await fixture.proxy.waitForStderrLine { _ in requestEntries().count >= requests.count }
        let entries = requestEntries()
        #expect(entries.count == requests.count, "\(fixture.proxy.stderrText)")
        let text = fixture.proxy.stderrText
        #expect(!text.contains("hunter2"), "\(text)")
        #expect(!text.contains("prod-db-password"), "\(text)")
        #expect(!text.contains("unlockkey"), "\(text)")
        let paths = entries.compactMap { $0["path"] as? String }
        #expect(paths.contains("/v1.41/secrets/<redacted>"), "\(paths)")
        #expect(paths.contains("/secrets/<redacted>"), "\(paths)")
        #expect(paths.contains("/swarm/<redacted>"), "\(paths)")
        #expect(Set(entries.compactMap { $0["decision"] as? String }) == ["allow", "deny"])
    }

    @Test("rule is logged as Go logs it: -1 when no rule matched, 0 before the rules; listener_name is default")
    func ruleAndListener() async throws {
        let rules = """
            rules:
              - match: { method: GET, path: "/_ping" }
                action: allow
            """
        let fixture = try await ProxyFixture.start(rules: rules)
        for request in ["GET /info HTTP/1.1", "GET /containers/%zz/json HTTP/1.1", "GET /_ping HTTP/1.1"] {
            let client = try fixture.connect()
            try client.send("\(request)\r\nHost: t\r\n\r\n")
            _ = try #require(client.readResponse())
        }
        func entries() -> [[String: Any]] { fixture.proxy.accessLogEntries().filter { $0["decision"] != nil } }
        _ = await fixture.proxy.waitForStderrLine { _ in entries().count >= 3 }
        let byStatus = Dictionary(entries().map { ($0["status"] as? Int ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byStatus[403]?["rule"] as? Int == -1, "\(entries())")
        #expect(byStatus[400]?["rule"] as? Int == 0, "\(entries())")
        #expect(byStatus[200]?["rule"] as? Int == 0, "\(entries())")
        #expect(entries().allSatisfy { $0["listener_name"] as? String == "default" })
    }

    @Test("log.format text writes the access log as slog's key=value text")
    func textFormat() async throws {
        let fixture = try await ProxyFixture.start(rules: ProxyFixture.readOnlyRules + "\nlog: { format: text }")
        let client = try fixture.connect()
        try client.send("GET /networks HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 403)
        let line = try #require(await fixture.proxy.waitForStderrLine { $0.contains("msg=request_denied") })
        #expect(line.hasPrefix("time="), "\(line)")
        for pair in ["level=WARN", "method=GET", "path=/networks", "decision=deny", "rule=2", "status=403"] {
            #expect(line.contains(" \(pair)"), "\(pair) missing from \(line)")
        }
        #expect(!line.contains("{"), "\(line)")
    }

    @Test("serve's --log-format and --deny-verbosity flags apply; the proxy's own answers carry nosniff")
    func flags() async throws {
        let upstream = try RecordingUpstream()
        let proxy = try await ProxyProcess.start(arguments: { paths in
            guard case .unix(let socket) = paths.listen else { return [] }
            return [
                "serve", "--listen-socket", socket, "--upstream-socket", upstream.socketPath,
                "--log-format", "text", "--deny-verbosity", "verbose",
            ]
        })
        let client = try RawHTTPClient(endpoint: proxy.endpoint)
        try client.send("POST /containers/create HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.statusCode == 403)
        #expect(response.headers.first { $0.name.lowercased() == "x-content-type-options" }?.value == "nosniff")
        #expect(response.bodyText.contains("\"method\":\"POST\""), "verbose body expected: \(response.bodyText)")
        #expect(await proxy.waitForStderrLine { $0.contains("msg=request_denied") } != nil, "\(proxy.stderrText)")
        #expect(
            upstream.requests.allSatisfy { $0.raw == ProxyFixture.healthProbe },
            "a denied request reached the upstream"
        )
    }

    @Test(
        "a path as logged",
        arguments: [
            ("/v1.41/secrets/abc?x=1", "/secrets/abc", "/v1.41/secrets/<redacted>"),
            ("/secrets/create?x=1", "/secrets/create", "/secrets/create"),
            ("/containers/json?filters=%7B%7D", "/containers/json", "/containers/json"),
            ("/v1.41/../secrets/abc", "/secrets/abc", "/v1.41/secrets/<redacted>"),
            ("/bad%ZZsecret", nil, "<redacted>"),
            ("/bad%ZZpath?token=x", nil, "/bad%ZZpath"),
        ] as [(String, String?, String)]
    )
    func forLog(_ raw: String, _ canonical: String?, _ logged: String) {
        #expect(PathRedaction.forLog(rawTarget: raw, canonicalPath: canonical) == logged)
    }
}
