import NIOCore
import NIOHTTP1
import SockguardPolicy

extension ClientConnectionHandler {
    /// A request head, with no request in flight: the decider's first step.
    func receivedHead(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        self.refreshPolicy()
        let record = RequestRecord(
            correlation: RequestCorrelation(headers: head.headers, ids: &self.identifiers),
            client: self.clientAddress,
            method: head.method.rawValue,
            rawPath: head.uri,
            version: head.version,
            start: .now()
        )
        self.shared.started()
        var decider = RequestDecider(settings: self.live.decider, client: self.deciderClient())
        let step = decider.start(RequestHead(head))
        self.perform(step, decider: decider, head: head, record: record)
    }

    /// The decider's view of this connection's client, under the policy now in force.
    private func deciderClient() -> DeciderClient {
        DeciderClient(
            label: self.clientAddress,
            addressAllowed: !self.clientRefused,
            policy: self.resolvePolicy(),
            listenerProfiles: self.listenerProfiles,
            container: self.container,
            admin: self.shared.adminPlacement
        )
    }

    /// Performs what the decider answered for a request whose body was not read yet (`held` is nil) or was read
    /// whole and is held. Returns whether the request was answered locally after its body was read: pipelined
    /// requests queued behind it are then the caller's to replay.
    @discardableResult
    func perform(
        _ step: DeciderStep,
        decider: RequestDecider,
        head: HTTPRequestHead,
        record: RequestRecord,
        held: PendingInspection? = nil
    ) -> Bool {
        var record = record
        record.verdict = decider.verdict
        switch step {
        case .refuse(let refusal):
            self.state = .idle
            let response = LocalResponse.answering(
                refusal,
                method: head.method.rawValue,
                verbose: self.live.settings.denyVerbosity == .verbose
            )
            self.answerLocally(response, head: head, record: record)
            guard held != nil, let context = self.context else { return false }
            // The whole body was read and the request ended: leave the local answer's state as its end would.
            self.receivedEnd(nil, context: context)
            return true
        case .answerHealth:
            self.answerLocally(self.shared.health.response(), head: head, record: record)
        case .admit(let request):
            var decider = decider
            let admission: Admission
            switch self.shared.limiter.admit(request, globalMax: self.live.decider.globalMaxInflight) {
            case .admitted(let ticket):
                record.ticket = ticket
                admission = .admitted
            case .throttled(let reason, let retryAfter):
                admission = .throttled(reason, retryAfter: retryAfter)
            }
            let next = decider.admissionAnswered(admission)
            return self.perform(next, decider: decider, head: head, record: record, held: held)
        case .answerReadiness:
            let response = self.shared.readiness?.response() ?? .message(.notFound, "not found")
            self.answerLocally(response, head: head, record: record)
        case .answerMetrics:
            var response = LocalResponse(status: .ok, body: self.shared.metrics?.render() ?? "", close: false)
            response.contentType = ProxyMetrics.contentType
            self.answerLocally(response, head: head, record: record)
        case .answerAdmin(let request):
            self.answerAdmin(request, decider: decider, head: head, record: record, held: held)
        case .readBody(let limit):
            self.startInspection(head, decider: decider, record: record, limit: limit)
        case .lookup(let path):
            guard var held else { return false }
            held.decider = decider
            held.record = record
            self.holdWhileAsking(held, path)
        case .forward(let plan):
            self.forward(head, plan: plan, record: record, inspectedBody: held?.body)
        }
        return false
    }

    func receivedEnd(_ trailers: HTTPHeaders?, context: ChannelHandlerContext) {
        switch self.machine.receivedEnd() {
        case .none:
            break
        case .closeAfterWrites:
            self.closeAfterPendingWrites(context: context)
        case .bodyComplete:
            self.receivedInspectedBodyEnd(context: context)
        case .forwardEnd:
            self.sendUpstream(.end(trailers))
            self.flushUpstream()
        }
    }

    /// Whether another request may follow on this connection. An upgrade request (`Connection: Upgrade`) ends
    /// HTTP parsing: the decoder stops after it, so whatever follows is never read as a request, and the
    /// connection closes after the answer unless it becomes a raw relay.
    static func connectionContinues(after head: HTTPRequestHead) -> Bool {
        head.isKeepAlive && !RequestHead.requestsUpgrade(head.headers)
    }

    /// Closes once the last local response is on the wire, so closing never discards it.
    func closeAfterPendingWrites(context: ChannelHandlerContext) {
        let channel = context.channel
        if let written = self.lastLocalResponseWritten {
            written.whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
    }

    func answerLocally(_ response: LocalResponse, head: HTTPRequestHead, record: RequestRecord) {
        guard let context = self.context else { return }
        let close = response.close || !Self.connectionContinues(after: head)
        var response = response
        response.close = close
        // A client that sent `Expect: 100-continue` waits for 100 before sending its body: it will send
        // nothing more, so a closing connection closes right after the response.
        let closeNow = close && head.headers[canonicalForm: "expect"].contains { $0.lowercased() == "100-continue" }
        response.correlation = record.correlation
        self.machine.answeredLocally(close: close, closeNow: closeNow)
        let written = context.eventLoop.makePromise(of: Void.self)
        // Set before writing: a close decided while this request's end is still being processed must wait
        // for this response to be on the wire.
        self.lastLocalResponseWritten = written.futureResult
        self.writeLocalResponse(response, version: head.version, withBody: head.method != .HEAD, promise: written)
        if closeNow {
            self.closeAfterPendingWrites(context: context)
        }
        self.shared.finished(record, status: Int(response.status.code), bytes: response.body.utf8.count)
    }

    /// Writes and flushes a response the proxy answers itself; `promise` completes when it is on the wire.
    func writeLocalResponse(
        _ response: LocalResponse,
        version: HTTPVersion,
        withBody: Bool = true,
        promise: EventLoopPromise<Void>?
    ) {
        guard let context = self.context else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        self.touchKeepAlive()
        context.write(self.wrapOutboundOut(.head(response.head(version: version))), promise: nil)
        if withBody {
            var body = context.channel.allocator.buffer(capacity: response.body.utf8.count)
            body.writeString(response.body)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: promise)
    }

    /// Writes a local response, then closes the connection.
    func writeLocalResponseAndClose(_ response: LocalResponse, context: ChannelHandlerContext) {
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        self.writeLocalResponse(response, version: .http1_1, promise: written)
    }

    // MARK: Forwarding

    /// Forwards an allowed request as `plan` says. `inspectedBody` is the whole body of a request whose body was
    /// buffered and inspected: it is sent (or the plan's replacement) right behind the head, with the request's end.
    func forward(
        _ head: HTTPRequestHead,
        plan: ForwardPlan,
        record: RequestRecord,
        inspectedBody: ByteBuffer? = nil
    ) {
        guard let context = self.context else { return }
        let request = UpstreamRequest(
            head,
            plan: plan,
            correlation: record.correlation,
            heldBody: inspectedBody,
            allocator: context.channel.allocator
        )
        let exchange = Exchange(
            forwarding: head,
            plan: plan,
            record: record,
            clientKeepAlive: Self.connectionContinues(after: head),
            bodyHeld: inspectedBody != nil
        )
        // upstream.request_timeout bounds a finite request to the end of its response; streams are never cut.
        if !plan.isStream, let timeout = self.live.settings.requestTimeout {
            exchange.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                self?.requestTimedOut()
            }
        }
        self.state = .forwarding(exchange)
        self.sendUpstream(.head(request.head))
        guard let body = request.body else { return }
        if body.readableBytes > 0 {
            self.sendUpstream(.body(.byteBuffer(body)))
        }
        self.sendUpstream(.end(nil))
        self.flushUpstream()
    }
}
