/// `health:`: the proxy's own liveness endpoint, answered without asking the daemon or the rules.
public struct HealthConfig: Sendable, Equatable {
    public var enabled: Bool = true
    /// Must start with `/`.
    public var path: String = "/health"
    public var watchdog = Watchdog()
    public var readiness = Readiness()

    public init() {}

    /// `health.watchdog`: probe the upstream every `interval`, log each change of state, count it in the metrics.
    public struct Watchdog: Sendable, Equatable {
        public var enabled = false
        public var interval: Duration = .seconds(5)
        public init() {}
    }

    /// `health.readiness`: `GET path` answers whether the daemon serves its API (a cached
    /// `GET /containers/json?limit=1`, refreshed every `interval`, each probe bounded by `timeout`).
    public struct Readiness: Sendable, Equatable {
        public var enabled = false
        public var path = "/ready"
        public var interval: Duration = .seconds(10)
        public var timeout: Duration = .seconds(5)
        public init() {}
    }
}
