import NIOCore
import NIOHTTP1

extension ClientConnectionHandler: UpstreamDelegate {
    var clientIsWritable: Bool {
        self.context?.channel.isWritable ?? false
    }

    func upstreamResponse(_ part: HTTPClientResponsePart) {
        guard let context = self.context, case .forwarding(var exchange) = self.state else { return }
        switch part {
        case .head(var head):
            if head.status.code < 200 && head.status != .switchingProtocols {
                // 100 Continue and friends: pass on, the final head follows.
                context.write(self.wrapOutboundOut(.head(head)), promise: nil)
                return
            }
            if exchange.redaction != nil, head.status == .ok {
                // Held until its end, rewritten, then sent (see +Redaction). No status yet: a failure until
                // then is answered as a local 502.
                exchange.heldHead = head
                exchange.heldBody = context.channel.allocator.buffer(capacity: 0)
                self.state = .forwarding(exchange)
                return
            }
            exchange.redaction = nil
            self.prepareResponseHead(&head, exchange: &exchange)
            exchange.responseStatus = Int(head.status.code)
            self.state = .forwarding(exchange)
            context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        case .body(var buffer):
            if exchange.heldBody != nil {
                self.state = .done  // so appending does not copy the held body
                exchange.heldBody!.writeBuffer(&buffer)
                self.state = .forwarding(exchange)
                if exchange.heldBody!.readableBytes > Self.maxRedactedResponse {
                    self.failUncheckedResponse("larger than \(Self.maxRedactedResponse) bytes")
                }
                return
            }
            exchange.responseBytes += buffer.readableBytes
            self.state = .forwarding(exchange)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        case .end(let trailers):
            exchange.timeout?.cancel()
            exchange.timeout = nil
            exchange.responseEnded = true
            if exchange.switchingToRawRelay {
                self.state = .done
                // A hijacked session holds its limit slots until the connection closes, not until this 101.
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
                self.switchToRawRelay(context: context, responseEnd: trailers)
                return
            }
            if exchange.heldHead != nil {
                guard self.sendRedactedResponse(&exchange, context: context) else { return }
            }
            if !exchange.requestEnded {
                // dockerd answered before the request body ended: the rest of the body cannot be framed
                // into the next request, so this connection ends with this response.
                exchange.closeClientAfterResponse = true
            }
            self.finishResponse(exchange, trailers: trailers, context: context)
        }
    }

    /// Decides the framing of the response for the client. Both encoders pass framing headers through,
    /// so the proxy is transparent to Content-Length and chunking, with three exceptions handled here.
    func prepareResponseHead(_ head: inout HTTPResponseHead, exchange: inout Exchange) {
        if head.status != .switchingProtocols || exchange.hijack == .legacy {
            // Every answer but a relayed 101 names the request as the logs and the daemon know it.
            exchange.record.correlation.stamp(response: &head.headers)
        }
        if !MessageFraming.normalizeTransferEncoding(&head.headers) {
            // Not something dockerd sends; the decoder only accepted it as close-delimited.
            head.headers.remove(name: "Transfer-Encoding")
            exchange.closeClientAfterResponse = true
        }
        if head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" }) {
            exchange.upstreamWillClose = true
            exchange.closeClientAfterResponse = true
        }
        if let hijack = exchange.hijack {
            if head.status == .switchingProtocols {
                exchange.switchingToRawRelay = true
                if hijack == .legacy {
                    // The client did not ask for an upgrade: it expects `200 OK` followed by the raw stream.
                    head.status = .ok
                    head.headers.remove(name: "Connection")
                    head.headers.remove(name: "Upgrade")
                }
            } else {
                // The request ended HTTP parsing on this connection (the decoder stops after an upgrade
                // request), so whatever dockerd said instead (404, detached exec), the connection ends here.
                exchange.closeClientAfterResponse = true
            }
            return
        }
        if exchange.isHead {
            // A HEAD response has no body; a chunked header would make the encoder write a terminator.
            head.headers.remove(name: "Transfer-Encoding")
            return
        }
        let code = head.status.code
        let mayHaveBody = code != 204 && code != 304
        let chunked = head.headers.contains(name: "transfer-encoding")
        if mayHaveBody && !chunked && !head.headers.contains(name: "content-length") {
            // Close-delimited body: the client learns where it ends only when we close.
            exchange.closeClientAfterResponse = true
        }
    }

    func finishResponse(_ exchange: Exchange, trailers: HTTPHeaders?, context: ChannelHandlerContext) {
        let close = exchange.closeClientAfterResponse || !exchange.clientKeepAlive
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
