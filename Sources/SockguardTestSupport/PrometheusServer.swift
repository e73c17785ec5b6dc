import Foundation

/// Debian's `prometheus` server on loopback, scraping one target every second, for tests that read the proxy's
/// metrics back the way an operator's Prometheus does.
public final class PrometheusServer: Sendable {
    public let port: Int
    private let directory: TemporaryDirectory
    private let child: ChildProcess

    /// Starts Prometheus scraping `http://127.0.0.1:<targetPort><metricsPath>`; returns once its API answers.
    public convenience init(
        scraping targetPort: Int,
        metricsPath: String = "/metrics",
        startupTimeout: Duration = .seconds(60)
    ) async throws {
        try await self.init(
            scrapeConfigs: """
                  - job_name: sockguard
                    metrics_path: \(metricsPath)
                    static_configs: [{ targets: ["127.0.0.1:\(targetPort)"] }]
                """,
            startupTimeout: startupTimeout
        )
    }

    /// Starts Prometheus with `scrapeConfigs` (YAML list items under `scrape_configs:`, indented by two spaces),
    /// scraping every second; returns once its API answers.
    public init(scrapeConfigs: String, startupTimeout: Duration = .seconds(60)) async throws {
        let binary = "/usr/bin/prometheus"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw HarnessError.missingTool(name: "prometheus", hint: "apt-get install prometheus")
        }
        directory = try TemporaryDirectory(prefix: "sgprom")
        port = SocketEndpoint.freeTCPPort()
        let config = directory.appending("prometheus.yml")
        try """
        global: { scrape_interval: 1s, scrape_timeout: 1s }
        scrape_configs:
        \(scrapeConfigs)
        """.write(toFile: config, atomically: true, encoding: .utf8)
        child = try ChildProcess.launch(
            binary,
            [
                "--config.file=\(config)", "--storage.tsdb.path=\(directory.appending("data"))",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path]
        )
        let ready = await waitUntil(timeout: startupTimeout) { (try? self.get("/-/ready"))?.statusCode == 200 }
        guard ready else {
            _ = child.stop()
            throw HarnessError.launchFailed(command: [binary], reason: "not ready: \(child.stderr.text)")
        }
    }

    deinit {
        _ = child.stop()
    }

    /// The value of an instant PromQL query that yields one sample; nil while it yields none.
    public func value(of query: String) throws -> Double? {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "_-.~")
        let encoded = query.addingPercentEncoding(withAllowedCharacters: allowed) ?? query
        guard let response = try get("/api/v1/query?query=\(encoded)"), response.statusCode == 200,
            let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
            let sample = result.first?["value"] as? [Any], sample.count == 2, let text = sample[1] as? String
        else { return nil }
        return Double(text)
    }

    /// The targets service discovery found, active ones (`/api/v1/targets`): each one's discovered labels.
    public func discoveredTargets() throws -> [[String: String]] {
        guard let response = try get("/api/v1/targets?state=active"), response.statusCode == 200,
            let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let data = object["data"] as? [String: Any], let active = data["activeTargets"] as? [[String: Any]]
        else { return [] }
        return active.compactMap { $0["discoveredLabels"] as? [String: String] }
    }

    private func get(_ target: String) throws -> HTTPMessage? {
        try RawHTTPClient.exchange(
            "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            with: .tcp(port: port)
        )
    }
}
