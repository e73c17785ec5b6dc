import NIOCore
import NIOHTTP1
import SockguardPolicy

/// The admin endpoints (`DeciderStep.answerAdmin`): the policy in force, answered at once, and a candidate
/// configuration, checked off the event loop while the request is held (pipelined requests wait behind it).
extension ClientConnectionHandler {
    func answerAdmin(
        _ request: AdminRequest,
        decider: RequestDecider,
        head: HTTPRequestHead,
        record: RequestRecord,
        held: PendingInspection?
    ) {
        switch request {
        case .policyVersion:
            var decider = decider
            var record = record
            let response = LocalResponse(status: .ok, body: self.live.policyVersionJSON(), close: false)
            if self.live.generation < 1 { decider.adminPolicyVersionUnavailable() }
            record.verdict = decider.verdict
            self.answerLocally(response, head: head, record: record)
        case .validate(let yaml):
            guard var held, let context = self.context, let validator = self.live.settings.admin?.validator else {
                return
            }
            held.decider = decider
            held.record = record
            held.lookingUp = true
            self.state = .inspecting(held)
            context.eventLoop.makeFutureWithTask { validator(yaml) }.assumeIsolated().whenSuccess {
                [weak self] validation in
                self?.validated(validation)
            }
        }
    }

    /// The candidate configuration was checked: 200 or 422, then the requests queued behind it.
    private func validated(_ validation: AdminValidation) {
        guard let context = self.context, case .inspecting(var pending) = self.state, pending.lookingUp else { return }
        pending.decider.adminValidated(ok: validation.ok)
        pending.record.verdict = pending.decider.verdict
        self.state = .idle
        let status: HTTPResponseStatus = validation.ok ? .ok : .unprocessableEntity
        self.answerLocally(
            LocalResponse(status: status, body: validation.json, close: false),
            head: pending.head,
            record: pending.record
        )
        self.receivedEnd(nil, context: context)
        self.replayQueuedRequests(context: context)
    }
}
