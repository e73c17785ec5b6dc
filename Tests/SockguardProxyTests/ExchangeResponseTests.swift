import NIOCore
import NIOHTTP1
import SockguardPolicy
import Testing

@testable import SockguardProxy

/// The response side of one forwarded request without a channel: dockerd's parts in, steps out.
@Suite("Exchange response steps")
struct ExchangeResponseTests {
    let allocator = ByteBufferAllocator()

    static func exchange(
        isHead: Bool = false,
        hijack: ForwardPlan.Hijack? = nil,
        redaction: ResponseShape? = nil
    ) -> Exchange {
        let exchange = ConnectionStateMachineTests.exchange(requestEnded: true)
        exchange.isHead = isHead
        exchange.hijack = hijack
        exchange.redaction = redaction
        return exchange
    }

    static func policy(
        _ redaction: ResponseRedaction = ResponseRedaction(),
        mode: RolloutMode = .enforce
    ) -> ClientPolicy {
        ClientPolicy(
            profile: nil,
            ruleSet: RuleSet([]),
            inspectors: InspectorRegistry(),
            mode: mode,
            redactor: ResponseRedactor(redaction)
        )
    }

    static func head(_ status: HTTPResponseStatus, _ headers: [(String, String)] = []) -> HTTPClientResponsePart {
        .head(HTTPResponseHead(version: .http1_1, status: status, headers: HTTPHeaders(headers)))
    }

    func receive(
        _ parts: [HTTPClientResponsePart],
        into exchange: inout Exchange,
        policy: ClientPolicy = Self.policy()
    ) -> [Exchange.ResponseStep] {
        parts.map { exchange.received($0, policy: policy, allocator: allocator) }
    }

    @Test("a plain answer: a 1xx passes, the head is stamped with the request's ids, body and end follow")
    func plain() throws {
        var exchange = Self.exchange()
        let steps = receive(
            [
                Self.head(.continue), Self.head(.ok, [("Content-Length", "2")]), .body(ByteBuffer(string: "ok")),
                .end(nil),
            ],
            into: &exchange
        )
        guard case .writeHead(let interim) = steps[0], case .writeHead(let head) = steps[1],
            case .writeBody(let body) = steps[2], case .finish(nil, nil, let close) = steps[3]
        else {
            Issue.record("\(steps)")
            return
        }
        #expect(interim.status == .continue)
        #expect(head.headers["X-Request-Id"] == [exchange.record.correlation.requestID])
        #expect(body.readableBytes == 2 && !close && exchange.responseBytes == 2 && exchange.responseStatus == 200)
    }

    @Test("the client connection closes after a close-delimited body, Connection: close, or an unfinished request")
    func closing() {
        var delimited = Self.exchange()
        let delimitedSteps = receive([Self.head(.ok), .end(nil)], into: &delimited)
        guard case .finish(_, _, true) = delimitedSteps[1] else {
            Issue.record("\(delimitedSteps)")
            return
        }
        var closing = Self.exchange()
        _ = receive([Self.head(.noContent, [("Connection", "close")])], into: &closing)
        #expect(closing.upstreamWillClose && closing.closeClientAfterResponse)
        var early = Self.exchange()
        early.requestEnded = false
        let earlySteps = receive([Self.head(.noContent), .end(nil)], into: &early)
        guard case .finish(_, _, true) = earlySteps[1] else {
            Issue.record("\(earlySteps)")
            return
        }
    }

    @Test("a HEAD answer loses Transfer-Encoding; a 204 or 304 keeps the connection")
    func headRequests() {
        var exchange = Self.exchange(isHead: true)
        let steps = receive([Self.head(.ok, [("Transfer-Encoding", "chunked")]), .end(nil)], into: &exchange)
        guard case .writeHead(let head) = steps[0], case .finish(_, _, false) = steps[1] else {
            Issue.record("\(steps)")
            return
        }
        #expect(!head.headers.contains(name: "transfer-encoding"))
    }

    @Test("hijacks: a 101 ends in the raw relay, shown as 200 to a legacy client; anything else closes")
    func hijacks() {
        var upgrade = Self.exchange(hijack: .upgrade)
        let steps = receive([Self.head(.switchingProtocols, [("Upgrade", "tcp")]), .end(nil)], into: &upgrade)
        guard case .writeHead(let head) = steps[0], case .switchToRawRelay = steps[1] else {
            Issue.record("\(steps)")
            return
        }
        #expect(head.status == .switchingProtocols && !head.headers.contains(name: "x-request-id"))
        var legacy = Self.exchange(hijack: .legacy)
        let legacySteps = receive([Self.head(.switchingProtocols, [("Upgrade", "tcp")])], into: &legacy)
        guard case .writeHead(let shown) = legacySteps[0] else {
            Issue.record("\(legacySteps)")
            return
        }
        #expect(shown.status == .ok && !shown.headers.contains(name: "upgrade"))
        var refused = Self.exchange(hijack: .upgrade)
        let refusedSteps = receive([Self.head(.notFound, [("Content-Length", "0")]), .end(nil)], into: &refused)
        guard case .finish(_, _, true) = refusedSteps[1] else {
            Issue.record("\(refusedSteps)")
            return
        }
    }

    static let container = #"{"Name":"/db","Config":{"Image":"postgres:16","Env":["PASSWORD=x"],"Labels":{}}}"#

    @Test("an answer to rewrite is held to its end, then sent rewritten with its new length")
    func rewritten() throws {
        var exchange = Self.exchange(redaction: .containerInspect)
        let steps = receive(
            [Self.head(.ok, [("Transfer-Encoding", "chunked")]), .body(ByteBuffer(string: Self.container)), .end(nil)],
            into: &exchange
        )
        guard case .hold = steps[0], case .hold = steps[1], case .finish(let head?, let body?, false) = steps[2] else {
            Issue.record("\(steps)")
            return
        }
        let text = String(buffer: body)
        #expect(text.contains("PASSWORD=<redacted>") && !text.contains("PASSWORD=x"))
        #expect(head.headers["Content-Length"] == ["\(body.readableBytes)"])
        #expect(!head.headers.contains(name: "transfer-encoding"))
    }

    @Test("a hidden object is a 404 in enforce mode and shown, redacted, as a would-be denial in warn mode")
    func hidden() {
        let visibility = ResponseRedaction(namePatterns: [NameGlob("web-*")!])
        for mode in [RolloutMode.enforce, .warn] {
            var exchange = Self.exchange(redaction: .containerInspect)
            let steps = receive(
                [Self.head(.ok), .body(ByteBuffer(string: Self.container)), .end(nil)],
                into: &exchange,
                policy: Self.policy(visibility, mode: mode)
            )
            guard case .finish(let head?, let body?, _) = steps[2] else {
                Issue.record("\(steps)")
                return
            }
            if mode == .enforce {
                #expect(head.status == .notFound && String(buffer: body).contains("No such object"))
                #expect(exchange.record.verdict.outcome == .deny)
            } else {
                #expect(head.status == .ok && String(buffer: body).contains("PASSWORD=<redacted>"))
                #expect(exchange.record.verdict.outcome == .wouldDeny)
            }
        }
    }

    @Test("what cannot be checked is never sent: a compressed or unreadable answer fails the exchange")
    func unchecked() {
        var compressed = Self.exchange(redaction: .containerInspect)
        let steps = receive(
            [Self.head(.ok, [("Content-Encoding", "gzip")]), .body(ByteBuffer(string: "x")), .end(nil)],
            into: &compressed
        )
        guard case .failUnchecked(let why) = steps[2] else {
            Issue.record("\(steps)")
            return
        }
        #expect(why.contains("content-encoded") && compressed.responseStatus == nil)
        var broken = Self.exchange(redaction: .containerInspect)
        let brokenSteps = receive([Self.head(.ok), .body(ByteBuffer(string: "{\"Env\":")), .end(nil)], into: &broken)
        guard case .failUnchecked = brokenSteps[2] else {
            Issue.record("\(brokenSteps)")
            return
        }
    }

    @Test("an error answer to a rewritten endpoint is relayed as it is")
    func errorsPass() {
        var exchange = Self.exchange(redaction: .containerInspect)
        let steps = receive(
            [Self.head(.notFound, [("Content-Length", "2")]), .body(ByteBuffer(string: "{}"))],
            into: &exchange
        )
        guard case .writeHead(let head) = steps[0], case .writeBody = steps[1] else {
            Issue.record("\(steps)")
            return
        }
        #expect(head.status == .notFound && exchange.redaction == nil)
    }
}
