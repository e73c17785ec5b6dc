/// `metrics:`: Prometheus text exposition of the proxy's counters, on the proxy's own listeners (as in sockguard
/// Go: after the address allowlist and listener admission, before the rules).
public struct MetricsConfig: Sendable, Equatable {
    public var enabled: Bool = false
    /// Must start with `/` and differ from `health.path`.
    public var path: String = "/metrics"

    public init() {}
}

/// `admin:`: the Go sockguard's admin endpoints (`POST path` validates a candidate config, `GET
/// policy_version_path` reports the running policy), served on the proxy listener (`mount_on` names which one when
/// there are several).
public struct AdminConfig: Sendable, Equatable {
    public var enabled = false
    public var path = "/admin/validate"
    public var maxRequestBytes = 524_288
    public var policyVersionPath = "/admin/policy/version"
    /// The `listeners[].name` that serves the admin endpoints; required with two or more listeners.
    public var mountOn: String?
    /// `admin.listen`: a listener of the admin endpoints' own (the proxy listeners then do not serve them); nil
    /// when neither its socket nor its address is set.
    public var listen: ListenConfig?
    /// `admin.listen.insecure_allow_wide_open`: accepts a plaintext non-loopback admin address with no
    /// `clients.allowed_cidrs`.
    public var insecureAllowWideOpen = false

    public init() {}
}
