import Foundation
import SockguardTestSupport
import Testing

/// The TCP listener with mutual TLS: `docker --tlsverify` works for every kind of command; no certificate, a
/// certificate from another CA, TLS 1.2, or a certificate the selectors refuse are turned away; certificates
/// rotate without a restart.
@Suite("mTLS listener")
struct ListenerTLSTests {
    struct Setup {
        let ca: TestCertificateAuthority
        let server: TestCertificateAuthority.Pair
        let client: TestCertificateAuthority.Pair
        let proxy: ProxyProcess
        let port: Int
    }

    /// A proxy on 127.0.0.1 with mutual TLS in front of the shared daemon, allowing everything. `serverFiles`
    /// replaces the server certificate and key files (for rotation).
    static func start(
        _ daemon: DockerDaemonHarness,
        selectors: String = "",
        ca: TestCertificateAuthority? = nil,
        serverFiles: (cert: String, key: String)? = nil
    ) async throws -> Setup {
        let ca = try ca ?? TestCertificateAuthority(name: "listener-ca")
        let server = try ca.issue("sockguard-proxy", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        let client = try ca.issue("ci-runner", client: true, dnsNames: ["ci.internal"], uris: ["spiffe://corp/ci"])
        let (cert, key) = serverFiles ?? (server.certFile, server.keyFile)
        let proxy = try await ProxyProcess.start(listen: .tcp) { paths in
            """
            listen:
              address: "127.0.0.1:\(paths.listen.port ?? 0)"
              tls:
                cert_file: "\(cert)"
                key_file: "\(key)"
                client_ca_file: "\(ca.certFile)"
            \(selectors)
            upstream: { socket: "\(daemon.socketPath)" }
            rules:
            \(Fixtures.allowEverything)
            \(Fixtures.anyExec)
            """
        }
        return Setup(ca: ca, server: server, client: client, proxy: proxy, port: proxy.paths.listen.port ?? 0)
    }

    /// The docker CLI over TLS with `client`'s certificate (or none), verifying the proxy against `caFile`.
    static func docker(
        _ daemon: DockerDaemonHarness,
        _ arguments: [String],
        port: Int,
        caFile: String,
        client: TestCertificateAuthority.Pair?,
        stdin: Data? = nil
    ) throws -> CommandResult {
        var tls = ["--tlsverify", "--tlscacert", caFile]
        if let client { tls += ["--tlscert", client.certFile, "--tlskey", client.keyFile] }
        return try daemon.run(
            DockerDaemonHarness.dockerCLI,
            tls + ["-H", "tcp://127.0.0.1:\(port)"] + arguments,
            environment: daemon.cliEnvironment(host: "tcp://127.0.0.1:\(port)"),
            stdin: stdin,
            timeout: .seconds(60)
        )
    }

    @Test("docker --tlsverify runs plain, streaming and hijacked commands through the mTLS listener")
    func dockerOverTLS() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let setup = try await Self.start(daemon)
        @Sendable func docker(_ arguments: [String], stdin: Data? = nil) throws -> CommandResult {
            try Self.docker(
                daemon,
                arguments,
                port: setup.port,
                caFile: setup.ca.certFile,
                client: setup.client,
                stdin: stdin
            )
        }
        Fixtures.expectSuccess(try docker(["version"]))
        let name = DockerDaemonHarness.uniqueName("tls")
        defer { _ = try? daemon.docker(["rm", "-f", name]) }
        // A live event stream over TLS that ends by itself (the daemon's event history keeps only its last 256
        // events, which the parallel suite can push out within seconds).
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        let until = String(Int(Date().timeIntervalSince1970) + 20)
        let events = BackgroundCommand {
            try docker([
                "events", "--since", since, "--until", until, "--filter", "container=\(name)", "--format",
                "{{.Action}}",
            ])
        }
        let run = try docker([
            "run", "-d", "--name", name, "--network", "none", daemon.imageName,
            "sh", "-c", "echo started; sleep 300",
        ])
        Fixtures.expectSuccess(run)
        let payload = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let echoed = try docker(["exec", "-i", name, "cat"], stdin: payload)
        Fixtures.expectSuccess(echoed)
        #expect(echoed.stdout == payload, "exec -i through TLS returned \(echoed.stdout.count) bytes")
        let logs = try docker(["logs", name])
        #expect(logs.stdoutText == "started\n", "\(logs)")
        #expect(try events.wait().stdoutText.contains("start"), "no start event over TLS")
        Fixtures.expectSuccess(try docker(["ps", "--filter", "name=\(name)"]))
        // A followed log stream over TLS, ending when the container does.
        let short = DockerDaemonHarness.uniqueName("tlslogs")
        defer { _ = try? daemon.docker(["rm", "-f", short]) }
        Fixtures.expectSuccess(
            try docker([
                "run", "-d", "--name", short, "--network", "none", daemon.imageName,
                "sh", "-c", "echo first; sleep 1; echo second",
            ])
        )
        let followed = try docker(["logs", "-f", short])
        #expect(followed.stdoutText == "first\nsecond\n", "\(followed)")
        // Attached run: create, attach (hijacked), start, wait, all over TLS.
        let attached = try docker(["run", "--rm", "--network", "none", daemon.imageName, "echo", "attached-over-tls"])
        #expect(attached.stdoutText == "attached-over-tls\n", "\(attached)")
    }

    @Test("no client certificate, a certificate from another CA, and TLS 1.2 are refused")
    func refusals() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let setup = try await Self.start(daemon)
        let none = try Self.docker(daemon, ["version"], port: setup.port, caFile: setup.ca.certFile, client: nil)
        #expect(none.status != 0, "\(none)")
        // The client half prints; the daemon's (`Engine:`) never arrived.
        #expect(!none.stdoutText.contains("Engine:"), "\(none)")

        let stranger = try TestCertificateAuthority(name: "other-ca")
        let foreign = try stranger.issue("ci-runner", client: true)
        let other = try Self.docker(daemon, ["version"], port: setup.port, caFile: setup.ca.certFile, client: foreign)
        #expect(other.status != 0, "\(other)")

        let tls12 = try daemon.run(
            "/usr/bin/openssl",
            [
                "s_client", "-connect", "127.0.0.1:\(setup.port)", "-tls1_2", "-CAfile", setup.ca.certFile,
                "-cert", setup.client.certFile, "-key", setup.client.keyFile,
            ],
            stdin: Data("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
            timeout: .seconds(20)
        )
        #expect(!tls12.stdoutText.contains("HTTP/1.1 200"), "TLS 1.2 was accepted: \(tls12)")
        // The proxy's daemon side saw none of them: the listener still works for the right client.
        Fixtures.expectSuccess(
            try Self.docker(daemon, ["version"], port: setup.port, caFile: setup.ca.certFile, client: setup.client)
        )
    }

    @Test("client-certificate selectors admit the named client and refuse another one from the same CA")
    func selectors() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let pinned = try await Self.start(
            daemon,
            selectors: """
                    common_names: ["ci-runner"]
                    uri_sans: ["spiffe://corp/ci"]
                """
        )
        Fixtures.expectSuccess(
            try Self.docker(daemon, ["version"], port: pinned.port, caFile: pinned.ca.certFile, client: pinned.client)
        )
        let intruder = try pinned.ca.issue("portainer", client: true, uris: ["spiffe://corp/ci"])
        let refused = try Self.docker(
            daemon,
            ["version"],
            port: pinned.port,
            caFile: pinned.ca.certFile,
            client: intruder
        )
        #expect(refused.status != 0, "\(refused)")
        let logged = pinned.proxy.stderrText
        #expect(logged.contains("client certificate refused"), "\(logged)")
    }

    /// The subject the listener presents now, as `openssl s_client` prints it.
    static func servedSubject(_ daemon: DockerDaemonHarness, _ setup: Setup) throws -> String {
        let result = try daemon.run(
            "/usr/bin/openssl",
            [
                "s_client", "-connect", "127.0.0.1:\(setup.port)", "-CAfile", setup.ca.certFile,
                "-cert", setup.client.certFile, "-key", setup.client.keyFile,
            ],
            stdin: Data(),
            timeout: .seconds(20)
        )
        return result.stdoutText.split(separator: "\n").first { $0.hasPrefix("subject=") }.map(String.init) ?? ""
    }

    @Test("a rotated certificate is served without a restart; a broken one keeps the old one serving")
    func rotation() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let ca = try TestCertificateAuthority(name: "rotation-ca")
        let first = try ca.issue("proxy-first", ipAddresses: ["127.0.0.1"])
        let scratch = try TemporaryDirectory(prefix: "sgrot")
        let cert = scratch.appending("server.pem")
        let key = scratch.appending("server-key.pem")
        try FileManager.default.copyItem(atPath: first.certFile, toPath: cert)
        try FileManager.default.copyItem(atPath: first.keyFile, toPath: key)
        let setup = try await Self.start(daemon, ca: ca, serverFiles: (cert, key))
        #expect(try Self.servedSubject(daemon, setup).contains("proxy-first"))

        // Rotation the way tools do it: new files moved into place.
        let second = try ca.issue("proxy-second", ipAddresses: ["127.0.0.1"])
        _ = rename(second.keyFile, key)
        _ = rename(second.certFile, cert)
        var subject = ""
        let deadline = Date().addingTimeInterval(45)
        while Date() < deadline {
            subject = try Self.servedSubject(daemon, setup)
            if subject.contains("proxy-second") { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        if !subject.contains("proxy-second") { subject = try Self.servedSubject(daemon, setup) }
        #expect(subject.contains("proxy-second"), "still serving \(subject)")

        // A broken certificate file: the second pair keeps serving, and the error is logged.
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: cert))
        try await Task.sleep(for: .seconds(3))
        #expect(try Self.servedSubject(daemon, setup).contains("proxy-second"))
        #expect(setup.proxy.stderrText.contains("listener certificates not reloaded"), "\(setup.proxy.stderrText)")
        Fixtures.expectSuccess(
            try Self.docker(daemon, ["version"], port: setup.port, caFile: setup.ca.certFile, client: setup.client)
        )
    }
}
