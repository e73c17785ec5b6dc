import NIOCore
import NIOHTTP1
import SockguardPolicy

/// The proxy handler of one client connection: canonicalizes each request, asks the policy, answers denials
/// itself and forwards allowed requests over this connection's own upstream connection, streaming bodies both
/// ways. Hijacked requests (`exec -i`, `attach`) end HTTP on the connection: see `switchToRawRelay`.
///
/// At most one request is in flight: `HTTPServerPipelineHandler` holds pipelined requests back until the
/// previous response ended, which keeps responses in order.
final class ClientConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    enum UpstreamState {
        case none
        case connecting(pending: [HTTPClientRequestPart])
        case ready(UpstreamConnection)
    }

    let shared: ConnectionContext
    let pipeline: ClientPipeline
    /// Which request is where, and what waits behind it.
    var machine = ConnectionStateMachine()
    /// The request's state; the machine's.
    var state: ConnectionStateMachine.State {
        get { self.machine.state }
        set { self.machine.state = newValue }
    }
    var upstream = UpstreamState.none
    var context: ChannelHandlerContext?
    var pendingClientRead = false
    var clientAddress = "unknown"
    /// A TCP client outside `clients.allowed_cidrs`: every request it sends is refused.
    var clientRefused = false
    /// The policy in force when the current (or last) request began; see `refreshPolicy()`.
    var live: LivePolicy
    /// The client's rules and inspectors under `live`, resolved at its first request (a TLS handshake is complete
    /// by then) and again after a reload.
    var policy: ClientPolicy?
    /// `listeners[].allowed_profiles` of this connection's listener under `live`: looked up once per policy, not
    /// per request.
    var listenerProfiles: Set<String>?
    /// `clients.container_labels`: which container the client is, once the daemon said.
    var container = ClientContainer.notApplicable
    /// The daemon is being asked which container the client is; its requests wait.
    var resolvingContainer = false
    /// Request, trace and span ids for this connection's requests.
    var identifiers = IdentifierGenerator()
    /// Completes when the last local response was written; a closing connection closes after it.
    var lastLocalResponseWritten: EventLoopFuture<Void>?
    /// `idle_timeout` of a keep-alive connection, and its scheduled check (cancelled when the handler leaves).
    var keepAlive: KeepAliveTimeout?
    var keepAliveCheck: Scheduled<Void>?

    init(shared: ConnectionContext, pipeline: ClientPipeline) {
        self.shared = shared
        self.pipeline = pipeline
        self.live = shared.policies.current
        self.listenerProfiles = self.live.allowedProfiles(listener: shared.listenerName)
    }

    /// Called as each request begins: a reloaded policy applies from the next request on, never in the middle of
    /// one. What was decided per connection under the old policy (profile, address allowlist) is decided again.
    func refreshPolicy() {
        let current = self.shared.policies.current
        guard current !== self.live else { return }
        self.live = current
        self.policy = nil
        self.listenerProfiles = current.allowedProfiles(listener: self.shared.listenerName)
        if let address = self.context?.channel.remoteAddress {
            self.clientRefused = Self.isRefused(address, by: current.settings)
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let now = context.eventLoop.now
        self.keepAlive = KeepAliveTimeout(timeout: self.shared.settings.idleTimeout, now: now)
        self.scheduleKeepAliveCheck(at: now + self.shared.settings.idleTimeout)
        if let address = context.channel.remoteAddress {
            self.clientRefused = Self.isRefused(address, by: self.live.settings)
            switch address {
            case .unixDomainSocket:
                self.clientAddress = "unix"
            default:
                self.clientAddress = address.ipAddress.map { "\($0):\(address.port ?? 0)" } ?? "\(address)"
                if let prefix = self.live.settings.containerLabelPrefix, !self.clientRefused {
                    self.resolveContainerLabels(address: address, prefix: prefix, context: context)
                }
            }
        }
    }

    /// A TCP client outside `clients.allowed_cidrs` (when it is set); unix clients never are.
    static func isRefused(_ address: SocketAddress, by settings: ProxySettings) -> Bool {
        guard !settings.allowedClients.isEmpty else { return false }
        if case .unixDomainSocket = address { return false }
        guard let ip = address.ipAddress.flatMap(AddressRange.parse) else { return true }
        return !settings.admits(address: ip)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.keepAliveCheck?.cancel()
        self.keepAliveCheck = nil
    }

    /// Only an idle keep-alive connection is closed: a stream (logs -f, events) is never cut.
    func scheduleKeepAliveCheck(at deadline: NIODeadline) {
        guard let context = self.context else { return }
        self.keepAliveCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            guard let keepAlive = self.keepAlive, let context = self.context else { return }
            let idle = if case .idle = self.state { true } else { false }
            switch keepAlive.check(now: context.eventLoop.now, idle: idle) {
            case .close: context.close(promise: nil)
            case .again(let next): self.scheduleKeepAliveCheck(at: next)
            }
        }
    }

    /// Bytes moved or a local answer: the connection is not quiet.
    func touchKeepAlive() {
        if let context = self.context { self.keepAlive?.touch(context.eventLoop.now) }
    }

    // MARK: Inbound from the client

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.touchKeepAlive()
        let part = self.unwrapInboundIn(data)
        if !self.machine.queueIfOwed(part) {
            self.process(part, context: context)
        }
    }

    func process(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            switch self.machine.receivedHead() {
            case .decide: self.receivedHead(head, context: context)
            case .ignore: break
            case .close: context.close(promise: nil)
            }
        case .body(let buffer):
            switch self.machine.receivedBody(buffer) {
            case .forward(let buffer): self.sendUpstream(.body(.byteBuffer(buffer)))
            case .hold(let buffer): self.receivedInspectedBodyPart(buffer)
            case .drop: break
            case .closeAfterWrites: self.closeAfterPendingWrites(context: context)
            }
        case .end(let trailers):
            self.receivedEnd(trailers, context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .ready(let connection) = self.upstream {
            connection.handler.flush()
        }
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch self.machine.finish() {
        case .forwarding(let exchange):
            self.logExchange(exchange, status: exchange.responseStatus ?? 499)
        case .inspecting(let pending):
            // The client went away while its request was held: nothing was forwarded.
            pending.deadline?.cancel()
            self.shared.finished(pending.record, status: 499, bytes: 0)
        default:
            break
        }
        self.closeUpstream()
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .ready(let connection) = self.upstream {
            connection.handler.clientBecameWritable()
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is HTTPParserError {
            self.receivedMalformedRequest(context: context)
        } else if error is ByteToMessageDecoderError {
            // Bytes after a parse error: the decoder drops them; the 400 is already on its way.
        } else {
            context.close(promise: nil)
        }
    }

    // MARK: Outbound

    /// Client reads wait while pipelined requests are queued, while the upstream connection is being opened,
    /// or while it cannot take more bytes. Otherwise the connection keeps reading: pausing after every request
    /// (as HTTPServerPipelineHandler does) costs two epoll changes per request.
    func read(context: ChannelHandlerContext) {
        if self.machine.holdsClientReads {
            self.pendingClientRead = true
            return
        }
        if self.resolvingContainer {
            self.pendingClientRead = true
            return
        }
        switch self.upstream {
        case .connecting:
            self.pendingClientRead = true
        case .ready(let connection) where !connection.channel.isWritable:
            self.pendingClientRead = true
        default:
            context.read()
        }
    }

    func resumeClientReads() {
        if self.pendingClientRead, let context = self.context {
            self.pendingClientRead = false
            context.read()
        }
    }
}

@available(*, unavailable)
extension ClientConnectionHandler: Sendable {}
