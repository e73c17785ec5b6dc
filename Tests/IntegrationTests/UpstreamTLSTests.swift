import Foundation
import SockguardTestSupport
import Testing

/// The proxy in front of a daemon over TCP with mutual TLS (the shared daemon's own TLS listeners), failing
/// over between two endpoints when one goes away, and configured from `DOCKER_HOST` alone.
@Suite("upstream over TLS and failover")
struct UpstreamTLSTests {
    /// `tls:` for an endpoint reaching the shared daemon, verifying it against `caFile`.
    static func tlsYAML(_ daemon: DockerDaemonHarness, caFile: String? = nil) -> String {
        "{ ca_file: \"\(caFile ?? daemon.tlsAuthority.certFile)\", cert_file: \"\(daemon.tlsClient.certFile)\", "
            + "key_file: \"\(daemon.tlsClient.keyFile)\" }"
    }

    static func proxy(
        _ daemon: DockerDaemonHarness,
        endpoints: [String],
        failover: String = "",
        environment: [String: String] = [:]
    ) async throws -> ProxyProcess {
        try await ProxyProcess.start(
            config: { paths in
                """
                listen: \(paths.listenYAML)
                upstream:
                  endpoints:
                \(endpoints.map { "    - \($0)" }.joined(separator: "\n"))
                \(failover)
                rules:
                \(Fixtures.allowEverything)
                \(Fixtures.anyExec)
                """
            },
            environment: environment
        )
    }

    static func health(_ proxy: ProxyProcess) throws -> [String: Any] {
        let response = try #require(
            try RawHTTPClient.exchange("GET /health HTTP/1.1\r\nHost: t\r\n\r\n", with: proxy.endpoint)
        )
        return try #require(
            try JSONSerialization.jsonObject(with: Data(response.bodyText.utf8)) as? [String: Any]
        )
    }

    @Test("the proxy reaches the daemon with mutual TLS: plain, streaming and hijacked commands work")
    func throughTLS() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(
            daemon,
            endpoints: ["{ address: \"tcp://127.0.0.1:\(daemon.tlsPorts[0])\", tls: \(Self.tlsYAML(daemon)) }"]
        )
        Fixtures.expectSuccess(try daemon.docker(["version"], host: proxy.dockerHost))
        let container = try ScratchContainer(daemon, prefix: "uptls", command: ["sleep", "300"])
        let input = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0) })
        let echoed = try daemon.docker(["exec", "-i", container.name, "cat"], host: proxy.dockerHost, stdin: input)
        Fixtures.expectSuccess(echoed)
        #expect(echoed.stdout == input)
        let run = try daemon.docker(
            ["run", "--rm", "--network", "none", daemon.imageName, "echo", "over-tls"],
            host: proxy.dockerHost
        )
        #expect(run.stdoutText == "over-tls\n", "\(run)")
        #expect(try Self.health(proxy)["status"] as? String == "healthy")
    }

    @Test("a daemon certificate from another CA is refused: 502, unhealthy, nothing sent")
    func foreignDaemonCertificate() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let stranger = try TestCertificateAuthority(name: "not-the-daemons-ca")
        let proxy = try await Self.proxy(
            daemon,
            endpoints: [
                "{ address: \"tcp://127.0.0.1:\(daemon.tlsPorts[0])\", tls: \(Self.tlsYAML(daemon, caFile: stranger.certFile)) }"
            ]
        )
        let name = DockerDaemonHarness.uniqueName("foreign")
        let create = try RawHTTPClient.exchange(
            "POST /containers/create?name=\(name) HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}",
            with: proxy.endpoint,
            timeout: .seconds(10)
        )
        #expect(create?.statusCode == 502, "\(create?.bodyText ?? "no response")")
        #expect(try daemon.docker(["inspect", name]).status != 0, "the create reached the daemon")
        try await Task.sleep(for: .seconds(1))
        #expect(try Self.health(proxy)["status"] as? String == "unhealthy")
    }

    @Test("failover: a dead primary fails the request in flight once, the next goes to the secondary, recovery returns")
    func failover() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let forwarder = try TCPForwarder(to: daemon.tlsPorts[0])
        let primary = "{ address: \"tcp://127.0.0.1:\(forwarder.port)\", tls: \(Self.tlsYAML(daemon)) }"
        let secondary = "{ address: \"tcp://127.0.0.1:\(daemon.tlsPorts[1])\", tls: \(Self.tlsYAML(daemon)) }"

        // Without background probes, only a failed dial demotes the primary.
        let proxy = try await Self.proxy(
            daemon,
            endpoints: [primary, secondary],
            failover: "  failover: { health_interval: -1s, health_timeout: 2s }"
        )
        Fixtures.expectSuccess(try daemon.docker(["version"], host: proxy.dockerHost))
        #expect(forwarder.acceptedConnections >= 1, "the primary was not used first")

        forwarder.stop()
        let name = DockerDaemonHarness.uniqueName("failover")
        defer { _ = try? daemon.docker(["rm", "-f", name]) }
        let create =
            "POST /containers/create?name=\(name) HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(daemon.imageName.utf8.count + 12)\r\n\r\n{\"Image\":\"\(daemon.imageName)\"}"
        let failed = try RawHTTPClient.exchange(create, with: proxy.endpoint, timeout: .seconds(10))
        #expect(failed?.statusCode == 502, "\(failed?.bodyText ?? "no response")")
        #expect(try daemon.docker(["inspect", name]).status != 0, "the failed create was replayed elsewhere")
        let retried = try RawHTTPClient.exchange(create, with: proxy.endpoint, timeout: .seconds(10))
        #expect(retried?.statusCode == 201, "\(retried?.bodyText ?? "no response")")
        Fixtures.expectSuccess(try daemon.docker(["inspect", name]))
    }

    @Test("failover with background probes: the secondary serves while the primary is down, the primary returns")
    func recovery() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let forwarder = try TCPForwarder(to: daemon.tlsPorts[0])
        let proxy = try await Self.proxy(
            daemon,
            endpoints: [
                "{ address: \"tcp://127.0.0.1:\(forwarder.port)\", tls: \(Self.tlsYAML(daemon)) }",
                "{ address: \"tcp://127.0.0.1:\(daemon.tlsPorts[1])\", tls: \(Self.tlsYAML(daemon)) }",
            ],
            // A generous timeout: a loaded machine must not make the healthy secondary look dead too.
            failover: "  failover: { health_interval: 500ms, health_timeout: 5s }"
        )
        func active() throws -> String { try Self.health(proxy)["active"] as? String ?? "" }
        func waitUntil(_ condition: () throws -> Bool) async throws -> Bool {
            let deadline = Date().addingTimeInterval(45)
            while Date() < deadline {
                if try condition() { return true }
                try await Task.sleep(for: .milliseconds(200))
            }
            return try condition()
        }
        #expect(try await waitUntil { try active().contains(":\(forwarder.port)") })

        forwarder.stop()
        let failedOver = try await waitUntil { try active().contains(":\(daemon.tlsPorts[1])") }
        #expect(failedOver, "\((try? Self.health(proxy)) ?? [:])")
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))

        try forwarder.start()
        let recovered = try await waitUntil { try active().contains(":\(forwarder.port)") }
        #expect(recovered, "\((try? Self.health(proxy)) ?? [:])")
        let before = forwarder.acceptedConnections
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
        #expect(forwarder.acceptedConnections > before, "the recovered primary did not take its place back")
    }

    @Test("DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH alone configure a TLS upstream")
    func dockerHostDropIn() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let certs = try TemporaryDirectory(prefix: "sgcerts")
        try FileManager.default.copyItem(atPath: daemon.tlsAuthority.certFile, toPath: certs.appending("ca.pem"))
        try FileManager.default.copyItem(atPath: daemon.tlsClient.certFile, toPath: certs.appending("cert.pem"))
        try FileManager.default.copyItem(atPath: daemon.tlsClient.keyFile, toPath: certs.appending("key.pem"))
        let proxy = try await ProxyProcess.start(
            config: { paths in
                """
                listen: \(paths.listenYAML)
                rules:
                \(Fixtures.allowEverything)
                """
            },
            environment: [
                "DOCKER_HOST": "tcp://127.0.0.1:\(daemon.tlsPorts[0])",
                "DOCKER_TLS_VERIFY": "1",
                "DOCKER_CERT_PATH": certs.path,
                "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true",
            ]
        )
        Fixtures.expectSuccess(try daemon.docker(["version"], host: proxy.dockerHost))
        #expect(try Self.health(proxy)["active"] as? String == "tcp+tls://127.0.0.1:\(daemon.tlsPorts[0])")
    }
}
