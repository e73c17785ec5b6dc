/// `admin.*`: the proxy's own admin endpoints, answered before the rules and never forwarded. `POST validatePath`
/// checks a candidate configuration (its YAML is the body); `GET policyVersionPath` reports the policy in force.
public struct AdminEndpoints: Sendable, Equatable {
    public var validatePath: String
    public var policyVersionPath: String
    /// The largest candidate configuration `validatePath` reads.
    public var maxRequestBytes: Int

    public init(
        validatePath: String = "/admin/validate",
        policyVersionPath: String = "/admin/policy/version",
        maxRequestBytes: Int = 524_288
    ) {
        self.validatePath = validatePath
        self.policyVersionPath = policyVersionPath
        self.maxRequestBytes = maxRequestBytes
    }
}

/// Where a listener stands with the admin endpoints (as in sockguard Go).
public enum AdminPlacement: Sendable, Equatable {
    /// Not served here: the admin paths are Docker API paths like any other, judged by the rules.
    case absent
    /// Served on this proxy listener, after the limits and before the rules (`admin.mount_on`, or the only
    /// listener when `admin.listen` is not set).
    case mounted
    /// `admin.listen`: a listener of its own that serves the admin paths and nothing else (404 for any other path).
    case dedicated
}

/// What the proxy answers for an admin endpoint.
public enum AdminRequest: Sendable, Equatable {
    /// Check this candidate configuration (YAML) and say whether it would load.
    case validate([UInt8])
    /// Describe the policy in force.
    case policyVersion
}
