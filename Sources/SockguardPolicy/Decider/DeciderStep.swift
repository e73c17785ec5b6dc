/// What the decider asks the proxy to do next with one request.
public enum DeciderStep: Sendable, Equatable {
    /// Answer locally; nothing of the request reaches the daemon.
    case refuse(Refusal)
    /// Answer with the proxy's health (`health.path`).
    case answerHealth
    /// Answer with the proxy's metrics (`metrics.path`).
    case answerMetrics
    /// Answer with the daemon's readiness (`health.readiness.path`).
    case answerReadiness
    /// Answer an admin endpoint (`admin.*`); nothing reaches the daemon.
    case answerAdmin(AdminRequest)
    /// Ask the limits (rate, global priority gate, profile cap) to admit the request, then call
    /// `admissionAnswered`.
    case admit(AdmissionRequest)
    /// Read the whole body (at most `limit` bytes; more is `bodyTooLarge()`), then call `bodyReceived`.
    case readBody(limit: Int)
    /// Ask the daemon `GET path` on a connection of its own, then call `lookupAnswered` or `lookupFailed`.
    case lookup(path: String)
    /// Forward the request as the plan says.
    case forward(ForwardPlan)
}

/// What the limits are asked to admit: one request of the profile `key` (`_anonymous` without a profile).
public struct AdmissionRequest: Sendable, Equatable {
    public var key: String
    /// The profile's limits; nil when it has none (the global gate alone, at normal priority).
    public var limits: ProfileLimits?
    /// Tokens the request takes (`limits.rate.endpoint_costs`).
    public var cost: Double
    /// The profile's rollout mode, for the throttle counter's `mode` label.
    public var mode: RolloutMode
    /// The canonical path, for the throttle log line.
    public var path: String

    public init(key: String, limits: ProfileLimits?, cost: Double, mode: RolloutMode, path: String = "") {
        self.key = key
        self.limits = limits
        self.cost = cost
        self.mode = mode
        self.path = path
    }
}

/// What the limits answered.
public enum Admission: Sendable, Equatable {
    case admitted
    /// Refused with this reason (`rateLimitExceeded`, `concurrencyCap`, `priorityFloor`); `retryAfter` seconds for a
    /// rate limit.
    case throttled(ReasonCode, retryAfter: Int?)
}

/// A local answer to a refused request.
public struct Refusal: Sendable, Equatable {
    public var denial: Denial
    /// When set, a verbose deny body may show this path (redacted); nil answers with the message alone.
    public var path: String?
    /// Whether the connection closes after the answer (a body that will not be read, a request that cannot be
    /// framed); otherwise it may carry the next request.
    public var closesConnection: Bool
    /// The reason logged and shown in verbose deny bodies.
    public var reason: String
    /// A rate limit's `Retry-After`, in seconds.
    public var retryAfter: Int?
    /// A 405's `Allow` header.
    public var allow: String?

    public init(denial: Denial, path: String?, closesConnection: Bool, reason: String? = nil) {
        self.denial = denial
        self.path = path
        self.closesConnection = closesConnection
        self.reason = reason ?? denial.message
    }
}

/// How an allowed request is forwarded, and how its response is relayed.
public struct ForwardPlan: Sendable, Equatable {
    public enum Hijack: Sendable, Equatable {
        /// The client sent `Connection: Upgrade` / `Upgrade: tcp` and gets dockerd's 101.
        case upgrade
        /// An old client without the Upgrade headers: upstream is asked to upgrade, the client gets `200 OK`.
        case legacy
    }

    /// The target to forward (`forwardTarget`): canonical path, API version, and the query (ownership may add to it).
    public var target: CanonicalRequestTarget
    /// A body to forward instead of the one received (the owner label stamped into a create).
    public var replacementBody: [UInt8]?
    public var hijack: Hijack?
    /// A stream (events, logs -f, pulls, builds, hijacks): never cut by `upstream.request_timeout`.
    public var isStream: Bool
    /// The answer's shape when `response.*` rewrites it.
    public var redaction: ResponseShape?
}
