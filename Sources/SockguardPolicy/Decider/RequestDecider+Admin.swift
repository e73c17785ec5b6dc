/// The admin endpoints (`AdminEndpoints`): matched on the exact canonical path without an API version prefix, on
/// any method, as sockguard (Go) does. Their errors are always enforced, whatever the rollout mode.
extension RequestDecider {
    /// The step for an admin path on a listener that serves them; nil when the request is not for one.
    mutating func adminStep() -> DeciderStep? {
        guard let admin = settings.admin, client.admin != .absent, target.apiVersion == nil,
            target.path == admin.validatePath || target.path == admin.policyVersionPath
        else { return nil }
        verdict.stage = .admin
        if target.path == admin.validatePath {
            guard head.method == "POST" else { return refuseAdminMethod(allowing: "POST") }
            readingAdminBody = true
            if let length = head.contentLength, length > admin.maxRequestBytes { return adminBodyTooLarge() }
            return .readBody(limit: admin.maxRequestBytes)
        }
        guard head.method == "GET" else { return refuseAdminMethod(allowing: "GET") }
        verdict.outcome = .unjudged
        verdict.reasonCode = nil
        return .answerAdmin(.policyVersion)
    }

    /// The dedicated admin listener: an admin path, or 404 for anything else.
    mutating func adminListenerStep() -> DeciderStep {
        if let step = adminStep() { return step }
        let denial = Denial(status: 404, reasonCode: .adminUnknownPath, message: "not found")
        return refuse(denial, at: .admin, path: nil, reason: "unknown admin path")
    }

    /// The candidate configuration arrived.
    mutating func adminBodyReceived(_ body: UnsafeRawBufferPointer) -> DeciderStep {
        readingAdminBody = false
        verdict.outcome = .unjudged
        verdict.reasonCode = nil
        return .answerAdmin(.validate(Array(body)))
    }

    mutating func adminBodyTooLarge() -> DeciderStep {
        readingAdminBody = false
        let message = "request body exceeds admin.max_request_bytes"
        let denial = Denial(status: 413, reasonCode: .adminBodyTooLarge, message: message)
        return refuse(denial, at: .admin, path: nil, closing: true)
    }

    /// After `.answerAdmin(.validate)`: a candidate that does not load is recorded as a denial
    /// (`admin_validation_failed`), as in Go; one that loads stays unjudged.
    public mutating func adminValidated(ok: Bool) {
        guard !ok else { return }
        verdict.outcome = .deny
        verdict.reasonCode = .adminValidationFailed
        verdict.reason = "candidate config failed validation"
    }

    /// After `.answerAdmin(.policyVersion)` when no policy version is known yet (503).
    public mutating func adminPolicyVersionUnavailable() {
        verdict.outcome = .deny
        verdict.reasonCode = .adminPolicyVersionUnavailable
        verdict.reason = "policy version not yet published"
    }

    private mutating func refuseAdminMethod(allowing method: String) -> DeciderStep {
        let denial = Denial(status: 405, reasonCode: .adminMethodNotAllowed, message: "method not allowed")
        guard case .refuse(var refusal) = refuse(denial, at: .admin, path: nil, reason: "\(method) required") else {
            preconditionFailure("refuse answers a refusal")
        }
        refusal.allow = method
        return .refuse(refusal)
    }
}
