
/// The rules and inspectors one client's requests are judged by: the configuration's own, or those of the
/// client's profile (`clients.profiles`). Built once per configuration; connections share them.
public final class ClientPolicy: Sendable {
    /// The profile's name; nil for the configuration's top-level rules.
    public let profile: String?
    public let ruleSet: RuleSet
    public let inspectors: InspectorRegistry
    /// How its denials apply: refused, or forwarded and logged as `would_deny`.
    public let mode: RolloutMode
    /// What its clients see redacted in the daemon's answers.
    public let redactor: ResponseRedactor
    /// `limits`: the profile's rate, concurrency cap and priority; nil when it has none.
    public let limits: ProfileLimits?

    public init(
        profile: String?,
        ruleSet: RuleSet,
        inspectors: InspectorRegistry,
        mode: RolloutMode = .enforce,
        redactor: ResponseRedactor = ResponseRedactor(.none),
        limits: ProfileLimits? = nil
    ) {
        self.limits = limits
        self.profile = profile
        self.ruleSet = ruleSet
        self.inspectors = inspectors
        self.mode = mode
        self.redactor = redactor
    }

    /// The reason written on rule `index`, if it has one.
    public func reason(ofRule index: Int?) -> String? {
        guard let index, index < ruleSet.rules.count else { return nil }
        let reason = ruleSet.rules[index].reason
        return reason.isEmpty ? nil : reason
    }
}

/// `clients.profiles` with their assignments. A client is judged by its profile; one no assignment (and no
/// `default_profile`) names is judged by the top-level rules and `request_body`, as in sockguard (Go).
public struct ClientProfiles: Sendable {
    public var policies: [String: ClientPolicy]
    public var assignments: ProfileAssignments

    public init(policies: [String: ClientPolicy], assignments: ProfileAssignments) {
        self.policies = policies
        self.assignments = assignments
    }

    /// The client's profile's policy; nil when no profile applies.
    public func policy(for client: ClientIdentity) -> ClientPolicy? {
        assignments.profile(for: client).flatMap { policies[$0] }
    }
}
