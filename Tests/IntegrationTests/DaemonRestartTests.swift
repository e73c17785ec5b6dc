import Foundation
import SockguardTestSupport
import Testing

/// Fault injection with a real daemon: dockerd stops and starts again under a running proxy. While it is down the
/// proxy answers 502 at once and keeps serving; once it is back, the very next request works, with no restart of
/// the proxy and no stale upstream connection in the way.
@Suite("the daemon restarts under the proxy")
struct DaemonRestartTests {
    @Test("down: 502 and the proxy stays up; back: the next request and the docker CLI work")
    func restart() async throws {
        // The shared daemon's docker CLI environment; this test stops and starts a daemon of its own.
        let shared = try await DockerDaemonHarness.shared()
        let daemon = try ScriptedDaemon(prefix: "sgrs")
        Fixtures.expectSuccess(try daemon.start())
        defer { daemon.purge() }
        let socket = daemon.socketPath
        let proxy = try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(socket)" }
            rules:
              - match: { method: "GET,HEAD", path: "/_ping" }
                action: allow
              - match: { method: GET, path: "/containers/json" }
                action: allow
              - match: { method: GET, path: "/version" }
                action: allow
            """
        }
        let list = "GET /v1.41/containers/json HTTP/1.1\r\nHost: docker\r\n\r\n"
        // Warm the proxy's upstream side: several requests, on one client connection and on fresh ones.
        let client = try RawHTTPClient(endpoint: proxy.endpoint)
        for _ in 0..<3 {
            try client.send(list)
            #expect(client.readResponse()?.statusCode == 200)
        }
        Fixtures.expectSuccess(try shared.docker(["ps"], host: proxy.dockerHost))

        Fixtures.expectSuccess(try daemon.stop())
        let started = ContinuousClock.now
        let down = try #require(try RawHTTPClient.exchange(list, with: proxy.endpoint, timeout: .seconds(10)))
        #expect(down.statusCode == 502, "\(down.bodyText)")
        #expect(ContinuousClock.now - started < .seconds(5), "a refused upstream answers at once")
        #expect(proxy.exitStatus == nil, "the proxy keeps running while the daemon is down")

        Fixtures.expectSuccess(try daemon.start())
        let direct = await waitUntil(timeout: .seconds(60)) {
            (try? RawHTTPClient.exchange("GET /_ping HTTP/1.1\r\nHost: d\r\n\r\n", with: .unix(socket)))??
                .statusCode == 200
        }
        try #require(direct, "the daemon did not come back")
        // The very next request through the proxy works: nothing pooled from before the restart is reused.
        let back = try #require(try RawHTTPClient.exchange(list, with: proxy.endpoint, timeout: .seconds(10)))
        #expect(back.statusCode == 200, "\(back.bodyText)")
        try client.send(list)
        #expect(client.readResponse()?.statusCode == 200, "the client connection kept from before works too")
        Fixtures.expectSuccess(try shared.docker(["ps"], host: proxy.dockerHost))
    }
}
