import NIOCore
import NIOHTTP1
import Testing

@testable import SockguardProxy

/// The connection's request lifecycle without a channel: events in, actions out.
@Suite("ConnectionStateMachine")
struct ConnectionStateMachineTests {
    static let head = HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/_ping"))

    static func exchange(requestEnded: Bool = false, responseEnded: Bool = false) -> Exchange {
        var ids = IdentifierGenerator()
        let record = RequestRecord(
            correlation: RequestCorrelation(headers: [:], ids: &ids),
            client: "unix",
            method: "GET",
            rawPath: "/",
            start: .now()
        )
        let exchange = Exchange(record: record, isHead: false, clientKeepAlive: true)
        exchange.requestEnded = requestEnded
        exchange.responseEnded = responseEnded
        return exchange
    }

    static func buffer(_ count: Int) -> ByteBuffer { ByteBuffer(repeating: 0x61, count: count) }

    @Test("an idle connection decides a head; one that is closing ignores it")
    func heads() {
        var machine = ConnectionStateMachine()
        #expect(machine.receivedHead() == .decide)
        machine.answeredLocally(close: true, closeNow: true)
        #expect(machine.receivedHead() == .ignore)
    }

    @Test("a locally answered request's body is dropped; past the discard limit the connection closes")
    func discard() {
        var machine = ConnectionStateMachine()
        machine.answeredLocally(close: true, closeNow: false)
        guard case .drop = machine.receivedBody(Self.buffer(1024)) else {
            Issue.record("the body was not dropped")
            return
        }
        guard case .closeAfterWrites = machine.receivedBody(Self.buffer(ConnectionStateMachine.maxDiscardedBody)) else {
            Issue.record("an unbounded body was read")
            return
        }
        #expect(machine.receivedHead() == .ignore)
    }

    @Test("a refused request's end closes or goes back to idle as its answer said")
    func localEnd() {
        var closing = ConnectionStateMachine()
        closing.answeredLocally(close: true, closeNow: false)
        check(closing.receivedEnd() == .closeAfterWrites)
        var keepAlive = ConnectionStateMachine()
        keepAlive.answeredLocally(close: false, closeNow: false)
        check(keepAlive.receivedEnd() == .none)
        #expect(keepAlive.receivedHead() == .decide)
    }

    @Test("a forwarded request's body and end go upstream; once its response ended, they are dropped")
    func forwarding() {
        var machine = ConnectionStateMachine()
        machine.state = .forwarding(Self.exchange())
        guard case .forward = machine.receivedBody(Self.buffer(10)) else {
            Issue.record("the body was not forwarded")
            return
        }
        #expect(!machine.awaitingResponse)
        check(machine.receivedEnd() == .forwardEnd)
        #expect(machine.awaitingResponse && machine.mustQueue)

        var answered = ConnectionStateMachine()
        answered.state = .forwarding(Self.exchange(responseEnded: true))
        guard case .drop = answered.receivedBody(Self.buffer(10)) else {
            Issue.record("a body after the response ended was forwarded")
            return
        }
        check(answered.receivedEnd() == .none)
    }

    @Test("parts arriving while a response is owed are queued and replayed in order once it ended")
    func pipelining() {
        var machine = ConnectionStateMachine()
        machine.state = .forwarding(Self.exchange(requestEnded: true))
        check(machine.queueIfOwed(Self.head))
        check(machine.queueIfOwed(.end(nil)))
        #expect(machine.holdsClientReads)
        check(machine.nextQueuedPart() == nil)
        machine.state = .idle
        guard case .head? = machine.nextQueuedPart(), case .end? = machine.nextQueuedPart() else {
            Issue.record("the queued parts did not come back in order")
            return
        }
        check(machine.nextQueuedPart() == nil)
        check(machine.afterReplay() == .resumeReads)
        check(!machine.queueIfOwed(Self.head))
    }

    @Test("malformed HTTP behind an owed response is answered after it; with none owed, at once")
    func malformed() {
        var owed = ConnectionStateMachine()
        owed.state = .forwarding(Self.exchange(requestEnded: true))
        check(owed.receivedMalformedRequest() == .answerLater)
        #expect(owed.holdsClientReads)
        owed.state = .idle
        check(owed.afterReplay() == .answerMalformedRequest)
        check(owed.afterReplay() == .resumeReads)

        var idle = ConnectionStateMachine()
        check(idle.receivedMalformedRequest() == .answerNow)

        var broken = ConnectionStateMachine()
        broken.state = .forwarding(Self.exchange())
        check(broken.receivedMalformedRequest() == .failExchange)

        var answered = ConnectionStateMachine()
        answered.answeredLocally(close: false, closeNow: false)
        check(answered.receivedMalformedRequest() == .closeAfterWrites)
    }
}

/// `#expect` for a condition whose evaluation mutates the machine (the macro cannot capture `inout` state).
private func check(_ condition: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(condition, sourceLocation: sourceLocation)
}
