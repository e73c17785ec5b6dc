import NIOCore
import NIOHTTP1

/// Pipelining: a client may send the next request before the previous response arrived. Requests are handled
/// one at a time, so parts that arrive while a response is still owed wait in `queued` and are replayed, in
/// order, when it ended. A local 403 therefore never overtakes an earlier proxied response, and no two requests
/// ever share the upstream connection at once.
extension ClientConnectionHandler {
    /// True while a request was fully received and its response has not ended, or earlier parts still wait.
    var mustQueue: Bool {
        if !self.queued.isEmpty || self.pendingMalformedRequest { return true }
        return self.awaitingResponse
    }

    var awaitingResponse: Bool {
        switch self.state {
        case .forwarding(let exchange): exchange.requestEnded
        case .inspecting(let pending): pending.lookingUp
        default: false
        }
    }

    /// Replays queued parts after a response ended, until the next request is again waiting for its answer.
    func replayQueuedRequests(context: ChannelHandlerContext) {
        while !self.queued.isEmpty && !self.awaitingResponse {
            self.process(self.queued.removeFirst(), context: context)
        }
        if self.queued.isEmpty && !self.awaitingResponse && self.pendingMalformedRequest {
            self.pendingMalformedRequest = false
            self.answerMalformedRequest(context: context)
            return
        }
        if self.queued.isEmpty {
            self.resumeClientReads()
        }
    }

    /// The decoder rejected the bytes (conflicting Content-Length, CL+TE, bad chunking, oversized head...).
    /// Nothing of the bad request was handed to the proxy, so nothing of it was forwarded.
    func receivedMalformedRequest(context: ChannelHandlerContext) {
        switch self.state {
        case .forwarding(let exchange) where !exchange.requestEnded:
            // The body of a forwarded request is broken: dockerd has a partial request, so both sides go.
            self.failExchange(.message(.badRequest, "malformed HTTP request body", close: true))
            self.state = .done
            self.closeUpstream()
        case .answeredLocally:
            self.state = .done
            self.closeAfterPendingWrites(context: context)
        case .inspecting(let pending) where pending.lookingUp:
            // The request ended already; these bytes belong to a later one. Answer it in its place.
            self.pendingMalformedRequest = true
        case .inspecting(let pending):
            // Nothing of this request was forwarded: refuse it like any malformed request.
            pending.deadline?.cancel()
            self.state = .idle
            self.answerMalformedRequest(context: context)
        case .done:
            break
        case .idle, .forwarding:
            if self.mustQueue {
                // Answer it in its place, after the responses owed to earlier requests.
                self.pendingMalformedRequest = true
            } else {
                self.answerMalformedRequest(context: context)
            }
        }
    }

    func answerMalformedRequest(context: ChannelHandlerContext) {
        let response = LocalResponse.message(.badRequest, "malformed HTTP request", close: true)
        self.state = .done
        self.writeLocalResponseAndClose(response, context: context)
    }
}
