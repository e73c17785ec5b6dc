import SockguardPolicy

/// Rollout modes (`mode: warn | audit`): a policy denial is recorded as `would_deny` and the request goes on as if
/// allowed, so a new policy can be watched against real traffic before it is enforced.
extension ClientConnectionHandler {
    /// Whether the request goes on despite `denial`: true in warn or audit mode for a policy denial, after the
    /// record says `would_deny` (the first would-be denial is the one logged). False: refuse as usual.
    func proceedsDespite(_ denial: Denial, record: inout RequestRecord, reason: String? = nil) -> Bool {
        guard let mode = self.policy?.mode, mode != .enforce, denial.isPolicyDenial else { return false }
        if record.decision != "would_deny" {
            record.decision = "would_deny"
            record.reasonCode = denial.reasonCode
            record.reason = reason ?? denial.message
            if let index = denial.ruleIndex { record.ruleIndex = index }
        }
        record.rolloutMode = mode
        return true
    }
}
