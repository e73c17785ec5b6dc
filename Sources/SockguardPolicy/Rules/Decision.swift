/// What the policy decided for one request.
public enum Decision: Sendable, Equatable {
    case allow(MatchedRule)
    case deny(Denial)
}

/// The rule that decided, as reported in access logs and by `sockguard match`.
public struct MatchedRule: Sendable, Equatable {
    /// Index in the compiled rule table, or nil when no rule matched.
    public var index: Int?
    public var reason: String
    public init(index: Int?, reason: String) {
        self.index = index
        self.reason = reason
    }
}

/// Why a request was refused. A denial is a value, not a thrown error.
public struct Denial: Sendable, Equatable {
    public var status: Int
    public var reasonCode: ReasonCode
    /// Human readable, printed by the docker CLI.
    public var message: String
    /// The rule that denied, if any (nil for default deny and for malformed requests).
    public var ruleIndex: Int?

    public init(status: Int = 403, reasonCode: ReasonCode, message: String, ruleIndex: Int? = nil) {
        self.status = status
        self.reasonCode = reasonCode
        self.message = message
        self.ruleIndex = ruleIndex
    }
}

/// Reason codes keep the Go sockguard's spelling: log pipelines depend on them.
public enum ReasonCode: String, Sendable, Equatable {
    case matchedAllowRule = "matched_allow_rule"
    case matchedDenyRule = "matched_deny_rule"
    case noMatchingAllowRule = "no_matching_allow_rule"
    case invalidPath = "invalid_path"
    case malformedRequest = "malformed_request"
}
