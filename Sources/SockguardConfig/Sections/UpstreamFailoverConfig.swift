/// `upstream.failover:`: how endpoints are health-checked.
public struct UpstreamFailoverConfig: Sendable, Equatable {
    /// `health_interval`: period of the background probe. nil means no background probing, only one probe at
    /// startup (a negative duration in the file; zero is refused as ambiguous).
    public var healthInterval: Duration? = .seconds(5)
    /// `health_timeout`: deadline of one probe (connect, plus the TLS handshake for TLS endpoints).
    public var healthTimeout: Duration = .seconds(2)

    public init() {}
}
