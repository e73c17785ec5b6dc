import Foundation
import SockguardTestSupport
import Testing

/// One `sockguard serve` process in front of one `RecordingUpstream`, owned by a single test.
///
/// The proxy's health monitor probes the upstream with its own `GET /_ping` at startup and every 5 s. Those
/// connections are set aside by ``forwardedConnections`` so a deny test can still account for every other byte.
struct ProxyFixture {
    /// The exact bytes of the proxy's health probe (`HealthMonitor`), on a connection of its own.
    static let healthProbe = Data("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".utf8)

    /// The policy of the brief: ping and container reads allowed, everything else denied by rule 2.
    static let readOnlyRules = """
        rules:
          - match: { method: "GET,HEAD", path: "/_ping" }
            action: allow
          - match: { method: "GET", path: "/containers/**" }
            action: allow
          - match: { method: "*", path: "/**" }
            action: deny
            reason: "default deny"
        """

    /// ``readOnlyRules`` plus `POST /containers/create`, for body-forwarding tests.
    static let createAllowedRules = """
        rules:
          - match: { method: "GET,HEAD", path: "/_ping" }
            action: allow
          - match: { method: "GET", path: "/containers/**" }
            action: allow
          - match: { method: "POST", path: "/containers/create" }
            action: allow
          - match: { method: "*", path: "/**" }
            action: deny
            reason: "default deny"
        """

    /// The recording upstream answers `{}` to everything, which is not a container list: tests of the data path
    /// switch response redaction off (ResponseRedactionProxyTests switch it on).
    static let noRedaction =
        "redact_container_env: false, redact_mount_paths: false, redact_sensitive_data: false, "
        + "redact_network_topology: false"

    let upstream: RecordingUpstream
    let proxy: ProxyProcess

    /// Starts a recording upstream and a proxy pointed at it.
    ///
    /// - Parameters:
    ///   - upstreamSocket: overrides the upstream socket (e.g. a path where nothing listens).
    ///   - extraYAML: more top-level YAML (e.g. a `listen:` with `socket_mode`).
    static func start(
        rules: String = readOnlyRules,
        verbosity: String = "verbose",
        listen: ProxyProcess.Listen = .unixSocket,
        upstreamSocket: String? = nil,
        listenYAML: ((ProxyProcess.Paths) -> String)? = nil,
        requestTimeout: String = "60s",
        redaction: String = noRedaction,
        responder: (@Sendable (HTTPMessage) -> Data)? = nil
    ) async throws -> ProxyFixture {
        let upstream =
            if let responder { try RecordingUpstream(responder: responder) } else { try RecordingUpstream() }
        let upstreamPath = upstreamSocket ?? upstream.socketPath
        let proxy = try await ProxyProcess.start(listen: listen) { paths in
            """
            listen: \(listenYAML?(paths) ?? paths.listenYAML)
            upstream: { socket: "\(upstreamPath)", request_timeout: "\(requestTimeout)" }
            \(rules)
            response: { deny_verbosity: \(verbosity), \(redaction) }
            """
        }
        return ProxyFixture(upstream: upstream, proxy: proxy)
    }

    /// A new raw connection to the proxy.
    func connect() throws -> RawHTTPClient {
        try RawHTTPClient(endpoint: proxy.endpoint)
    }

    /// Bytes of every upstream connection except the proxy's own health probes.
    ///
    /// A connection whose bytes are a prefix of the probe (including a probe accepted but not yet written) counts
    /// as a probe; test requests use `Host: t`, so none of them is ever a prefix of the probe.
    var forwardedConnections: [Data] {
        upstream.connectionBytes.filter { !Self.healthProbe.starts(with: $0) }
    }

    /// `forwardedConnections` with the ids the proxy adds to every forwarded request (`X-Request-Id`, `Traceparent`,
    /// random per request) taken out, so a test can compare the rest byte for byte. A connection that carries a
    /// request without exactly one of each is left as it is, and so fails the comparison.
    var forwardedConnectionsWithoutIDs: [Data] {
        forwardedConnections.map { bytes in
            var text = String(decoding: bytes, as: UTF8.self)
            for name in ["X-Request-Id", "Traceparent"] {
                guard let start = text.range(of: "\r\n\(name): "),
                    let end = text.range(of: "\r\n", range: start.upperBound..<text.endIndex)
                else { return bytes }
                text.removeSubrange(start.lowerBound..<end.lowerBound)
            }
            return Data(text.utf8)
        }
    }

    /// Every forwarded byte, as text, for messages.
    var forwardedText: String {
        forwardedConnections.map { String(decoding: $0, as: UTF8.self) }.joined(
            separator: "\n--- next connection ---\n"
        )
    }

    /// The complete requests the upstream parsed, without health probes.
    var forwardedRequests: [HTTPMessage] {
        upstream.requests.filter { $0.raw != Self.healthProbe }
    }

    /// Gives a forward that is already under way time to reach the upstream before a test checks it saw nothing.
    static func settle() async throws {
        try await Task.sleep(for: .milliseconds(300))
    }
}

/// Sends `bytes`, reads everything until the proxy closes or `timeout` passes.
func exchangeUntilClose(
    _ fixture: ProxyFixture,
    _ bytes: Data,
    timeout: Duration = .seconds(3)
)
    throws -> RawHTTPClient.ReadOutcome
{
    let client = try fixture.connect()
    try client.send(bytes)
    return client.readUntilClose(timeout: timeout)
}

/// The status code of the first status line in `data`, or 0.
func firstStatus(_ data: Data) -> Int {
    let text = String(decoding: data, as: UTF8.self)
    let line = text.prefix { $0 != "\r" && $0 != "\n" }
    let parts = line.split(separator: " ", maxSplits: 2)
    guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return 0 }
    return Int(parts[1]) ?? 0
}

/// The status code of every status line in `data`, in order.
///
/// A status line may follow a body directly (`{}HTTP/1.1 200 OK`), so this scans for `HTTP/1.x NNN ` anywhere;
/// the tests' bodies never contain that text.
func statusCodes(of data: Data) -> [Int] {
    let bytes = Array(data)
    let prefix = Array("HTTP/1.".utf8)
    var codes: [Int] = []
    var index = 0
    while index + prefix.count + 5 <= bytes.count {
        if Array(bytes[index..<(index + prefix.count)]) == prefix {
            let digits = bytes[(index + prefix.count + 2)..<(index + prefix.count + 5)]
            if bytes[index + prefix.count + 1] == UInt8(ascii: " "),
                let code = Int(String(decoding: digits, as: UTF8.self))
            {
                codes.append(code)
            }
            index += prefix.count
        } else {
            index += 1
        }
    }
    return codes
}

/// The body of `message` as a JSON object.
func jsonObject(_ message: HTTPMessage) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: message.body)
    return try #require(object as? [String: Any], "body is not a JSON object: \(message.bodyText)")
}

extension Data {
    /// `self` with bytes shown as Swift escapes, for messages about exact wire bytes.
    var escaped: String {
        String(decoding: self, as: UTF8.self).debugDescription
    }
}
