import Foundation
import SockguardTestSupport
import Testing

/// `metrics.enabled`: the Go sockguard's series, read back through a real Prometheus server scraping the proxy.
@Suite("Prometheus metrics")
struct MetricsTests {
    static func startProxy(upstream: RecordingUpstream, listen: ProxyProcess.Listen) async throws -> ProxyProcess {
        try await ProxyProcess.start(listen: listen) { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(upstream.socketPath)" }
            metrics: { enabled: true }
            rules:
              - { match: { method: "GET,HEAD", path: "/_ping" }, action: allow }
              - { match: { method: GET, path: "/containers/**" }, action: allow }
              - { match: { method: "*", path: "/**" }, action: deny, reason: "default deny" }
            response: { redact_container_env: false, redact_mount_paths: false, redact_sensitive_data: false, \
            redact_network_topology: false }
            """
        }
    }

    static func send(_ count: Int, _ method: String, _ path: (Int) -> String, to proxy: ProxyProcess) throws {
        let client = try RawHTTPClient(endpoint: proxy.endpoint)
        for index in 0..<count {
            try client.send("\(method) \(path(index)) HTTP/1.1\r\nHost: docker\r\n\r\n")
            #expect(client.readResponse() != nil)
        }
    }

    @Test("a real Prometheus scrapes the proxy and counts its allowed and denied requests by route and reason")
    func scrapedByPrometheus() async throws {
        let upstream = try RecordingUpstream()
        defer { upstream.stop() }
        let proxy = try await Self.startProxy(upstream: upstream, listen: .tcp)
        defer { _ = proxy.stop() }
        guard case .tcp(let port) = proxy.endpoint else { throw CancellationError() }
        try Self.send(7, "GET", { _ in "/v1.41/_ping" }, to: proxy)
        try Self.send(5, "GET", { "/v1.41/containers/c\($0)/json" }, to: proxy)
        try Self.send(3, "POST", { "/v1.41/containers/c\($0)/kill" }, to: proxy)

        let prometheus = try await PrometheusServer(scraping: port)
        let queries: [(String, Double)] = [
            (#"sum(sockguard_http_requests_total{decision="allow",route="/_ping",status="200"})"#, 7),
            (#"sum(sockguard_http_requests_total{decision="allow",route="/containers/{id}/json"})"#, 5),
            (#"sum(sockguard_http_requests_total{decision="deny",method="POST",route="/containers/{id}/kill",status="403"})"#, 3),
            (#"sum(sockguard_http_denied_requests_total{mode="enforce",reason_code="matched_deny_rule",rule="2"})"#, 3),
            (#"sum(sockguard_http_request_duration_seconds_count{route="/_ping"})"#, 7),
            ("sockguard_policy_version", 1),
            (#"sockguard_listener_up{listener="default",network="tcp"}"#, 1),
        ]
        for (query, expected) in queries {
            let seen = try await waitUntil(timeout: .seconds(30)) { try prometheus.value(of: query) == expected }
            let value = try prometheus.value(of: query)
            #expect(seen, "\(query): \(String(describing: value)), expected \(expected)")
        }
        // Nothing was forwarded for the denials.
        #expect(!upstream.requests.contains { $0.target.contains("/kill") })
    }

    @Test("10,000 distinct container ids make one series per route, not one per id")
    func boundedCardinality() async throws {
        let upstream = try RecordingUpstream()
        defer { upstream.stop() }
        let proxy = try await Self.startProxy(upstream: upstream, listen: .unixSocket)
        defer { _ = proxy.stop() }
        try Self.send(10_000, "GET", { "/containers/\(UUID().uuidString)-\($0)/json" }, to: proxy)
        // Methods the parser accepts but the Engine API does not use: counted under OTHER, never by name.
        for method in ["PROPFIND", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "PURGE"] {
            try Self.send(5, method, { "/containers/x\($0)/start" }, to: proxy)
        }
        let metrics = try #require(
            try RawHTTPClient.exchange("GET /metrics HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n", with: proxy.endpoint)
        )
        #expect(metrics.statusCode == 200)
        #expect(metrics.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let text = String(decoding: metrics.body, as: UTF8.self)
        let series = text.split(separator: "\n").filter { $0.hasPrefix("sockguard_http_requests_total{") }
        #expect(series.count <= 4, "\(series)")
        #expect(text.contains(#"route="/containers/{id}/json",status="200"} 10000"#), "\(series)")
        #expect(!text.contains("PROPFIND") && text.contains(#"method="OTHER""#), "a rare method became a label value")
    }
}
