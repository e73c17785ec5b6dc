import NIOCore
import NIOHTTP1

/// dockerd's answer to the forwarded request: `Exchange.received` decides what each part leads to; this performs it.
extension ClientConnectionHandler: UpstreamDelegate {
    var clientIsWritable: Bool {
        self.context?.channel.isWritable ?? false
    }

    func upstreamResponse(_ part: HTTPClientResponsePart) {
        guard let context = self.context, case .forwarding(let exchange) = self.state else { return }
        let step = exchange.received(part, policy: self.resolvePolicy(), allocator: context.channel.allocator)
        switch step {
        case .hold:
            break
        case .writeHead(let head):
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        case .writeBody(let buffer):
            context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        case .failUnchecked(let why):
            self.failExchange(
                .message(.badGateway, "sockguard: the Docker daemon's answer could not be checked: \(why)", close: true)
            )
        case .switchToRawRelay:
            exchange.timeout?.cancel()
            self.startRawRelay(exchange, responseEnd: part.trailers, context: context)
        case .finish(let head, let body, let close):
            exchange.timeout?.cancel()
            exchange.timeout = nil
            if let head { context.write(self.wrapOutboundOut(.head(head)), promise: nil) }
            if let body { context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
            self.finishResponse(exchange, trailers: part.trailers, close: close, context: context)
        }
    }

    /// dockerd's 101 ended: the connection becomes a raw relay; the request is logged now, and holds its limit
    /// slots until the connection closes.
    private func startRawRelay(_ exchange: Exchange, responseEnd: HTTPHeaders?, context: ChannelHandlerContext) {
        self.state = .done
        if let ticket = exchange.record.ticket {
            exchange.record.ticket = nil
            let limiter = self.shared.limiter
            context.channel.closeFuture.whenComplete { _ in limiter.release(ticket) }
        }
        self.logExchange(exchange, status: exchange.responseStatus ?? 101)
        if let metrics = self.shared.metrics {
            metrics.hijackStarted()
            context.channel.closeFuture.whenComplete { _ in metrics.hijackEnded() }
        }
        self.switchToRawRelay(context: context, responseEnd: responseEnd)
    }

    func finishResponse(_ exchange: Exchange, trailers: HTTPHeaders?, close: Bool, context: ChannelHandlerContext) {
        self.logExchange(exchange, status: exchange.responseStatus ?? 0)
        if exchange.upstreamWillClose {
            self.closeUpstream()
        }
        if close {
            self.state = .done
            let channel = context.channel
            context.writeAndFlush(self.wrapOutboundOut(.end(trailers))).whenComplete { _ in
                channel.close(promise: nil)
            }
            self.closeUpstream()
        } else {
            self.state = .idle
            context.writeAndFlush(self.wrapOutboundOut(.end(trailers)), promise: nil)
            self.replayQueuedRequests(context: context)
        }
    }

    func upstreamReadComplete() {
        self.touchKeepAlive()
        // Streams (events, logs -f, stats, wait) reach the client as soon as dockerd sends them.
        self.context?.flush()
    }

    func upstreamClosed() {
        self.upstream = .none
        guard case .forwarding(let exchange) = self.state, !exchange.responseEnded else { return }
        self.failExchange(.message(.badGateway, "sockguard: Docker daemon closed the connection", close: true))
    }

    func upstreamWritabilityChanged() {
        if case .ready(let connection) = self.upstream, connection.channel.isWritable {
            self.resumeClientReads()
        }
    }
}

extension HTTPClientResponsePart {
    /// The trailers of an end part; nil for any other part.
    var trailers: HTTPHeaders? {
        if case .end(let trailers) = self { return trailers }
        return nil
    }
}
