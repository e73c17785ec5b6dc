import Foundation
import SockguardTestSupport
import Testing

/// Each application preset, served by `SOCKGUARD_PRESET` in front of a ``RecordingUpstream``: the app's own
/// request sequence (`PresetReplay.all`) reaches the upstream, and every request the app never needs gets 403
/// without reaching it.
@Suite("presets replay their applications")
struct PresetReplayTests {
    /// Plausible daemon answers, so response filters (redaction, visibility) see the shapes they expect.
    static func answer(_ request: HTTPMessage) -> Data {
        // As dockerd answers HEAD /_ping: headers only.
        if request.method == "HEAD" { return Data("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8) }
        let path = String(request.target.prefix { $0 != "?" })
        let body: String
        if ["/containers/json", "/networks", "/services", "/tasks", "/nodes", "/images/json"]
            .contains(where: { path.hasSuffix($0) })
        {
            body = "[]"
        } else if path.hasSuffix("/json") {
            body = #"{"Id":"abc","Name":"/abc","Config":{"Labels":{},"Env":[]},"State":{"Running":true}}"#
        } else {
            body = "{}"
        }
        return RecordingUpstream.json(body)
    }

    static func raw(_ request: PresetReplay.Request) -> String {
        var head = "\(request.line) HTTP/1.1\r\nHost: docker\r\n"
        if let body = request.body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        }
        return head + "\r\n" + (request.body ?? "")
    }

    @Test(
        "every new preset has a replay",
        arguments: [
            "dozzle", "uptime-kuma", "netdata", "crowdsec", "promtail-alloy", "prometheus-docker-sd", "glances",
        ]
    )
    func covered(_ preset: String) {
        #expect(PresetReplay.all.contains { $0.preset == preset })
    }

    @Test(
        "the app's requests reach the upstream; the rest get 403 and never leave the proxy",
        arguments: PresetReplay.all
    )
    func replay(_ replay: PresetReplay) async throws {
        let upstream = try RecordingUpstream(responder: Self.answer)
        let proxy = try await ProxyProcess.start(
            environment: ["SOCKGUARD_PRESET": replay.preset, "SOCKGUARD_UPSTREAM_SOCKET": upstream.socketPath],
            listenFromEnvironment: true
        )
        for request in replay.allowed {
            let response = try #require(try RawHTTPClient.exchange(Self.raw(request), with: proxy.endpoint))
            #expect(
                response.statusCode == 200,
                "\(replay.preset): \(request.line) -> \(response.statusCode) \(response.bodyText)"
            )
            let arrived = upstream.requests.contains {
                $0.method == request.method && $0.target.prefix(while: { $0 != "?" }) == request.path
            }
            #expect(arrived, "\(replay.preset): \(request.line) did not reach the upstream")
        }
        let before = upstream.requests.count
        for request in replay.denied {
            let response = try #require(try RawHTTPClient.exchange(Self.raw(request), with: proxy.endpoint))
            // A path trick may be refused as malformed (400) before any rule is consulted.
            let trick = request.line.contains("..") || request.line.contains("%2e")
            #expect(
                response.statusCode == 403 || (trick && (400..<500).contains(response.statusCode)),
                "\(replay.preset): \(request.line) -> \(response.statusCode) \(response.bodyText)"
            )
        }
        let leaked = upstream.requests.dropFirst(before).filter { $0.target != "/_ping" }
        #expect(leaked.isEmpty, "\(replay.preset): reached the upstream: \(leaked.map(\.startLine))")
    }
}
