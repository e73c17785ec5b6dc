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
        guard let policy = self.live.settings.ownership, let plan = pending.ownership else {
            self.forward(pending.head, target: pending.target, record: pending.record, inspectedBody: pending.body)
            return
        }
        var pending = pending
        pending.remainingOwnerChecks = plan.checks
        if plan.stampsBody || plan.checksBodyReferences {
            let prepared = policy.prepareCreate(
                Array(pending.body.readableBytesView),
                stamp: plan.stampsBody,
                references: plan.checksBodyReferences
            )
            switch prepared {
            case .deny(let denial):
                self.refuseHeld(pending, decision: .deny(denial), context: context)
                return
            case .proceed(let create):
                pending.remainingOwnerChecks += create.checks
                if plan.stampsBody {
                    // Forwarded as a whole body of its new length.
                    pending.head.headers.remove(name: "Transfer-Encoding")
                    pending.head.headers.replaceOrAdd(name: "Content-Length", value: String(create.body.count))
                    pending.body = context.channel.allocator.buffer(bytes: create.body)
                }
            }
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
            // Every object checked out.
            self.forward(pending.head, target: pending.target, record: pending.record, inspectedBody: pending.body)
            return
        }
        let check = pending.remainingOwnerChecks.removeFirst()
        self.holdWhileAsking(pending, check.lookupPath, context: context) { handler, result in
            handler.ownerCheckAnswered(result, check: check, policy: policy)
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
        let decision: Decision
        switch result {
        case .success(let response):
            let status = Int(response.status.code)
            let body = Array(response.body.readableBytesView)
            if let next = policy.followUp(check, status: status, body: body) {
                // An exec instance: its container's owner decides.
                pending.remainingOwnerChecks.insert(next, at: 0)
                self.runNextOwnerCheck(pending, policy: policy, context: context)
                return
            }
            decision = policy.judge(check, status: status, body: body)
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

    /// Answers the held request's refusal, then whatever was pipelined behind it.
    private func refuseHeld(_ pending: PendingInspection, decision: Decision, context: ChannelHandlerContext) {
        var pending = pending
        pending.ownership = nil
        pending.lookingUp = false
        if self.finishInspection(pending, decision: decision, context: context) {
            self.replayQueuedRequests(context: context)
        }
    }
}
