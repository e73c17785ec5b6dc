import NIOCore
import NIOPosix

/// One background probe of an upstream endpoint: connect (and the TLS handshake, behind TLS), send `GET path` on a
/// connection of its own, and read the status line. Healthy is a 2xx answer within `timeout`.
enum UpstreamProbe {
    static func get(
        _ path: String,
        from endpoint: UpstreamEndpoint,
        on eventLoop: EventLoop,
        timeout: TimeAmount
    ) -> EventLoopFuture<UpstreamPool.Health> {
        let done = eventLoop.makePromise(of: UpstreamPool.Health.self)
        let deadline = eventLoop.scheduleTask(in: timeout) {
            done.succeed(.init(healthy: false, detail: "probe timed out"))
        }
        endpoint.connect(on: eventLoop, timeout: timeout) { channel in
            try channel.pipeline.syncOperations.addHandler(ProbeHandler(path: path, result: done))
        }.whenComplete { result in
            switch result {
            case .success(let channel):
                done.futureResult.whenComplete { _ in channel.close(promise: nil) }
            case .failure(let error):
                done.succeed(.init(healthy: false, detail: "unreachable: \(error)"))
            }
        }
        return done.futureResult.map { status in
            deadline.cancel()
            return status
        }
    }
}

/// Sends `GET path` and reports whether the answer's status line is a 2xx. A promise succeeds once: later
/// outcomes (the close after the answer) are ignored.
private final class ProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let path: String
    private let result: EventLoopPromise<UpstreamPool.Health>
    private var received = ""

    init(path: String, result: EventLoopPromise<UpstreamPool.Health>) {
        self.path = path
        self.result = result
    }

    func channelActive(context: ChannelHandlerContext) {
        var request = context.channel.allocator.buffer(capacity: 96)
        request.writeString("GET \(self.path) HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
        context.writeAndFlush(self.wrapOutboundOut(request), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = self.unwrapInboundIn(data)
        self.received += buffer.readString(length: buffer.readableBytes) ?? ""
        if self.received.utf8.count >= 12 {
            let statusLine = self.received.prefix { $0 != "\r" && $0 != "\n" }
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            let healthy =
                parts.count >= 2 && (parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0") && parts[1].hasPrefix("2")
                && parts[1].count == 3
            self.result.succeed(.init(healthy: healthy, detail: healthy ? "reachable" : String(statusLine)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.result.succeed(.init(healthy: false, detail: "closed without answering"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        self.result.succeed(.init(healthy: false, detail: "probe failed: \(error)"))
        context.close(promise: nil)
    }
}
