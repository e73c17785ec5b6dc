import NIOCore
import NIOHTTP1

/// Receiver of what happens on the upstream connection: the client connection's handler.
protocol UpstreamDelegate: AnyObject {
    func upstreamResponse(_ part: HTTPClientResponsePart)
    func upstreamReadComplete()
    func upstreamClosed()
    func upstreamWritabilityChanged()
    /// Whether the client can take more response bytes; upstream reads wait while it cannot.
    var clientIsWritable: Bool { get }
}

/// The last handler on an upstream (dockerd) connection: hands responses to the client side and sends
/// requests for it. Reads from dockerd are only issued while the client channel is writable.
final class UpstreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    weak var delegate: UpstreamDelegate?
    private var context: ChannelHandlerContext?
    private var pendingRead = false

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes one request part upstream without flushing.
    func send(_ part: HTTPClientRequestPart, promise: EventLoopPromise<Void>? = nil) {
        guard let context = self.context else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(self.wrapOutboundOut(part), promise: promise)
    }

    func flush() {
        self.context?.flush()
    }

    /// The client drained its buffers: resume reading from dockerd if we held a read back.
    func clientBecameWritable() {
        if self.pendingRead {
            self.pendingRead = false
            self.context?.read()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.delegate?.upstreamResponse(self.unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.delegate?.upstreamReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.delegate?.upstreamClosed()
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.delegate?.upstreamWritabilityChanged()
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A framing error from dockerd or a reset: the connection is unusable. channelInactive reports it.
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if self.delegate?.clientIsWritable ?? true {
            context.read()
        } else {
            self.pendingRead = true
        }
    }
}

@available(*, unavailable)
extension UpstreamHandler: Sendable {}
