import NIOCore
import NIOHTTP1
import SockguardPolicy

/// An allowed request as it is forwarded to dockerd (`ForwardPlan`): the canonical target, `chunked` in its one
/// spelling, the request's ids stamped, a legacy hijack's upgrade asked for, and a held body (or the plan's
/// replacement) sent whole behind the head.
struct UpstreamRequest {
    var head: HTTPRequestHead
    /// The whole body of a held request; nil when the body streams behind the head.
    var body: ByteBuffer?

    init(
        _ head: HTTPRequestHead,
        plan: ForwardPlan,
        correlation: RequestCorrelation,
        heldBody: ByteBuffer?,
        allocator: ByteBufferAllocator
    ) {
        var headers = head.headers
        // The decider refused any other framing: this only brings `chunked` to its one spelling.
        _ = MessageFraming.normalizeTransferEncoding(&headers)
        correlation.stamp(upstream: &headers)
        if plan.hijack == .legacy {
            headers.replaceOrAdd(name: "Connection", value: "Upgrade")
            headers.replaceOrAdd(name: "Upgrade", value: "tcp")
        }
        self.body = heldBody
        if heldBody != nil {
            if let replacement = plan.replacementBody {
                // Forwarded as a whole body of its new length.
                headers.remove(name: "Transfer-Encoding")
                headers.replaceOrAdd(name: "Content-Length", value: String(replacement.count))
                self.body = allocator.buffer(bytes: replacement)
            }
            // The body is complete and arrives right behind the head: the client's 100-continue was answered by
            // the proxy already.
            headers.remove(name: "Expect")
        }
        self.head = HTTPRequestHead(
            version: head.version,
            method: head.method,
            uri: plan.target.forwardTarget,
            headers: headers
        )
    }
}

extension Exchange {
    /// The exchange of a request forwarded as `plan` says; `bodyHeld` when its whole body goes with the head.
    convenience init(
        forwarding head: HTTPRequestHead,
        plan: ForwardPlan,
        record: RequestRecord,
        clientKeepAlive: Bool,
        bodyHeld: Bool
    ) {
        self.init(record: record, isHead: head.method == .HEAD, clientKeepAlive: clientKeepAlive)
        self.hijack = plan.hijack
        self.redaction = plan.redaction
        self.requestEnded = bodyHeld
    }
}
