import Foundation
import SockguardTestSupport
import Testing

/// Against a ``RecordingUpstream``: a denied request never leaves the proxy, an allowed one arrives intact.
@Suite("what reaches the upstream")
struct ProxyRecordingTests {
    /// A proxy with the default (Tecnativa) policy in front of a fresh recording upstream.
    private func defaultProxy() async throws -> (ProxyProcess, RecordingUpstream) {
        let upstream = try RecordingUpstream()
        let proxy = try await Fixtures.compatProxy(upstream: upstream.socketPath, environment: [:])
        return (proxy, upstream)
    }

    @Test(
        "a denied request gets 403 and the upstream receives zero bytes",
        arguments: [
            "GET /containers/json HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n",
            "POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Content-Length: 17\r\n\r\n{\"Image\":\"x:1\"} ",
            "POST /v1.41/containers/create?name=x HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nf\r\n{\"Image\":\"x:1\"}\r\n0\r\n\r\n",
            "DELETE /containers/abc?force=1 HTTP/1.1\r\nHost: docker\r\n\r\n",
        ]
    )
    func deniedNeverReachesUpstream(request: String) async throws {
        let (proxy, upstream) = try await defaultProxy()
        let response = try #require(try RawHTTPClient.exchange(request, with: proxy.endpoint))
        #expect(response.statusCode == 403, "\(String(decoding: response.raw, as: UTF8.self))")
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
        let body = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(body["message"] as? String == Fixtures.deniedMessage)
        // The proxy's periodic health probe (GET /_ping on its own connection) is the only traffic allowed.
        let traffic = Fixtures.trafficExceptHealthProbes(upstream)
        #expect(traffic.isEmpty, "upstream received:\n\(upstream.receivedText)")
        #expect(!upstream.receivedText.contains("containers"))
    }

    @Test("an allowed /_ping reaches the upstream and its answer comes back")
    func pingReachesUpstream() async throws {
        let (proxy, upstream) = try await defaultProxy()
        let response = try #require(
            try RawHTTPClient.exchange("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n", with: proxy.endpoint)
        )
        #expect(response.statusCode == 200)
        #expect(response.bodyText == "{}")
        let traffic = Fixtures.trafficExceptHealthProbes(upstream)
        #expect(traffic.count == 1, "upstream received:\n\(upstream.receivedText)")
        let forwarded = String(decoding: traffic.first ?? Data(), as: UTF8.self)
        #expect(forwarded.hasPrefix("GET /_ping HTTP/1.1\r\n"), "forwarded: \(forwarded)")
    }

    @Test("a denied request on a keep-alive connection does not stop the next allowed one")
    func denyThenAllowOnOneConnection() async throws {
        let (proxy, upstream) = try await defaultProxy()
        let client = try RawHTTPClient(endpoint: proxy.endpoint)
        try client.send("GET /containers/json HTTP/1.1\r\nHost: docker\r\n\r\n")
        let denied = try #require(client.readResponse())
        #expect(denied.statusCode == 403)
        #expect(Fixtures.trafficExceptHealthProbes(upstream).isEmpty)
        try client.send("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n")
        let allowed = try #require(client.readResponse(), "the connection should stay usable after a 403")
        #expect(allowed.statusCode == 200)
        let traffic = Fixtures.trafficExceptHealthProbes(upstream).map { String(decoding: $0, as: UTF8.self) }
        #expect(traffic.count == 1 && traffic[0].hasPrefix("GET /_ping HTTP/1.1\r\n"), "\(traffic)")
    }

    @Test("each request is written to stderr as one JSON access-log line")
    func accessLog() async throws {
        let (proxy, _) = try await defaultProxy()
        _ = try RawHTTPClient.exchange("GET /containers/json HTTP/1.1\r\nHost: docker\r\n\r\n", with: proxy.endpoint)
        let line = await proxy.waitForStderrLine { $0.contains("\"/containers/json\"") }
        #expect(line != nil, "stderr:\n\(proxy.stderrText)")
        let entry = proxy.accessLogEntries().first { $0["path"] as? String == "/containers/json" }
        #expect(entry?["decision"] as? String == "deny")
        #expect(entry?["status"] as? Int == 403)
    }
}
