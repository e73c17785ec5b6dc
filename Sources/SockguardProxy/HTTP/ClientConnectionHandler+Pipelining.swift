import NIOCore
import NIOHTTP1

/// Pipelining: a client may send the next request before the previous response arrived. Requests are handled
/// one at a time, so parts that arrive while a response is still owed wait in `queued` and are replayed, in
/// order, when it ended. A local 403 therefore never overtakes an earlier proxied response, and no two requests
/// ever share the upstream connection at once.
extension ClientConnectionHandler {
    /// Replays queued parts after a response ended, until the next request is again waiting for its answer.
    func replayQueuedRequests(context: ChannelHandlerContext) {
        while let part = self.machine.nextQueuedPart() {
            self.process(part, context: context)
        }
        switch self.machine.afterReplay() {
        case .answerMalformedRequest: self.answerMalformedRequest(context: context)
        case .resumeReads: self.resumeClientReads()
        case .wait: break
        }
    }

    /// The decoder rejected the bytes (conflicting Content-Length, CL+TE, bad chunking, oversized head...).
    /// Nothing of the bad request was handed to the proxy, so nothing of it was forwarded.
    func receivedMalformedRequest(context: ChannelHandlerContext) {
        switch self.machine.receivedMalformedRequest() {
        case .failExchange:
            self.failExchange(.message(.badRequest, "malformed HTTP request body", close: true))
            self.state = .done
            self.closeUpstream()
        case .closeAfterWrites:
            self.closeAfterPendingWrites(context: context)
        case .answerNow:
            self.answerMalformedRequest(context: context)
        case .answerLater, .ignore:
            break
        }
    }

    func answerMalformedRequest(context: ChannelHandlerContext) {
        let response = LocalResponse.message(.badRequest, "malformed HTTP request", close: true)
        self.state = .done
        self.writeLocalResponseAndClose(response, context: context)
    }
}
