import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The cached answer of `/health`: a background probe (`GET /_ping` on the upstream socket) refreshes it every
/// `interval`, so a burst of health checks never turns into a burst of connections to dockerd.
final class HealthMonitor: Sendable {
    struct Status: Sendable {
        var healthy: Bool
        var detail: String
    }

    private let socketPath: String
    private let state = NIOLockedValueBox(Status(healthy: false, detail: "not probed yet"))

    init(socketPath: String) {
        self.socketPath = socketPath
    }

    var status: Status { self.state.withLockedValue { $0 } }

    func response() -> LocalResponse {
        let status = self.status
        return .json(
            status.healthy ? .ok : .serviceUnavailable,
            [("status", status.healthy ? "healthy" : "unhealthy"), ("upstream", status.detail)]
        )
    }

    /// Probes now and then every `interval` on `eventLoop` until the returned task is cancelled.
    func start(on eventLoop: EventLoop, interval: TimeAmount) -> RepeatedTask {
        eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: interval) { _ in
            self.probe(on: eventLoop)
        }
    }

    private func probe(on eventLoop: EventLoop) -> EventLoopFuture<Void> {
        let socketPath = self.socketPath
        let done = eventLoop.makePromise(of: Status.self)
        let timeout = eventLoop.scheduleTask(in: .seconds(2)) {
            done.succeed(Status(healthy: false, detail: "probe timed out"))
        }
        ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PingProbeHandler(result: done))
                }
            }
            .connect(unixDomainSocketPath: socketPath)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    done.futureResult.whenComplete { _ in channel.close(promise: nil) }
                case .failure(let error):
                    done.succeed(Status(healthy: false, detail: "unreachable: \(error)"))
                }
            }
        return done.futureResult.map { status in
            timeout.cancel()
            self.state.withLockedValue { $0 = status }
        }
    }
}

/// Sends `GET /_ping` and reports whether the answer starts with a 200 status line.
private final class PingProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let result: EventLoopPromise<HealthMonitor.Status>
    private var received = ""

    init(result: EventLoopPromise<HealthMonitor.Status>) {
        self.result = result
    }

    func channelActive(context: ChannelHandlerContext) {
        var request = context.channel.allocator.buffer(capacity: 64)
        request.writeString("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
        context.writeAndFlush(self.wrapOutboundOut(request), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = self.unwrapInboundIn(data)
        self.received += buffer.readString(length: buffer.readableBytes) ?? ""
        if self.received.utf8.count >= 12 {
            let statusLine = self.received.prefix { $0 != "\r" && $0 != "\n" }
            let healthy = statusLine.hasPrefix("HTTP/1.1 200") || statusLine.hasPrefix("HTTP/1.0 200")
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
