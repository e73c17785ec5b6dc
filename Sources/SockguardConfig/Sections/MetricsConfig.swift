/// `metrics:`: Prometheus text exposition of the proxy's counters, on the proxy's own listeners (as in sockguard
/// Go: after the address allowlist and listener admission, before the rules).
public struct MetricsConfig: Sendable, Equatable {
    public var enabled: Bool = false
    /// Must start with `/` and differ from `health.path`.
    public var path: String = "/metrics"

    public init() {}
}
