/// The Go sockguard's reason code for each of ours, which is what the access log's `reason_code` carries so its
/// log queries and alerts keep working. Ours is often finer (`container_create_privileged` where Go says
/// `request_body_policy_denied`); the log then adds it as `reason_detail`.
extension ReasonCode {
    public var goCode: String {
        switch self {
        case .matchedAllowRule, .matchedDenyRule, .noMatchingAllowRule, .listenerProfileNotAllowed, .invalidPath,
            .malformedRequest, .rateLimitExceeded, .concurrencyCap, .priorityFloor, .visibilityPolicyHidResource,
            .visibilityPolicyLookupFailed, .visibilityFilterInvalid:
            return rawValue
        case .clientNotAllowed: return "client_ip_not_allowed"
        case .containerLabelDenied: return "client_label_policy_denied_request"
        case .ownerMismatch, .ownerLabelConflict: return "owner_policy_denied_access"
        case .ownerLookupFailed: return "owner_policy_lookup_failed"
        case .ownerQueryInvalid: return "owner_request_invalid"
        case .requestBodyRefused: return "request_body_too_large"
        case .requestBodyInvalid, .requestBodyUninspectable, .execInstanceUnreadable:
            return "request_body_inspection_failed"
        default:
            // Every inspector's refusal of a field, a query or a header.
            return "request_body_policy_denied"
        }
    }
}
