/// One request learn mode saw: who sent it, what it was, and what the starting policy said of it.
public struct LearnObservation: Sendable {
    /// The client's profile; nil without profiles.
    public var profile: String?
    public var method: String
    /// The canonical path (no version prefix, no query).
    public var path: String
    /// The request as the access log shows it (secret names redacted, no query), for the comment on its rule.
    public var example: String
    /// `allow`, or `would_deny` when the starting policy (in audit mode) would have refused it.
    public var outcome: Verdict.Outcome
    public var reasonCode: ReasonCode?
    /// The stage that would have refused it.
    public var stage: Verdict.Stage
    public var features: BodyFeatures?

    public init(
        profile: String?,
        method: String,
        path: String,
        example: String,
        outcome: Verdict.Outcome,
        reasonCode: ReasonCode? = nil,
        stage: Verdict.Stage = .rules,
        features: BodyFeatures? = nil
    ) {
        self.profile = profile
        self.method = method
        self.path = path
        self.example = example
        self.outcome = outcome
        self.reasonCode = reasonCode
        self.stage = stage
        self.features = features
    }

    /// What the decider concluded about a request the proxy handled; nil for requests no policy judged
    /// (health, metrics) and those refused outright (a malformed path, a client not allowed).
    public init?(method: String, verdict: Verdict) {
        guard let path = verdict.canonicalPath, verdict.outcome == .allow || verdict.outcome == .wouldDeny else {
            return nil
        }
        self.init(
            profile: verdict.profile,
            method: method,
            path: path,
            example: method + " " + PathRedaction.redact(path),
            outcome: verdict.outcome,
            reasonCode: verdict.reasonCode,
            stage: verdict.stage,
            features: verdict.features
        )
    }
}
