import NIOCore
import NIOHTTP1
import NIOPosix

/// A one-off `GET` to the Docker daemon on a connection of its own, for a fact the policy needs before it
/// decides a request (what an exec instance would run). Never shares the client's upstream connection, so a
/// lookup cannot interleave with a forwarded request.
enum UpstreamLookup {
    struct Response {
        var status: HTTPResponseStatus
        var body: ByteBuffer
    }

    /// Answers larger than this fail the lookup: the facts asked for are a few hundred bytes.
    static let maxResponseBytes = 1 << 20

    struct LookupError: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to `socketPath`, sends `GET path` with `Connection: close`, and reads the whole answer within
    /// `timeout`.
    static func get(
        _ path: String,
        from endpoint: UpstreamEndpoint,
        on eventLoop: EventLoop,
        timeout: TimeAmount,
        maxBytes: Int = maxResponseBytes
    ) -> EventLoopFuture<Response> {
        let promise = eventLoop.makePromise(of: Response.self)
        let deadline = eventLoop.scheduleTask(in: timeout) {
            promise.fail(LookupError(description: "no answer within \(timeout.nanoseconds / 1_000_000_000) s"))
        }
        endpoint.connect(on: eventLoop, timeout: timeout) { channel in
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            try channel.pipeline.syncOperations.addHandler(
                LookupHandler(path: path, maxBytes: maxBytes, promise: promise)
            )
        }
        .whenFailure { promise.fail($0) }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        return promise.futureResult
    }

    private final class LookupHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        let path: String
        let maxBytes: Int
        let promise: EventLoopPromise<Response>
        var status: HTTPResponseStatus?
        var body = ByteBuffer()

        init(path: String, maxBytes: Int, promise: EventLoopPromise<Response>) {
            self.path = path
            self.maxBytes = maxBytes
            self.promise = promise
        }

        func channelActive(context: ChannelHandlerContext) {
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: "docker")
            headers.add(name: "Connection", value: "close")
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            // Whatever happens, the connection goes once the answer is settled.
            let channel = context.channel
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                status = head.status
            case .body(var part):
                guard body.readableBytes + part.readableBytes <= maxBytes else {
                    promise.fail(LookupError(description: "answer larger than \(maxBytes) bytes"))
                    return
                }
                body.writeBuffer(&part)
            case .end:
                if let status { promise.succeed(Response(status: status, body: body)) }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(LookupError(description: "the daemon closed the connection before answering"))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            promise.fail(error)
            context.close(promise: nil)
        }
    }
}
