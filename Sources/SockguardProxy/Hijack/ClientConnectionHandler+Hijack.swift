import NIOCore
import NIOHTTP1

extension ClientConnectionHandler {
    /// dockerd's 101 ended: the connection becomes a raw two-way byte relay (`RawRelaySwitch`).
    func switchToRawRelay(context: ChannelHandlerContext, responseEnd: HTTPHeaders?) {
        guard case .ready(let upstream) = self.upstream else {
            context.close(promise: nil)
            return
        }
        upstream.handler.delegate = nil
        self.upstream = .none
        context.writeAndFlush(self.wrapOutboundOut(.end(responseEnd)), promise: nil)
        RawRelaySwitch(
            client: self.pipeline,
            upstream: upstream,
            inactivityTimeout: self.live.settings.hijackInactivityTimeout,
            logger: self.shared.logger,
            listener: self.shared.listenerName
        ).perform(removing: context)
    }
}
