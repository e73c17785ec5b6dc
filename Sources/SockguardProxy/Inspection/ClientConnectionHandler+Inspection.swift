import NIOCore
import NIOHTTP1
import SockguardPolicy

/// Body inspection: a request whose endpoint has an inspector (InspectorRegistry) is held back until its whole
/// body arrived, within a size limit and a deadline. The inspector's decision then either forwards head and
/// body, byte for byte as received, or answers locally. Until then nothing reaches dockerd, not even the head.
extension ClientConnectionHandler {
    /// Limit for an inspected endpoint the registry gives no limit for.
    static let defaultBodyLimit = 1024 * 1024

    func startInspection(
        _ head: HTTPRequestHead,
        target: CanonicalRequestTarget,
        record: RequestRecord,
        inspector: any BodyInspector,
        limit: Int
    ) {
        guard let context = self.context else { return }
        if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limit {
            self.refuseBody(.payloadTooLarge, "request body larger than \(limit) bytes", head: head, record: record)
            return
        }
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            // dockerd never sees this request before its body is inspected, so the proxy says continue.
            context.writeAndFlush(
                self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                promise: nil
            )
        }
        var pending = PendingInspection(
            head: head,
            target: target,
            record: record,
            inspector: inspector,
            limit: limit,
            body: context.channel.allocator.buffer(capacity: 0),
            deadline: nil
        )
        pending.deadline = context.eventLoop.assumeIsolated().scheduleTask(
            in: self.shared.settings.bodyReadTimeout
        ) { [weak self] in
            self?.inspectionTimedOut()
        }
        self.state = .inspecting(pending)
    }

    func receivedInspectedBodyPart(_ part: ByteBuffer) {
        guard case .inspecting(var pending) = self.state else { return }
        // Drop the state's reference first, so appending does not copy the buffer each time.
        self.state = .done
        if pending.body.readableBytes + part.readableBytes > pending.limit {
            pending.deadline?.cancel()
            self.state = .inspecting(pending)
            self.refuseBody(
                .payloadTooLarge,
                "request body larger than \(pending.limit) bytes",
                head: pending.head,
                record: pending.record
            )
            return
        }
        var part = part
        pending.body.writeBuffer(&part)
        self.state = .inspecting(pending)
    }

    func receivedInspectedBodyEnd(context: ChannelHandlerContext) {
        guard case .inspecting(let pending) = self.state else { return }
        pending.deadline?.cancel()
        var record = pending.record
        let decision: Decision
        do {
            let body = try JSONBody(parsing: pending.body.readableBytesView)
            let request = InspectedRequest(
                method: pending.head.method.rawValue,
                path: pending.target.path,
                query: pending.target.query
            )
            decision = pending.inspector.inspect(request, body: body)
        } catch {
            decision = .deny(error.denial)
        }
        switch decision {
        case .allow:
            self.forward(pending.head, target: pending.target, record: record, inspectedBody: pending.body)
        case .deny(let denial):
            record.decision = "deny"
            record.ruleIndex = denial.ruleIndex
            record.reasonCode = denial.reasonCode.rawValue
            record.reason = denial.message
            self.state = .idle
            var response = self.denyResponse(
                denial,
                head: pending.head,
                path: pending.target.path,
                reason: denial.message
            )
            // The whole body was read: the connection can go on.
            response.close = false
            self.answerLocally(response, head: pending.head, record: record)
            // The request already ended: leave the local answer's state as its end would.
            self.receivedEnd(nil, context: context)
        }
    }

    func inspectionTimedOut() {
        guard case .inspecting(let pending) = self.state else { return }
        self.refuseBody(
            .requestTimeout,
            "request body not received within \(self.shared.settings.bodyReadTimeout.nanoseconds / 1_000_000_000) s",
            head: pending.head,
            record: pending.record
        )
    }

    /// Refuses a request whose body cannot be inspected (too large, too slow) and closes the connection after
    /// reading, and dropping, a bounded rest of it.
    private func refuseBody(
        _ status: HTTPResponseStatus,
        _ message: String,
        head: HTTPRequestHead,
        record: RequestRecord
    ) {
        var record = record
        record.decision = "deny"
        record.reasonCode = ReasonCode.requestBodyRefused.rawValue
        record.reason = message
        self.state = .idle
        self.answerLocally(.message(status, "sockguard: \(message)", close: true), head: head, record: record)
    }
}
