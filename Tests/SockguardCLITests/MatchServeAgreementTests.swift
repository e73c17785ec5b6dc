import Foundation
import SockguardTestSupport
import Testing

/// `sockguard match` and `sockguard serve` run the same decider: for every request of the table, what `match`
/// prints is what `serve` does. An allowed (or would-be denied) request reaches the recording upstream and gets its
/// answer; a denied one never reaches it and gets the status `match` printed; the health check is answered by the
/// proxy.
@Suite("match and serve agree")
struct MatchServeAgreementTests {
    @Test("every request of the table is decided alike by match and serve", arguments: AgreementScenario.all)
    func agree(scenario: AgreementScenario) async throws {
        let upstream = try RecordingUpstream()
        defer { upstream.stop() }
        let proxy = try await ProxyProcess.start(
            config: { paths in
                """
                listen: \(paths.listenYAML)
                upstream: { socket: "\(upstream.socketPath)" }
                response: { deny_verbosity: verbose, redact_container_env: false, redact_mount_paths: false, \
                redact_sensitive_data: false, redact_network_topology: false }
                \(scenario.yaml)
                """
            },
            environment: scenario.environment
        )
        defer { _ = proxy.stop() }
        let bodies = try TemporaryDirectory(prefix: "sga")
        var decisions: [String: Int] = [:]
        for (number, request) in scenario.cases.enumerated() {
            let decision = try self.match(request, number: number, scenario: scenario, config: proxy.paths.configFile, bodies: bodies)
            let outcome = try #require(decision["decision"] as? String, "\(request): \(decision)")
            decisions[outcome, default: 0] += 1
            let marker = "\(scenario.name.hashValue)-\(number)"
            let status = try #require(try self.send(request, marker: marker, to: proxy), "\(request): no response")
            let forwarded = upstream.requests.contains { $0.header("X-Agreement-Case") == marker }
            switch outcome {
            case "allow", "would_deny":
                #expect(forwarded && status == 200, "\(request): match \(decision), serve \(status)")
            case "health":
                #expect(!forwarded && status == 200, "\(request): match \(decision), serve \(status)")
            default:
                #expect(!forwarded, "\(request): match \(decision), but the upstream received it")
                #expect(decision["status"] as? String == String(status), "\(request): match \(decision), serve \(status)")
            }
        }
        // A table whose requests all end alike would prove little.
        #expect(decisions["deny", default: 0] >= 2, "\(decisions)")
        #expect(decisions["allow", default: 0] + decisions["would_deny", default: 0] >= 2, "\(decisions)")
    }

    /// `sockguard match ... -o json` for one request.
    func match(
        _ request: AgreementCase,
        number: Int,
        scenario: AgreementScenario,
        config: String,
        bodies: TemporaryDirectory
    ) throws -> [String: Any] {
        var arguments = ["match", "-c", config, "-X", request.method, "--path", request.path, "-o", "json"]
        arguments += scenario.matchFlags
        if let body = request.body {
            let file = bodies.appending("body-\(number)")
            try body.write(toFile: file, atomically: true, encoding: .utf8)
            arguments += ["--body", file]
        }
        for header in request.headers { arguments += ["-H", header] }
        let result = try CLI.run(arguments, environment: scenario.environment)
        #expect(result.status == 0, "\(result)")
        return try CLI.json(result)
    }

    /// Sends one request on a connection of its own, marked so the upstream's record can be found, and returns the
    /// response's status (read to the close: a HEAD answer's length announces no body).
    func send(_ request: AgreementCase, marker: String, to proxy: ProxyProcess) throws -> Int? {
        let body = request.body ?? ""
        var head = "\(request.method) \(request.path) HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nX-Agreement-Case: \(marker)\r\n"
        for header in request.headers { head += header + "\r\n" }
        if !request.headers.contains(where: { $0.lowercased().hasPrefix("transfer-encoding") }) {
            head += "Content-Length: \(body.utf8.count)\r\n"
        }
        let client = try RawHTTPClient(endpoint: proxy.endpoint)
        try client.send(head + "\r\n" + body)
        let answer = client.readUntilClose(timeout: .seconds(10)).text
        let statusLine = answer.prefix { $0 != "\r" }.split(separator: " ")
        return statusLine.count >= 2 ? Int(statusLine[1]) : nil
    }
}
