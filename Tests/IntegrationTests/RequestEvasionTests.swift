import Foundation
import SockguardTestSupport
import Testing

/// Requests crafted to make the proxy and the daemon disagree about what is being asked. Whatever the proxy
/// answers, a path its rules do not allow must never reach the upstream.
@Suite("evasion attempts never reach the upstream")
struct RequestEvasionTests {
    /// Only `GET /containers/**` is allowed; `/networks` is the forbidden target every case tries to reach.
    private func containersOnlyProxy() async throws -> (ProxyProcess, RecordingUpstream) {
        let upstream = try RecordingUpstream()
        let proxy = try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(upstream.socketPath)" }
            rules:
              - match: { method: "GET", path: "/containers/**" }
                action: allow
              - match: { method: "*", path: "/**" }
                action: deny
                reason: "only container reads"
            """
        }
        return (proxy, upstream)
    }

    @Test(
        "a path that resolves outside /containers is refused before it leaves the proxy",
        arguments: [
            "/containers/../networks",
            "/containers/%2e%2e/networks",
            "/containers/%2E%2E/networks",
            "/containers/x/..%2f..%2fnetworks",
            "/containers/x/%2e%2e%2f%2e%2e%2fnetworks",
            "/containers/..%5cnetworks",
            "/containers/%252e%252e/networks",
            "/containers/%c0%ae%c0%ae/networks",
            "/containers/json%00/../../networks",
            "/containers/json%0d%0aX:%20y/../../networks",
            "/v1.41/containers/../../networks",
            "/v1.41/v1.41/containers/json",
            "/Containers/json",
            "http://docker/networks",
            "//networks",
            "/containers/json#/../../networks",
        ]
    )
    func pathTricks(target: String) async throws {
        let (proxy, upstream) = try await containersOnlyProxy()
        let response = try #require(
            try RawHTTPClient.exchange("GET \(target) HTTP/1.1\r\nHost: docker\r\n\r\n", with: proxy.endpoint),
            "no response for \(target)"
        )
        #expect(
            (400..<500).contains(response.statusCode),
            "\(target) -> \(String(decoding: response.raw, as: UTF8.self))"
        )
        #expect(
            Fixtures.trafficExceptHealthProbes(upstream).isEmpty,
            "\(target) reached the upstream as:\n\(upstream.receivedText)"
        )
    }

    @Test("an allowed path in a tricky spelling is forwarded in its canonical form")
    func canonicalFormIsForwarded() async throws {
        let (proxy, upstream) = try await containersOnlyProxy()
        let response = try #require(
            try RawHTTPClient.exchange(
                "GET /v1.41/containers//x/./json/?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n",
                with: proxy.endpoint
            )
        )
        #expect(response.statusCode == 200)
        let traffic = Fixtures.trafficExceptHealthProbes(upstream).map { String(decoding: $0, as: UTF8.self) }
        #expect(traffic.count == 1)
        let requestLine = traffic.first?.components(separatedBy: "\r\n").first ?? ""
        #expect(requestLine.hasPrefix("GET "), "\(traffic)")
        #expect(!requestLine.contains("//") && !requestLine.contains("/./"), "forwarded: \(requestLine)")
        #expect(requestLine.contains("/containers/x/json"), "forwarded: \(requestLine)")
    }

    @Test(
        "a request smuggled inside an allowed request's body never reaches the upstream",
        arguments: [
            // Content-Length and Transfer-Encoding together (CL.TE / TE.CL).
            "GET /containers/json HTTP/1.1\r\nHost: docker\r\nContent-Length: 41\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /networks HTTP/1.1\r\nHost: docker\r\n\r\n",
            // Two different Content-Length values.
            "GET /containers/json HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\nContent-Length: 36\r\n\r\n"
                + "GET /networks HTTP/1.1\r\nHost: d\r\n\r\n",
            // An obfuscated Transfer-Encoding.
            "GET /containers/json HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: xchunked\r\nContent-Length: 36\r\n\r\n"
                + "GET /networks HTTP/1.1\r\nHost: d\r\n\r\n",
            // A pipelined second request: allowed to be processed, but as its own request, so it is denied.
            "GET /containers/json HTTP/1.1\r\nHost: docker\r\n\r\nGET /networks HTTP/1.1\r\nHost: docker\r\n\r\n",
        ]
    )
    func smuggling(request: String) async throws {
        let (proxy, upstream) = try await containersOnlyProxy()
        let client = try RawHTTPClient(endpoint: proxy.endpoint)
        try client.send(request)
        let answer = client.readUntilClose(timeout: .seconds(3))
        #expect(!answer.data.isEmpty, "the proxy should answer (or refuse), not hang up silently")
        #expect(
            !upstream.receivedText.contains("/networks"),
            "smuggled request reached the upstream:\n\(upstream.receivedText)\n--- proxy answered ---\n\(answer.text)"
        )
    }
}
