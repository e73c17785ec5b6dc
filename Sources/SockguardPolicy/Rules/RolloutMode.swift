/// How a policy's denials are applied (`mode` at the top level and per profile), as in the Go sockguard.
///
/// In `warn` and `audit`, a request the policy would deny (by a rule, a body inspector, a container label, an
/// owner check or visibility) is forwarded and logged `decision=would_deny`, at WARN and INFO. What guards the
/// proxy itself is always enforced: the client address allowlist, listener admission, malformed requests, body
/// size and time limits, and lookups that failed.
public enum RolloutMode: String, Sendable, Equatable, CaseIterable {
    case enforce
    case warn
    case audit
}

extension Denial {
    /// Whether a rollout mode may let the request through: a policy's 403 (or visibility's 404), not one that
    /// guards the proxy itself.
    public var isPolicyDenial: Bool {
        reasonCode.isThrottle || reasonCode == .visibilityPolicyHidResource
            || (status == 403 && reasonCode != .clientNotAllowed && reasonCode != .listenerProfileNotAllowed)
    }
}
