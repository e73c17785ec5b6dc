import NIOCore
import NIOHTTP1
import SockguardPolicy

/// Holding a request back (`DeciderStep.readBody`): its whole body is read, within the decider's limit and a
/// deadline, and handed to the decider; the daemon is asked what the decider wants to know (`.lookup`) on a
/// connection of its own. Until the decider answers refuse or forward, nothing reaches dockerd, not even the head.
extension ClientConnectionHandler {
    func startInspection(_ head: HTTPRequestHead, decider: RequestDecider, record: RequestRecord, limit: Int) {
        guard let context = self.context else { return }
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            // dockerd never sees this request before its body is inspected, so the proxy says continue.
            context.writeAndFlush(
                self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                promise: nil
            )
        }
        var pending = PendingInspection(
            head: head,
            decider: decider,
            record: record,
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
            let step = pending.decider.bodyTooLarge()
            self.perform(step, decider: pending.decider, head: pending.head, record: pending.record)
            return
        }
        var part = part
        pending.body.writeBuffer(&part)
        self.state = .inspecting(pending)
    }

    func receivedInspectedBodyEnd(context: ChannelHandlerContext) {
        guard case .inspecting(var pending) = self.state else { return }
        pending.deadline?.cancel()
        pending.deadline = nil
        // Read in place: an archive can be hundreds of MiB, and is held once.
        let step = pending.body.withUnsafeReadableBytes { pending.decider.bodyReceived($0) }
        self.perform(step, decider: pending.decider, head: pending.head, record: pending.record, held: pending)
    }

    func inspectionTimedOut() {
        guard case .inspecting(var pending) = self.state else { return }
        let step = pending.decider.bodyTimedOut(seconds: self.live.settings.bodyReadTimeout.nanoseconds / 1_000_000_000)
        self.perform(step, decider: pending.decider, head: pending.head, record: pending.record)
    }

    /// Keeps `pending` held (pipelined requests queue behind it) while the daemon answers `GET path` on a
    /// connection of its own, then hands the answer to the decider.
    func holdWhileAsking(_ pending: PendingInspection, _ path: String) {
        guard let context = self.context else { return }
        var pending = pending
        pending.lookingUp = true
        self.state = .inspecting(pending)
        UpstreamLookup.get(
            path,
            from: self.shared.upstreams.active().endpoint,
            on: context.eventLoop,
            timeout: self.live.settings.bodyReadTimeout
        ).assumeIsolated().whenComplete { [weak self] result in
            self?.lookedUp(result)
        }
    }

    /// The daemon answered (or did not): the decider goes on with the held request.
    private func lookedUp(_ result: Result<UpstreamLookup.Response, Error>) {
        guard let context = self.context, case .inspecting(var pending) = self.state, pending.lookingUp else {
            return
        }
        pending.lookingUp = false
        let step =
            switch result {
            case .success(let response):
                pending.decider.lookupAnswered(
                    status: Int(response.status.code),
                    body: Array(response.body.readableBytesView)
                )
            case .failure(let error):
                pending.decider.lookupFailed("\(error)")
            }
        if self.perform(step, decider: pending.decider, head: pending.head, record: pending.record, held: pending) {
            self.replayQueuedRequests(context: context)
        }
    }
}
