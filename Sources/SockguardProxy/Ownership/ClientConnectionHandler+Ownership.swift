import NIOCore
import NIOHTTP1
import SockguardPolicy

/// Owner-label isolation on the data path (`OwnershipPolicy`). A request that touches one object is held (like
/// an inspected one) while the daemon is asked, on a connection of its own, who owns that object; the answer is
/// fresh for every request, never cached. Creates are forwarded with the owner label stamped into their body.
extension ClientConnectionHandler {
    /// Largest body held for ownership alone (requests on one object have small or no bodies).
    static let ownershipBodyLimit = 1 << 20

    /// The inspectors allowed the held request: check every object it names, then forward it.
    func startOwnerChecks(_ pending: PendingInspection, context: ChannelHandlerContext) {
        guard let policy = self.shared.settings.ownership, let plan = pending.ownership else {
            self.forward(pending.head, target: pending.target, record: pending.record, inspectedBody: pending.body)
            return
        }
        var pending = pending
        pending.remainingOwnerChecks = plan.checks
        if plan.checksBodyReferences {
            pending.remainingOwnerChecks += policy.references(inContainerCreate: Array(pending.body.readableBytesView))
        }
        self.runNextOwnerCheck(pending, policy: policy, context: context)
    }

    private func runNextOwnerCheck(
        _ pending: PendingInspection,
        policy: OwnershipPolicy,
        context: ChannelHandlerContext
    ) {
        var pending = pending
        guard !pending.remainingOwnerChecks.isEmpty else {
            self.forwardOwned(pending, policy: policy, context: context)
            return
        }
        let check = pending.remainingOwnerChecks.removeFirst()
        pending.lookingUp = true
        self.state = .inspecting(pending)
        UpstreamLookup.get(
            check.lookupPath,
            from: self.shared.upstreams.active().endpoint,
            on: context.eventLoop,
            timeout: self.shared.settings.bodyReadTimeout
        ).assumeIsolated().whenComplete { [weak self] result in
            self?.ownerCheckAnswered(result, check: check, policy: policy)
        }
    }

    private func ownerCheckAnswered(
        _ result: Result<UpstreamLookup.Response, Error>,
        check: OwnerCheck,
        policy: OwnershipPolicy
    ) {
        guard let context = self.context, case .inspecting(var pending) = self.state, pending.lookingUp else {
            return
        }
        if case .success(let response) = result,
            let next = policy.followUp(
                check,
                status: Int(response.status.code),
                body: Array(response.body.readableBytesView)
            )
        {
            // An exec instance: its container's owner decides.
            pending.remainingOwnerChecks.insert(next, at: 0)
            self.runNextOwnerCheck(pending, policy: policy, context: context)
            return
        }
        let decision: Decision
        switch result {
        case .success(let response):
            decision = policy.judge(
                check,
                status: Int(response.status.code),
                body: Array(response.body.readableBytesView)
            )
        case .failure(let error):
            decision = .deny(
                Denial(
                    status: 502,
                    reasonCode: .ownerLookupFailed,
                    message: "sockguard: could not ask the Docker daemon who owns \(check.kind.rawValue) "
                        + "\(check.reference): \(error)"
                )
            )
        }
        switch decision {
        case .allow:
            self.runNextOwnerCheck(pending, policy: policy, context: context)
        case .deny:
            self.refuseHeld(pending, decision: decision, context: context)
        }
    }

    /// Every object checked out: forward, with the owner label stamped into a create's body.
    private func forwardOwned(_ pending: PendingInspection, policy: OwnershipPolicy, context: ChannelHandlerContext) {
        guard pending.ownership?.stampsBody == true else {
            self.forward(pending.head, target: pending.target, record: pending.record, inspectedBody: pending.body)
            return
        }
        switch policy.stamp(Array(pending.body.readableBytesView)) {
        case .deny(let denial):
            self.refuseHeld(pending, decision: .deny(denial), context: context)
        case .proceed(let bytes):
            var head = pending.head
            head.headers.remove(name: "Transfer-Encoding")
            head.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            let body = context.channel.allocator.buffer(bytes: bytes)
            self.forward(head, target: pending.target, record: pending.record, inspectedBody: body)
        }
    }

    /// Answers the held request's refusal, then whatever was pipelined behind it.
    private func refuseHeld(_ pending: PendingInspection, decision: Decision, context: ChannelHandlerContext) {
        var pending = pending
        pending.ownership = nil
        pending.lookingUp = false
        self.finishInspection(pending, decision: decision, context: context)
        self.replayQueuedRequests(context: context)
    }
}
