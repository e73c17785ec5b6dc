/// `metrics:`: Prometheus text exposition of the proxy's counters, on the proxy's own listeners (as in sockguard
/// Go: after the address allowlist and listener admission, before the rules).
public struct MetricsConfig: Sendable, Equatable {
    public var enabled: Bool = false
    /// Must start with `/` and differ from `health.path`.
    public var path: String = "/metrics"

    public init() {}
}

/// `admin:`: the Go sockguard's admin endpoints (`POST path` validates a candidate config, `GET
/// policy_version_path` reports the running policy). Their keys load and are checked, so Go configs that carry them
/// disabled load unchanged; enabling them is refused until this version serves them.
public struct AdminConfig: Sendable, Equatable {
    public var enabled = false
    public var path = "/admin/validate"
    public var maxRequestBytes = 524_288
    public var policyVersionPath = "/admin/policy/version"

    public init() {}
}
