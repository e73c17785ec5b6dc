import NIOHTTP1
import Testing
import W3CTraceContext

@testable import SockguardProxy

/// Request ids and W3C trace context without a socket: what is kept from the client, what the proxy makes.
@Suite struct RequestCorrelationTests {
    static let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    static func isLowerHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    @Test("a valid traceparent keeps its trace id and flags; the proxy's span replaces the parent's")
    func continuesTrace() {
        var ids = IdentifierGenerator()
        let correlation = RequestCorrelation(headers: ["traceparent": Self.parent, "tracestate": "a=1"], ids: &ids)
        #expect(correlation.trace.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(correlation.parentSpanID == "00f067aa0ba902b7")
        #expect(correlation.trace.spanID.description != "00f067aa0ba902b7")
        #expect(correlation.sampled)
        #expect(correlation.traceparent.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
        #expect(correlation.traceparent.hasSuffix("-01"))
        var upstream: HTTPHeaders = ["traceparent": Self.parent, "tracestate": "a=1", "X-Request-Id": "mine"]
        correlation.stamp(upstream: &upstream)
        #expect(upstream["traceparent"] == [correlation.traceparent])
        #expect(upstream["tracestate"] == ["a=1"])
        #expect(upstream["x-request-id"] == [correlation.requestID])
    }

    @Test(
        "a missing or invalid traceparent starts a new, unsampled trace and drops tracestate",
        arguments: [
            nil, "", "garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ] as [String?]
    )
    func startsTrace(_ traceparent: String?) {
        var headers: HTTPHeaders = ["tracestate": "a=1"]
        if let traceparent { headers.add(name: "traceparent", value: traceparent) }
        var ids = IdentifierGenerator()
        let correlation = RequestCorrelation(headers: headers, ids: &ids)
        #expect(correlation.parentSpanID == nil)
        #expect(correlation.trace.traceID.description != "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(!correlation.sampled)
        #expect(correlation.traceparent.hasSuffix("-00"))
        var upstream = headers
        correlation.stamp(upstream: &upstream)
        #expect(upstream["tracestate"].isEmpty)
        #expect(upstream["traceparent"] == [correlation.traceparent])
    }

    @Test("request ids are 32 lowercase hex characters, and distinct")
    func requestIDs() {
        var ids = IdentifierGenerator()
        var seen: Set<String> = []
        for _ in 0..<1000 {
            let correlation = RequestCorrelation(headers: [:], ids: &ids)
            #expect(Self.isLowerHex(correlation.requestID, count: 32), "\(correlation.requestID)")
            #expect(Self.isLowerHex(correlation.trace.spanID.description, count: 16))
            seen.insert(correlation.requestID)
        }
        #expect(seen.count == 1000)
        var other = IdentifierGenerator()
        #expect(!seen.contains(RequestCorrelation(headers: [:], ids: &other).requestID))
    }

    @Test(
        "the client's X-Request-Id is kept for the logs without control characters, at most 128 bytes",
        arguments: [
            ("abc-123", "abc-123"), ("a\u{1}b\u{7F}c\td", "abcd"), ("\u{1}\u{2}", nil),
            (String(repeating: "x", count: 300), String(repeating: "x", count: 128)),
        ] as [(String, String?)]
    )
    func clientRequestID(_ sent: String, _ kept: String?) {
        var ids = IdentifierGenerator()
        let correlation = RequestCorrelation(headers: ["X-Request-Id": sent], ids: &ids)
        #expect(correlation.clientRequestID == kept)
        #expect(correlation.requestID != sent)
    }

    @Test("ids are written as the W3C library writes them, and the traceparent header parses back")
    func hexMatchesTheLibrary() throws {
        var ids = IdentifierGenerator()
        for _ in 0..<200 {
            let trace = TraceID.random(using: &ids)
            let span = SpanID.random(using: &ids)
            #expect(RequestCorrelation.hex(trace.bytes) == trace.description)
            #expect(RequestCorrelation.hex(span.bytes) == span.description)
        }
        for flags: UInt8 in [0, 1, 0x0f, 0xff] {
            #expect(RequestCorrelation.hex(flags) == TraceFlags(rawValue: flags).description)
        }
        var headers = HTTPHeaders()
        headers.add(name: "traceparent", value: Self.parent)
        let correlation = RequestCorrelation(headers: headers, ids: &ids)
        let parsed = try TraceContext(traceParentHeaderValue: correlation.traceparent)
        #expect(parsed.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parsed.spanID.description == correlation.spanID)
        #expect(correlation.parentSpanID == "00f067aa0ba902b7")
        #expect(correlation.traceparent.hasSuffix("-01"))
    }
}
