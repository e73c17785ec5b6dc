import NIOCore
import NIOHTTP1
import SockguardPolicy

/// Body inspection: a request whose endpoint has an inspector (InspectorRegistry) is held back until its whole
/// body arrived, within a size limit and a deadline. The inspector's decision then either forwards head and
/// body, byte for byte as received, or answers locally. Until then nothing reaches dockerd, not even the head.
extension ClientConnectionHandler {
    func startInspection(
        _ head: HTTPRequestHead,
        target: CanonicalRequestTarget,
        record: RequestRecord,
        inspection: InspectorRegistry.Inspection?,
        ownership: OwnershipPolicy.Plan? = nil
    ) {
        guard let context = self.context else { return }
        let limit = inspection?.bodyLimit ?? Self.ownershipBodyLimit
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
            inspection: inspection,
            ownership: ownership,
            limit: limit,
            // The declared length, so a large archive is never copied while it grows.
            body: context.channel.allocator.buffer(
                capacity: max(0, min(head.headers.first(name: "content-length").flatMap(Int.init) ?? 0, limit))
            ),
            deadline: nil
        )
        pending.deadline = context.eventLoop.assumeIsolated().scheduleTask(
            in: self.live.settings.bodyReadTimeout
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
        guard let inspection = pending.inspection else {
            self.finishInspection(pending, decision: .allow(MatchedRule(index: nil, reason: "")), context: context)
            return
        }
        switch inspection {
        case .json(let inspector, _):
            let decision: Decision
            do {
                let body = try JSONBody(parsing: Array(pending.body.readableBytesView))
                let request = InspectedRequest(
                    method: pending.head.method.rawValue,
                    path: pending.target.path,
                    query: pending.target.query
                )
                decision = inspector.inspect(request, body: body)
            } catch {
                decision = .deny(error.denial)
            }
            self.finishInspection(pending, decision: decision, context: context)
        case .archive(let inspector, _):
            let request = InspectedRequest(
                method: pending.head.method.rawValue,
                path: pending.target.path,
                query: pending.target.query
            )
            // Read in place: an archive can be hundreds of MiB, and is held once.
            let decision = pending.body.withUnsafeReadableBytes { inspector.inspect(request, archive: $0) }
            self.finishInspection(pending, decision: decision, context: context)
        case .execInstance(let id, let inspector):
            self.holdWhileAsking(pending, "/exec/\(id)/json", context: context) { handler, result in
                handler.execInstanceLookedUp(result, inspector: inspector)
            }
        }
    }

    /// Keeps `pending` held (pipelined requests queue behind it) while the daemon answers `GET path` on a
    /// connection of its own, then hands the answer to `answered`. The exec instance of an exec start, and the
    /// objects ownership checks, are asked this way.
    func holdWhileAsking(
        _ pending: PendingInspection,
        _ path: String,
        context: ChannelHandlerContext,
        answered: @escaping (ClientConnectionHandler, Result<UpstreamLookup.Response, Error>) -> Void
    ) {
        var pending = pending
        pending.lookingUp = true
        self.state = .inspecting(pending)
        UpstreamLookup.get(
            path,
            from: self.shared.upstreams.active().endpoint,
            on: context.eventLoop,
            timeout: self.live.settings.bodyReadTimeout
        ).assumeIsolated().whenComplete { [weak self] result in
            if let self { answered(self, result) }
        }
    }

    /// The daemon answered `GET /exec/{id}/json` (or did not): decide the held-back exec start.
    private func execInstanceLookedUp(_ result: Result<UpstreamLookup.Response, Error>, inspector: ExecInspector) {
        guard let context = self.context, case .inspecting(let pending) = self.state, pending.lookingUp else {
            return
        }
        let decision: Decision
        switch result {
        case .success(let response) where response.status == .ok:
            do {
                decision = inspector.inspectInstance(try JSONBody(parsing: Array(response.body.readableBytesView)))
            } catch {
                decision = .deny(
                    Denial(
                        reasonCode: .execInstanceUnreadable,
                        message: "sockguard: the exec instance could not be read"
                    )
                )
            }
        case .success(let response) where response.status == .notFound:
            decision = .deny(
                Denial(status: 404, reasonCode: .execInstanceUnreadable, message: "sockguard: no such exec instance")
            )
        case .success(let response):
            decision = .deny(
                Denial(
                    status: 502,
                    reasonCode: .execInstanceUnreadable,
                    message: "sockguard: the Docker daemon answered \(response.status.code) about the exec instance"
                )
            )
        case .failure(let error):
            decision = .deny(
                Denial(
                    status: 502,
                    reasonCode: .execInstanceUnreadable,
                    message: "sockguard: could not ask the Docker daemon about the exec instance: \(error)"
                )
            )
        }
        if self.finishInspection(pending, decision: decision, context: context) {
            self.replayQueuedRequests(context: context)
        }
    }

    /// Goes on with the held-back request (ownership, then forwarding head and body as received), or answers
    /// the denial locally. Returns whether it answered locally (a denial in enforce mode): pipelined requests
    /// queued behind this one are then the caller's to replay.
    @discardableResult
    func finishInspection(_ pending: PendingInspection, decision: Decision, context: ChannelHandlerContext) -> Bool {
        var record = pending.record
        if case .deny(let denial) = decision, self.proceedsDespite(denial, record: &record) {
            var pending = pending
            pending.record = record
            // Owner checks that remain would refuse for the same reason, or pass: either way, forward now.
            pending.ownership = nil
            self.forward(pending.head, target: pending.target, record: record, inspectedBody: pending.body)
            return false
        }
        switch decision {
        case .allow:
            if pending.ownership != nil {
                self.startOwnerChecks(pending, context: context)
            } else {
                self.forward(pending.head, target: pending.target, record: record, inspectedBody: pending.body)
            }
        case .deny(let denial):
            record.decision = "deny"
            record.ruleIndex = denial.ruleIndex
            record.reasonCode = denial.reasonCode
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
            return true
        }
        return false
    }

    func inspectionTimedOut() {
        guard case .inspecting(let pending) = self.state else { return }
        self.refuseBody(
            .requestTimeout,
            "request body not received within \(self.live.settings.bodyReadTimeout.nanoseconds / 1_000_000_000) s",
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
        record.reasonCode = .requestBodyRefused
        record.reason = message
        self.state = .idle
        self.answerLocally(.message(status, "sockguard: \(message)", close: true), head: head, record: record)
    }
}
