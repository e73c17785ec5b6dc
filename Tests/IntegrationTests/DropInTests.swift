import Foundation
import SockguardTestSupport
import Testing

/// What a user moving from the Go sockguard or Tecnativa runs first: its quick start, its listen forms, and its
/// hardened container (`cap_drop: [ALL]`).
@Suite("drop-in: the Go quick start, listen forms and a capability-less proxy")
struct DropInTests {
    /// Every TCP form `validate` accepts binds in `serve`: `:P` and `0.0.0.0:P` (every IPv4 interface), `[::]:P`
    /// (every interface), names and loopback addresses. A request on 127.0.0.1 gets an answer from the proxy.
    @Test("every listen address validate accepts is bound by serve", arguments: [":", "0.0.0.0:", "[::]:", "127.0.0.1:", "localhost:"])
    func listenForms(_ prefix: String) async throws {
        let port = SocketEndpoint.freeTCPPort()
        let environment = [
            "SOCKGUARD_LISTEN_ADDRESS": "\(prefix)\(port)",
            "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP": "true",
            "SOCKGUARD_UPSTREAM_SOCKET": "/nonexistent/docker.sock",
        ]
        let validated = try ProxyProcess.run(arguments: ["validate"], environment: environment)
        #expect(validated.status == 0, "\(validated)")
        let proxy = try await ProxyProcess.start(listen: .endpoint(.tcp(port: port)), environment: environment)
        let answer = try #require(try RawHTTPClient.exchange("GET /version HTTP/1.1\r\nHost: x\r\n\r\n", with: proxy.endpoint))
        // The proxy answered (502: there is no daemon behind it), so it bound and serves.
        #expect(answer.statusCode == 502, "\(answer.statusCode)")
    }

    @Test("a listen address validate refuses is refused by serve too, naming the key")
    func unresolvableListenHost() throws {
        let environment = ["SOCKGUARD_LISTEN_ADDRESS": "no-such-host.invalid:2375", "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP": "true"]
        for command in [["validate"], ["serve"]] {
            let result = try ProxyProcess.run(arguments: command, environment: environment)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderrText.contains("SOCKGUARD_LISTEN_ADDRESS"), "\(result)")
            #expect(result.stderrText.contains("does not resolve"), "\(result)")
        }
    }

    @Test("the Go sockguard quick start runs as written: :2375 form, plaintext acknowledged, CONTAINERS IMAGES EVENTS")
    func goQuickStart() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let port = SocketEndpoint.freeTCPPort()
        let proxy = try await ProxyProcess.start(
            listen: .endpoint(.tcp(port: port)),
            environment: [
                "SOCKGUARD_LISTEN_ADDRESS": ":\(port)",
                "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP": "true",
                "CONTAINERS": "1", "IMAGES": "1", "EVENTS": "1",
                // The compose file mounts the socket at the default path; here the test daemon's is elsewhere.
                "SOCKET_PATH": daemon.socketPath,
            ]
        )
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["images"], host: proxy.dockerHost))
        let run = try daemon.docker(["run", "--rm", daemon.imageName, "true"], host: proxy.dockerHost)
        #expect(!run.succeeded)
        #expect(run.stderrText.contains(Fixtures.deniedMessage), "\(run)")
    }

    /// `cap_drop: [ALL]` leaves no CAP_NET_ADMIN. Setting TCP_NODELAY at the socket level (SO_DEBUG) needs it and
    /// failed every connection; at the TCP level it needs nothing. The upstream is the daemon's TLS port, so both
    /// the client's and the daemon's connection are TCP.
    @Test("without CAP_NET_ADMIN the docker CLI works through the proxy, with TCP_NODELAY on both sides")
    func withoutNetAdmin() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let setpriv = try #require(DockerDaemonHarness.findExecutable("setpriv"), "setpriv (util-linux) is needed")
        let upstreamPort = daemon.tlsPorts[0]
        let proxy = try await ProxyProcess.start(
            listen: .tcp,
            config: { paths in
                """
                listen: \(paths.listenYAML)
                upstream:
                  endpoints:
                    - { address: "tcp://127.0.0.1:\(upstreamPort)", tls: \(UpstreamTLSTests.tlsYAML(daemon)) }
                rules:
                \(Fixtures.allowEverything)
                \(Fixtures.blindWritesOptIn)
                """
            },
            wrapper: [setpriv, "--inh-caps=-net_admin", "--bounding-set=-net_admin", "--"]
        )
        let status = try String(contentsOfFile: "/proc/\(proxy.processID)/status", encoding: .utf8)
        let effective = try #require(status.split(separator: "\n").first { $0.hasPrefix("CapEff:") })
        let capabilities = try #require(UInt64(effective.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16))
        #expect(capabilities & (1 << 12) == 0, "the proxy still has CAP_NET_ADMIN: \(effective)")

        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
        // A stream that holds both connections open until it ends by itself.
        let until = Int(Date().timeIntervalSince1970) + 8
        let events = BackgroundCommand { try daemon.docker(["events", "--until", "\(until)"], host: proxy.dockerHost) }
        let proxyPort = try #require(proxy.endpoint.port)
        var connections: [TCPSocketProbe.Connection] = []
        _ = try await waitUntil(timeout: .seconds(8)) {
            connections = try TCPSocketProbe.connections(ofProcess: proxy.processID)
            return connections.contains { $0.localPort == proxyPort } && connections.contains { $0.peerPort == upstreamPort }
        }
        let client = connections.filter { $0.localPort == proxyPort }
        let upstream = connections.filter { $0.peerPort == upstreamPort }
        #expect(!client.isEmpty && !upstream.isEmpty, "\(connections)")
        #expect(client.allSatisfy { $0.noDelay }, "client side: \(client)")
        #expect(upstream.allSatisfy { $0.noDelay }, "upstream side: \(upstream)")
        Fixtures.expectSuccess(try events.wait())
    }
}
