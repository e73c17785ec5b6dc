import Logging
import NIOCore
import NIOHTTP1

/// Turns the client connection and its upstream connection into a raw two-way byte relay after dockerd answered a
/// hijack request with `101`. Performed on the upstream response's `.end`, not its `.head`: the response decoder
/// emits both and only then stops parsing.
///
/// The order matters:
/// 1. the end of the 101 is written and flushed while the HTTP encoder is still there (the caller does it);
/// 2. both encoders go (an HTTP encoder handed a raw ByteBuffer fails);
/// 3. the relay handlers come;
/// 4. the HTTP handlers and the connection handler go;
/// 5. the decoders go last: with `.forwardBytes` they pass on what they already buffered (container output right
///    behind the 101, early stdin) to the relay;
/// 6. half-closure is allowed and both sides read.
struct RawRelaySwitch {
    let client: ClientPipeline
    let upstream: UpstreamConnection
    let inactivityTimeout: TimeAmount
    let logger: Logger?
    let listener: String

    /// Rewires both pipelines; `context` is the client connection handler's, which leaves its pipeline.
    func perform(removing context: ChannelHandlerContext) {
        let clientChannel = context.channel
        let upstreamChannel = upstream.channel
        let clientOps = clientChannel.pipeline.syncOperations
        let upstreamOps = upstreamChannel.pipeline.syncOperations
        let watchdog = RelayInactivityWatchdog(timeout: inactivityTimeout, eventLoop: context.eventLoop)
        let (clientRelay, upstreamRelay) = RawRelayHandler.matchedPair(watchdog: watchdog)
        do {
            try clientOps.removeHandler(client.responseEncoder).wait0()
            try upstreamOps.removeHandler(upstream.requestEncoder).wait0()
            try clientOps.addHandler(clientRelay)
            try upstreamOps.addHandler(upstreamRelay)
            try clientChannel.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
            try upstreamChannel.syncOptions?.setOption(.allowRemoteHalfClosure, value: true)
            try upstreamOps.removeHandler(upstream.handler).wait0()
            try clientOps.removeHandler(context: context).wait0()
            try clientOps.removeHandler(client.requestDecoder).wait0()
            try upstreamOps.removeHandler(upstream.responseDecoder).wait0()
        } catch {
            clientChannel.close(promise: nil)
            upstreamChannel.close(promise: nil)
            return
        }
        let logger = self.logger
        let metadata: Logger.Metadata = [
            "listener": "\(listener)", "timeout": "\(Self.seconds(inactivityTimeout))s",
        ]
        watchdog.start {
            logger?.warning("hijack: closed after inactivity", metadata: metadata)
            clientChannel.close(promise: nil)
            upstreamChannel.close(promise: nil)
        }
        clientChannel.read()
        upstreamChannel.read()
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
