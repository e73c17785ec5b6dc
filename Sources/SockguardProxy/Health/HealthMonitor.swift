import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SockguardPolicy

/// Probes every upstream endpoint (connect, TLS handshake, `GET /_ping`) in the background and records the
/// results in the `UpstreamPool`, which failover reads, and which `/health` reports: a burst of health checks
/// never turns into a burst of connections to dockerd.
final class HealthMonitor: Sendable {
    let pool: UpstreamPool
    let timeout: TimeAmount
    private let probed = NIOLockedValueBox(false)
    private let version: String
    private let started = NIODeadline.now()
    /// The `listeners` array of the answer, rendered once: names and networks do not change while serving.
    private let listeners: String

    init(
        pool: UpstreamPool,
        timeout: TimeAmount = .seconds(2),
        version: String = "dev",
        listeners: [ProxySettings.ListenerSettings] = []
    ) {
        self.pool = pool
        self.timeout = timeout
        self.version = version
        self.listeners = listeners.sorted { $0.name < $1.name }.map { listener in
            let network = if case .unix = listener.listener { "unix" } else { "tcp" }
            return "{\"name\":" + JSONString.quote(listener.name)
                + ",\"role\":\"main\",\"network\":\"\(network)\",\"state\":\"serving\"}"
        }.joined(separator: ",")
    }

    /// `/health`: 200 when the active endpoint is healthy. The Go sockguard's body (`status`, `upstream`
    /// connected or unreachable, `error`, `version`, `uptime_seconds`, `listeners`), plus every endpoint's state.
    func response() -> LocalResponse {
        let snapshot = pool.snapshot
        let active = pool.active().index
        let probedYet = probed.withLockedValue { $0 }
        let healthy = probedYet && snapshot[active].healthy
        var body = "{\"status\":" + JSONString.quote(healthy ? "healthy" : "unhealthy")
        body += ",\"upstream\":" + JSONString.quote(healthy ? "connected" : "unreachable")
        if !healthy { body += ",\"error\":\"upstream unreachable\"" }
        body += ",\"version\":" + JSONString.quote(version)
        body += ",\"uptime_seconds\":\((NIODeadline.now() - started).nanoseconds / 1_000_000_000)"
        body += ",\"listeners\":[" + listeners + "]"
        body += ",\"active\":" + JSONString.quote(pool.endpoints[active].description)
        body += ",\"endpoints\":["
        for (index, endpoint) in pool.endpoints.enumerated() {
            if index > 0 { body += "," }
            body += "{\"address\":" + JSONString.quote(endpoint.description)
            body += ",\"healthy\":" + (snapshot[index].healthy ? "true" : "false")
            body += ",\"active\":" + (index == active ? "true" : "false")
            body += ",\"detail\":" + JSONString.quote(probedYet ? snapshot[index].detail : "not probed yet") + "}"
        }
        body += "]}\n"
        return LocalResponse(status: healthy ? .ok : .serviceUnavailable, body: body, close: false)
    }

    /// Probes now, and then every `interval` (nil: only now) on `eventLoop`, until the returned task is
    /// cancelled.
    func start(on eventLoop: EventLoop, interval: TimeAmount?) -> RepeatedTask? {
        guard let interval else {
            _ = probeAll(on: eventLoop)
            return nil
        }
        return eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: interval) { _ in
            self.probeAll(on: eventLoop)
        }
    }

    func probeAll(on eventLoop: EventLoop) -> EventLoopFuture<Void> {
        let probes = pool.endpoints.indices.map { index in
            probe(pool.endpoints[index], on: eventLoop).map { self.pool.record(index, $0) }
        }
        return EventLoopFuture.andAllComplete(probes, on: eventLoop).map {
            self.probed.withLockedValue { $0 = true }
        }
    }

    private func probe(_ endpoint: UpstreamEndpoint, on eventLoop: EventLoop) -> EventLoopFuture<UpstreamPool.Health> {
        let done = eventLoop.makePromise(of: UpstreamPool.Health.self)
        let deadline = eventLoop.scheduleTask(in: timeout) {
            done.succeed(.init(healthy: false, detail: "probe timed out"))
        }
        endpoint.connect(on: eventLoop, timeout: timeout) { channel in
            try channel.pipeline.syncOperations.addHandler(PingProbeHandler(result: done))
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

/// Sends `GET /_ping` and reports whether the answer starts with a 200 status line. Behind TLS, the
/// handshake runs first; a refused certificate fails the probe.
private final class PingProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let result: EventLoopPromise<UpstreamPool.Health>
    private var received = ""

    init(result: EventLoopPromise<UpstreamPool.Health>) {
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
