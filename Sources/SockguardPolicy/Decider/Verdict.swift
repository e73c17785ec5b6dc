/// What the decider concluded about one request so far, for the access log, metrics and `sockguard match`.
public struct Verdict: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case allow
        case deny
        /// A warn or audit policy let a would-be denial through.
        case wouldDeny = "would_deny"
        /// No policy decided (`/health`, `/metrics`): logged without a decision, as in sockguard (Go).
        case unjudged = ""
    }

    /// Which stage decided: the check a denial came from, or the last one an allowed request passed.
    public enum Stage: String, Sendable {
        case clientAddress = "client_address"
        case path
        case health
        case metrics
        case readiness
        case listener
        case admin
        case limits
        case rules
        case containerLabels = "container_labels"
        case requestLine = "request_line"
        case ownership
        case framing
        case bodyLimit = "body_limit"
        case body
        case execInstance = "exec_instance"
        case ownerCheck = "owner_check"
        case visibility
    }

    public var outcome: Outcome = .deny
    public var stage: Stage = .path
    /// The canonical path, once the request-target was read.
    public var canonicalPath: String?
    /// The endpoint's route template (`DockerEndpoint.route`), once the request-target was read.
    public var route: String?
    /// The 0-based index of the rule that decided.
    public var ruleIndex: Int?
    /// nil for requests no policy decided (`/health`).
    public var reasonCode: ReasonCode? = .invalidPath
    public var reason = ""
    /// The client's profile (`clients.profiles`), when it has one.
    public var profile: String?
    /// Set when a warn or audit policy let a would-be denial through.
    public var rolloutMode: RolloutMode?
    /// What a container or exec create's body asked for; recorded only in learn mode
    /// (`DeciderSettings.recordsBodyFeatures`).
    public var features: BodyFeatures?

    public init() {}

    /// The answer was one object the client may not see (`ResponseRedactor` said `.hidden`): denied in enforce mode,
    /// a would-be denial otherwise. Returns whether to hide it.
    public mutating func recordHidden(mode: RolloutMode) -> Bool {
        let denial = VisibilityCheck.hidden
        guard mode == .enforce else {
            recordWouldDeny(denial, at: .visibility, reason: denial.message, mode: mode)
            return false
        }
        recordDenial(denial, at: .visibility, reason: denial.message)
        return true
    }

    /// A refusal: what the access log says of a denied request.
    mutating func recordDenial(_ denial: Denial, at stage: Stage, reason: String) {
        outcome = .deny
        self.stage = stage
        reasonCode = denial.reasonCode
        self.reason = reason
        if let index = denial.ruleIndex { ruleIndex = index }
    }

    /// A denial a warn or audit policy lets through: the first one is the one recorded.
    mutating func recordWouldDeny(_ denial: Denial, at stage: Stage, reason: String, mode: RolloutMode) {
        if outcome != .wouldDeny {
            outcome = .wouldDeny
            self.stage = stage
            reasonCode = denial.reasonCode
            self.reason = reason
            if let index = denial.ruleIndex { ruleIndex = index }
        }
        rolloutMode = mode
    }

    /// The rule as the Go sockguard logs it (`rule`, `matched_rule`): the deciding rule's 0-based index, -1 when
    /// the rules were consulted and none matched, 0 when the request never reached them (address, path, health,
    /// metrics, listener).
    public var loggedRule: Int {
        if let ruleIndex { return ruleIndex }
        switch stage {
        case .clientAddress, .path, .health, .metrics, .readiness, .listener, .limits: return 0
        default: return -1
        }
    }
}
