import NIOCore
import NIOHTTP1

extension ClientConnectionHandler {
    /// Turns the client connection and its upstream connection into a raw two-way byte relay after dockerd
    /// answered a hijack request with `101`. Called on the upstream response's `.end`, not its `.head`:
    /// the response decoder emits both and only then stops parsing.
    ///
    /// The order matters:
    /// 1. write and flush the end of the 101 while the HTTP encoder is still there;
    /// 2. remove both encoders (an HTTP encoder handed a raw ByteBuffer fails);
    /// 3. add the relay handlers;
    /// 4. remove the HTTP handlers and this handler;
    /// 5. remove the decoders last: with `.forwardBytes` they pass on what they already buffered (container
    ///    output right behind the 101, early stdin) to the relay;
    /// 6. allow half-closure and read on both sides.
    func switchToRawRelay(context: ChannelHandlerContext, responseEnd: HTTPHeaders?) {
        guard case .ready(let upstream) = self.upstream else {
            context.close(promise: nil)
            return
        }
        upstream.handler.delegate = nil
        self.upstream = .none
        context.writeAndFlush(self.wrapOutboundOut(.end(responseEnd)), promise: nil)

        let clientChannel = context.channel
        let clientOps = clientChannel.pipeline.syncOperations
        let upstreamOps = upstream.channel.pipeline.syncOperations
        let watchdog = RelayInactivityWatchdog(
            timeout: self.live.settings.hijackInactivityTimeout,
            eventLoop: context.eventLoop
        )
        let (clientRelay, upstreamRelay) = RawRelayHandler.matchedPair(watchdog: watchdog)
        do {
            try clientOps.removeHandler(self.pipeline.responseEncoder).wait0()
            try upstreamOps.removeHandler(upstream.requestEncoder).wait0()
            try clientOps.addHandler(clientRelay)
            try upstreamOps.addHandler(upstreamRelay)
            try clientChannel.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
            try upstream.channel.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
            try upstreamOps.removeHandler(upstream.handler).wait0()
            try clientOps.removeHandler(context: context).wait0()
            try clientOps.removeHandler(self.pipeline.requestDecoder).wait0()
            try upstreamOps.removeHandler(upstream.responseDecoder).wait0()
        } catch {
            clientChannel.close(promise: nil)
            upstream.channel.close(promise: nil)
            return
        }
        let timeout = self.live.settings.hijackInactivityTimeout
        let logger = self.shared.logger
        let listener = self.shared.listenerName
        let upstreamChannel = upstream.channel
        watchdog.start {
            logger?.warning(
                "hijack: closed after inactivity",
                metadata: ["listener": "\(listener)", "timeout": "\(Self.seconds(timeout))s"]
            )
            clientChannel.close(promise: nil)
            upstreamChannel.close(promise: nil)
        }
        clientChannel.read()
        upstream.channel.read()
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let value = Double(amount.nanoseconds) / 1e9
        return value == value.rounded() ? String(Int64(value)) : String(value)
    }
}

extension EventLoopFuture {
    /// Surfaces the failure of a pipeline operation that completes synchronously on the event loop.
    fileprivate func wait0() throws {
        var failure: Error?
        self.assumeIsolated().whenFailure { failure = $0 }
        if let failure { throw failure }
    }
}
