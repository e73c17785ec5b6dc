import NIOCore
import NIOHTTP1

/// The request side of one client connection as a value: which request is where (waiting, answered locally, held
/// for its body, forwarded), which parts wait behind it, and what each event from the client leads to. The channel
/// handler performs the actions it returns; the machine itself does no I/O, so it is tested without a channel.
///
/// At most one request is in flight. Parts that arrive while a response is still owed wait in `queued` and are
/// replayed in order when it ended, so a local 403 never overtakes an earlier proxied response.
struct ConnectionStateMachine {
    enum State {
        /// Waiting for a request head.
        case idle
        /// A local response was written; the request's body is read and dropped until its end. When the
        /// connection must close, it closes only then (or after `maxDiscardedBody` bytes): closing while the
        /// client is still sending makes its kernel reset the connection and the client never sees the answer.
        case answeredLocally(closeAfter: Bool, discarded: Int)
        /// The decider holds the request: its body is being read, or the daemon is being asked; nothing was
        /// forwarded yet.
        case inspecting(PendingInspection)
        /// The request was forwarded; its response is awaited or being relayed.
        case forwarding(Exchange)
        /// The connection became a raw byte relay, or is closing.
        case done
    }

    /// How much of a refused request's body is read (and dropped) so the client can read the refusal.
    static let maxDiscardedBody = 4 * 1024 * 1024

    var state = State.idle
    /// Parts of pipelined requests that arrived while a response was still owed; replayed in order.
    private(set) var queued = CircularBuffer<HTTPServerRequestPart>()
    /// Malformed HTTP behind a request still being answered: a 400 follows that answer, then the connection closes.
    private(set) var pendingMalformedRequest = false

    // MARK: Queueing

    /// True while a request was fully received and its response has not ended, or earlier parts still wait.
    var mustQueue: Bool {
        !queued.isEmpty || pendingMalformedRequest || awaitingResponse
    }

    /// A request was fully received and is not answered yet.
    var awaitingResponse: Bool {
        switch state {
        case .forwarding(let exchange): exchange.requestEnded
        case .inspecting(let pending): pending.lookingUp
        default: false
        }
    }

    /// Whether reads from the client wait: parts are queued, or a malformed request waits for its 400.
    var holdsClientReads: Bool { !queued.isEmpty || pendingMalformedRequest }

    /// A part from the client: queued (true) when a response is still owed, or to be processed now (false).
    mutating func queueIfOwed(_ part: HTTPServerRequestPart) -> Bool {
        guard mustQueue else { return false }
        queued.append(part)
        return true
    }

    /// The next queued part to process, while no response is owed.
    mutating func nextQueuedPart() -> HTTPServerRequestPart? {
        guard !queued.isEmpty, !awaitingResponse else { return nil }
        return queued.removeFirst()
    }

    enum AfterReplay: Equatable {
        /// A malformed request waited behind the answered ones: answer it now (400 and close).
        case answerMalformedRequest
        /// Nothing waits: read the next request.
        case resumeReads
        /// A response is owed again.
        case wait
    }

    /// What follows once no queued part can be processed now.
    mutating func afterReplay() -> AfterReplay {
        guard queued.isEmpty else { return .wait }
        guard !awaitingResponse else { return .resumeReads }
        if pendingMalformedRequest {
            pendingMalformedRequest = false
            return .answerMalformedRequest
        }
        return .resumeReads
    }

    // MARK: Events from the client

    enum HeadAction: Equatable {
        /// Ask the decider.
        case decide
        /// A request pipelined behind a response that closes the connection: never answered, and the responses
        /// already written must still reach the client, so it is not closed here either.
        case ignore
        /// A head while a request is in flight, which queueing rules out: close.
        case close
    }

    func receivedHead() -> HeadAction {
        switch state {
        case .idle: .decide
        case .done: .ignore
        case .answeredLocally, .forwarding, .inspecting: .close
        }
    }

    enum BodyAction {
        /// Send it upstream: the request was forwarded and its response has not ended.
        case forward(ByteBuffer)
        /// Add it to the held body.
        case hold(ByteBuffer)
        /// Drop it: the request was answered locally (or its response ended); never forwarded.
        case drop
        /// Too much of a refused request's body: close once the answer is written.
        case closeAfterWrites
    }

    mutating func receivedBody(_ buffer: ByteBuffer) -> BodyAction {
        switch state {
        case .forwarding(let exchange) where !exchange.responseEnded:
            return .forward(buffer)
        case .inspecting:
            return .hold(buffer)
        case .answeredLocally(true, let discarded):
            let total = discarded + buffer.readableBytes
            guard total <= Self.maxDiscardedBody else {
                state = .done
                return .closeAfterWrites
            }
            state = .answeredLocally(closeAfter: true, discarded: total)
            return .drop
        default:
            return .drop
        }
    }

    enum EndAction: Equatable {
        case none
        /// The refused request ended and the connection must close: once the answer is written.
        case closeAfterWrites
        /// The held body is complete: hand it to the decider.
        case bodyComplete
        /// Send the request's end upstream.
        case forwardEnd
    }

    mutating func receivedEnd() -> EndAction {
        switch state {
        case .answeredLocally(let closeAfter, _):
            state = closeAfter ? .done : .idle
            return closeAfter ? .closeAfterWrites : .none
        case .inspecting:
            return .bodyComplete
        case .forwarding(let exchange):
            exchange.requestEnded = true
            return exchange.responseEnded ? .none : .forwardEnd
        case .idle, .done:
            return .none
        }
    }

    enum MalformedAction: Equatable {
        /// The body of a forwarded request is broken: dockerd has a partial request, so both sides go.
        case failExchange
        /// The answered request's body is broken: close once the answer is written.
        case closeAfterWrites
        /// Answer 400 and close now.
        case answerNow
        /// Answer 400 after the responses still owed (`afterReplay`).
        case answerLater
        case ignore
    }

    /// The decoder rejected the bytes (conflicting Content-Length, CL+TE, bad chunking, oversized head...).
    mutating func receivedMalformedRequest() -> MalformedAction {
        switch state {
        case .forwarding(let exchange) where !exchange.requestEnded:
            return .failExchange
        case .answeredLocally:
            state = .done
            return .closeAfterWrites
        case .inspecting(let pending) where pending.lookingUp:
            // The request ended already; these bytes belong to a later one. Answer it in its place.
            pendingMalformedRequest = true
            return .answerLater
        case .inspecting(let pending):
            // Nothing of this request was forwarded: refuse it like any malformed request.
            pending.deadline?.cancel()
            state = .idle
            return .answerNow
        case .done:
            return .ignore
        case .idle, .forwarding:
            guard mustQueue else { return .answerNow }
            // Answer it in its place, after the responses owed to earlier requests.
            pendingMalformedRequest = true
            return .answerLater
        }
    }

    // MARK: Local answers

    /// A local answer was written: the rest of the request's body is dropped, and the connection closes after it
    /// when `close`; at once when `closeNow` (the client waits for `100 Continue` and will send nothing more).
    mutating func answeredLocally(close: Bool, closeNow: Bool) {
        state = closeNow ? .done : .answeredLocally(closeAfter: close, discarded: 0)
    }

    /// The connection goes away (or becomes a relay): returns the state it was in.
    mutating func finish() -> State {
        defer { state = .done }
        return state
    }
}
