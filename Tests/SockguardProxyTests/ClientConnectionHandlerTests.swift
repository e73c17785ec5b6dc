import NIOCore
import SockguardPolicy
import Testing

@testable import SockguardProxy

/// The channel handler on an `EmbeddedChannel`: what the client receives, byte for byte, for requests the proxy
/// answers itself, and that none of them opens a connection to the daemon.
@Suite("ClientConnectionHandler on an EmbeddedChannel")
struct ClientConnectionHandlerTests {
    static let rules: RuleSet = {
        do {
            return RuleSet([
                Rule(methods: MethodMatcher(methods: ["GET", "HEAD"]), path: try GlobPattern("/_ping"), action: .allow),
                Rule(methods: MethodMatcher(methods: ["POST"]), path: try GlobPattern("/containers/create"), action: .allow),
                Rule(methods: .any, path: try GlobPattern("/**"), action: .deny, reason: "default deny"),
            ])
        } catch {
            preconditionFailure("the fixture's patterns compile: \(error)")
        }
    }()

    @Test("a denied request gets the verbose 403, the connection stays open, and the log says request_denied")
    func denied() throws {
        let proxy = try EmbeddedProxy(rules: Self.rules)
        try proxy.send("GET /v1.41/secrets/db?token=abc HTTP/1.1\r\nHost: docker\r\n\r\n")
        let body =
            #"{"message":"request denied by sockguard policy","method":"GET","path":"/secrets/<redacted>","#
            + #""reason_code":"matched_deny_rule","reason":"default deny"}"# + "\n"
        let entry = try #require(proxy.logEntries().first)
        let requestID = try #require(entry["request_id"] as? String)
        let trace = try #require(entry["trace_id"] as? String)
        let span = try #require(entry["trace_span_id"] as? String)
        #expect(
            try proxy.output()
                == "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
                + "Content-Length: \(body.utf8.count)\r\nX-Request-Id: \(requestID)\r\n"
                + "Traceparent: 00-\(trace)-\(span)-00\r\n\r\n" + body
        )
        #expect(proxy.channel.isActive)
        #expect(try !proxy.contactedUpstream)
        #expect(entry["msg"] as? String == "request_denied" && entry["decision"] as? String == "deny")
        #expect(entry["path"] as? String == "/v1.41/secrets/<redacted>")
        #expect(entry["rule"] as? Int == 2 && entry["status"] as? Int == 403)
    }

    @Test("pipelined denials are answered in order on the same connection")
    func pipelined() throws {
        let proxy = try EmbeddedProxy(rules: Self.rules, verbosity: .minimal)
        try proxy.send("GET /info HTTP/1.1\r\nHost: d\r\n\r\nDELETE /containers/x HTTP/1.1\r\nHost: d\r\n\r\n")
        let output = try proxy.output()
        #expect(output.components(separatedBy: "HTTP/1.1 403 Forbidden").count == 3, "\(output)")
        #expect(proxy.logEntries().count == 2)
        #expect(try !proxy.contactedUpstream)
    }

    @Test("a path that is not canonical is a 400 and the connection closes")
    func invalidPath() throws {
        let proxy = try EmbeddedProxy(rules: Self.rules)
        try proxy.send("GET /containers/%252e%252e/json HTTP/1.1\r\nHost: d\r\n\r\n")
        let output = try proxy.output()
        #expect(output.hasPrefix("HTTP/1.1 400 Bad Request\r\n") && output.contains("Connection: close\r\n"))
        #expect(!proxy.channel.isActive)
    }

    @Test("the health check is answered by the proxy: unhealthy before the daemon was probed")
    func health() throws {
        let proxy = try EmbeddedProxy(rules: Self.rules)
        try proxy.send("GET /health HTTP/1.1\r\nHost: d\r\n\r\n")
        let output = try proxy.output()
        #expect(output.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(output.contains(#""status":"unhealthy""#))
        #expect(try !proxy.contactedUpstream)
    }

    @Test("an inspected create with Expect: 100-continue gets 100 from the proxy, then its body's refusal")
    func continueThenRefuse() throws {
        let proxy = try EmbeddedProxy(rules: Self.rules, verbosity: .minimal)
        let body = #"{"Image":"busybox","HostConfig":{"Privileged":true}}"#
        try proxy.send(
            "POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n"
        )
        #expect(try proxy.output() == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(try !proxy.contactedUpstream)
        try proxy.send(body)
        let output = try proxy.output()
        #expect(output.hasPrefix("HTTP/1.1 403 Forbidden\r\n") && output.contains("privileged"), "\(output)")
        // The whole body was read: the connection carries the next request.
        #expect(proxy.channel.isActive)
        #expect(try !proxy.contactedUpstream)
        try proxy.send("GET /info HTTP/1.1\r\nHost: d\r\n\r\n")
        #expect(try proxy.output().hasPrefix("HTTP/1.1 403 Forbidden\r\n"))
    }

    @Test("a body declared larger than the inspection limit is refused with 413 before it is read")
    func tooLarge() throws {
        let proxy = try EmbeddedProxy(rules: Self.rules, verbosity: .minimal)
        try proxy.send(
            "POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: \(InspectorRegistry.containerCreateBodyLimit + 1)\r\n\r\n"
        )
        let output = try proxy.output()
        #expect(output.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n") && output.contains("Connection: close"))
        #expect(try !proxy.contactedUpstream)
    }

    @Test("malformed HTTP is a 400 and a close; nothing of it is forwarded")
    func malformed() throws {
        let proxy = try EmbeddedProxy(rules: Self.rules)
        try proxy.send("GET /_ping HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
        let output = try proxy.output()
        #expect(output.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(output)")
        #expect(!proxy.channel.isActive)
        #expect(try !proxy.contactedUpstream)
    }
}
