import NIOCore
import NIOHTTP1
import SockguardPolicy

/// Response redaction (`response.*`): a successful JSON answer of a known shape (container inspect, volume list,
/// ...) is held until it ended, rewritten by `ResponseRedactor`, and sent with its new length. What cannot be
/// checked is never sent: an answer that is not JSON of the expected shape, or too large, becomes a 502.
extension ClientConnectionHandler {
    /// Larger answers are refused rather than relayed unredacted. A `docker ps -a` of 10,000 containers is
    /// about 20 MiB.
    static let maxRedactedResponse = 64 * 1024 * 1024

    /// Writes the rewritten head and body of the held answer; false when it failed the exchange instead.
    func sendRedactedResponse(_ exchange: inout Exchange, context: ChannelHandlerContext) -> Bool {
        guard let shape = exchange.redaction, var head = exchange.heldHead, let body = exchange.heldBody else {
            return true
        }
        exchange.heldHead = nil
        exchange.heldBody = nil
        self.state = .forwarding(exchange)
        var outcome: ResponseRedactor.Outcome
        do {
            // dockerd never compresses; a compressed answer is one sockguard cannot read.
            guard !head.headers.contains(name: "content-encoding") else {
                self.failUncheckedResponse("the answer is content-encoded")
                return false
            }
            let policy = self.resolvePolicy()
            let bytes = Array(body.readableBytesView)
            outcome = try policy.redactor.rewrite(bytes, shape: shape)
            if outcome == .hidden, !exchange.record.verdict.recordHidden(mode: policy.mode) {
                // Warn or audit: the object is shown (redacted), the log says it would have been hidden.
                outcome = try policy.redactor.rewrite(bytes, shape: shape, hidesObjects: false)
            }
        } catch {
            self.failUncheckedResponse("\(error)")
            return false
        }
        var output: ByteBuffer
        switch outcome {
        case .unchanged:
            output = body
        case .body(let bytes):
            output = context.channel.allocator.buffer(capacity: bytes.count)
            output.writeBytes(bytes)
        case .hidden:
            // Not visible to this client (response.visible_resource_labels, name_patterns, image_patterns): as if it
            // did not exist.
            head.status = .notFound
            head.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            output = context.channel.allocator.buffer(capacity: 64)
            output.writeString("{\"message\":\"No such object: not visible through sockguard\"}\n")
        }
        head.headers.remove(name: "Transfer-Encoding")
        head.headers.replaceOrAdd(name: "Content-Length", value: String(output.readableBytes))
        self.prepareResponseHead(&head, exchange: &exchange)
        exchange.responseStatus = Int(head.status.code)
        exchange.responseBytes = output.readableBytes
        self.state = .forwarding(exchange)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(output))), promise: nil)
        return true
    }
}

extension ClientConnectionHandler {
    /// A held answer sockguard could not check: a local 502, and nothing of the answer reaches the client.
    func failUncheckedResponse(_ why: String) {
        self.failExchange(
            .message(.badGateway, "sockguard: the Docker daemon's answer could not be checked: \(why)", close: true)
        )
    }
}
