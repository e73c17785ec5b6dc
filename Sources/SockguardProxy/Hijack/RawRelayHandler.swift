import NIOCore

/// Relays raw bytes between a hijacked client connection and its upstream connection
/// (`docker exec -i`, `docker attach`), one instance on each channel, paired.
///
/// Shaped after swift-nio-examples' connect-proxy GlueHandler, with two fixes the textbook version needs here:
/// - Half-close: when one side stops sending (`inputClosed`), the other side's output is closed only after
///   everything queued to it was written, by writing an empty buffer behind the data and shutting the output
///   when that write completes. `close()` would fail queued writes and lose the tail of the output.
/// - That drain is bounded: a peer that stopped reading (a killed `docker exec -i c cat < /dev/zero`) would
///   otherwise keep the connection open forever under backpressure. After `drainTimeout` it is force-closed.
///
/// Reads are only issued while the partner channel is writable, so a slow reader slows the writer down
/// instead of growing buffers.
final class RawRelayHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: RawRelayHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    private var closingOutput = false
    private let drainTimeout: TimeAmount
    /// Shared by the pair; nil when the relay has no inactivity limit.
    private let watchdog: RelayInactivityWatchdog?

    private init(drainTimeout: TimeAmount, watchdog: RelayInactivityWatchdog?) {
        self.drainTimeout = drainTimeout
        self.watchdog = watchdog
    }

    /// Two handlers that relay to each other: add one to each channel. With `watchdog`, a byte either way
    /// refreshes it; its expiry is the caller's to act on (`RelayInactivityWatchdog.start`).
    static func matchedPair(
        drainTimeout: TimeAmount = .seconds(5),
        watchdog: RelayInactivityWatchdog? = nil
    ) -> (RawRelayHandler, RawRelayHandler) {
        let first = RawRelayHandler(drainTimeout: drainTimeout, watchdog: watchdog)
        let second = RawRelayHandler(drainTimeout: drainTimeout, watchdog: watchdog)
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.partner = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.context = nil
        self.watchdog?.stop()
        self.partner?.partnerClosed()
        context.fireChannelInactive()
    }

    // MARK: Called by the partner

    private func partnerWrite(_ data: NIOAny) {
        self.context?.write(data, promise: nil)
    }

    private func partnerFlush() {
        self.context?.flush()
    }

    /// The partner's peer will send nothing more: finish our writes, then shut our output.
    private func partnerInputClosed() {
        self.drainThenClose(mode: .output)
    }

    /// The partner's channel is gone: finish our writes, then close.
    private func partnerClosed() {
        self.drainThenClose(mode: .all)
    }

    private func partnerBecameWritable() {
        if self.pendingRead {
            self.pendingRead = false
            self.context?.read()
        }
    }

    private var isWritable: Bool {
        self.context?.channel.isWritable ?? false
    }

    private func drainThenClose(mode: CloseMode) {
        guard let context = self.context, context.channel.isActive else { return }
        if mode == .output {
            guard !self.closingOutput else { return }
            self.closingOutput = true
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        let deadline = context.eventLoop.scheduleTask(in: self.drainTimeout) {
            channel.close(promise: nil)
        }
        written.futureResult.whenComplete { _ in
            deadline.cancel()
            channel.close(mode: mode, promise: nil)
        }
        context.writeAndFlush(NIOAny(context.channel.allocator.buffer(capacity: 0)), promise: written)
    }

    // MARK: Channel events

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.watchdog?.touch()
        self.partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.partner?.partnerFlush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            self.partner?.partnerInputClosed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            self.partner?.partnerBecameWritable()
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        guard let partner = self.partner, partner.context != nil else {
            // The partner is gone: keep reading (and dropping) so the peer is never blocked on a full buffer
            // while this side drains what was queued to it and closes.
            context.read()
            return
        }
        if partner.isWritable {
            context.read()
        } else {
            self.pendingRead = true
        }
    }
}

@available(*, unavailable)
extension RawRelayHandler: Sendable {}
