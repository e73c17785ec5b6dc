import SockguardPolicy

/// One entry of `clients.profiles`: a named policy of its own (rules and request-body options) for the clients
/// assigned to it.
public struct ClientProfileConfig: Sendable, Equatable {
    public var name: String
    public var rules: [RuleConfig]
    public var requestBody: RequestBodyConfig
    /// `mode`: how this profile's denials apply.
    public var mode: RolloutMode
    /// What this profile's clients see redacted: the top-level `response` with the profile's `response` over it.
    public var redaction: ResponseRedaction
    /// `limits`: rate, concurrency cap and priority; nil when the profile has none.
    public var limits: ProfileLimits?

    public init(
        name: String,
        rules: [RuleConfig],
        requestBody: RequestBodyConfig = RequestBodyConfig(),
        mode: RolloutMode = .enforce,
        redaction: ResponseRedaction = ResponseRedaction(),
        limits: ProfileLimits? = nil
    ) {
        self.limits = limits
        self.name = name
        self.rules = rules
        self.requestBody = requestBody
        self.mode = mode
        self.redaction = redaction
    }
}
