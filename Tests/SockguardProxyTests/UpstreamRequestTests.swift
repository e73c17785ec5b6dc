import NIOCore
import NIOHTTP1
import Testing

@testable import SockguardPolicy
@testable import SockguardProxy

/// What reaches dockerd for an allowed request, and what a refused one is answered, without a channel.
@Suite("UpstreamRequest and refusals")
struct UpstreamRequestTests {
    static func plan(_ path: String, replacement: [UInt8]? = nil, hijack: ForwardPlan.Hijack? = nil) -> ForwardPlan {
        ForwardPlan(
            target: CanonicalRequestTarget(path: path, apiVersion: "1.41", query: nil),
            replacementBody: replacement,
            hijack: hijack,
            isStream: false,
            redaction: nil
        )
    }

    static let correlation = ConnectionStateMachineTests.exchange().record.correlation

    @Test("the canonical target, chunked in one spelling, the request's ids, and a legacy hijack's upgrade")
    func head() {
        let head = HTTPRequestHead(
            version: .http1_1,
            method: .POST,
            uri: "/v1.41//containers/x/../c1/attach",
            headers: ["Transfer-Encoding": "Chunked"]
        )
        let request = UpstreamRequest(
            head,
            plan: Self.plan("/containers/c1/attach", hijack: .legacy),
            correlation: Self.correlation,
            heldBody: nil,
            allocator: ByteBufferAllocator()
        )
        #expect(request.head.uri == "/v1.41/containers/c1/attach")
        #expect(request.head.headers["Transfer-Encoding"] == ["chunked"])
        #expect(request.head.headers["Upgrade"] == ["tcp"] && request.head.headers["Connection"] == ["Upgrade"])
        #expect(request.head.headers["X-Request-Id"] == [Self.correlation.requestID])
        #expect(request.body == nil)
    }

    @Test("a held body goes whole behind the head, without Expect; a replacement brings its own length")
    func heldBody() {
        let head = HTTPRequestHead(
            version: .http1_1,
            method: .POST,
            uri: "/containers/create",
            headers: ["Transfer-Encoding": "chunked", "Expect": "100-continue"]
        )
        let replaced = UpstreamRequest(
            head,
            plan: Self.plan("/containers/create", replacement: Array("{\"a\":1}".utf8)),
            correlation: Self.correlation,
            heldBody: ByteBuffer(string: "{}"),
            allocator: ByteBufferAllocator()
        )
        #expect(replaced.head.headers["Content-Length"] == ["7"] && !replaced.head.headers.contains(name: "expect"))
        #expect(!replaced.head.headers.contains(name: "transfer-encoding"))
        #expect(replaced.body.map { String(buffer: $0) } == "{\"a\":1}")
        let kept = UpstreamRequest(
            head,
            plan: Self.plan("/containers/create"),
            correlation: Self.correlation,
            heldBody: ByteBuffer(string: "{}"),
            allocator: ByteBufferAllocator()
        )
        #expect(kept.body.map { String(buffer: $0) } == "{}" && kept.head.headers["Transfer-Encoding"] == ["chunked"])
    }

    @Test("a refusal is the message alone, or with method, redacted path and reason when verbose; throttles are Go's")
    func refusals() {
        let denial = Denial(reasonCode: .noMatchingAllowRule, message: "denied")
        let refusal = Refusal(denial: denial, path: "/secrets/db-password", closesConnection: false, reason: "no rule")
        #expect(LocalResponse.answering(refusal, method: "GET", verbose: false).body == "{\"message\":\"denied\"}\n")
        let verbose = LocalResponse.answering(refusal, method: "GET", verbose: true).body
        #expect(verbose.contains("\"method\":\"GET\"") && verbose.contains("\"reason\":\"no rule\""))
        #expect(!verbose.contains("db-password"))
        var throttled = Refusal(
            denial: Denial(status: 429, reasonCode: .rateLimitExceeded, message: "rate limit exceeded"),
            path: "/x",
            closesConnection: false
        )
        throttled.retryAfter = 3
        let answer = LocalResponse.answering(throttled, method: "GET", verbose: true)
        #expect(answer.body == "{\"reason\":\"rate_limit_exceeded\",\"retry_after_seconds\":3}\n")
        #expect(answer.retryAfter == 3 && answer.status == .tooManyRequests)
    }
}
