/// `health:`: the proxy's own liveness endpoint, answered without asking the daemon or the rules.
public struct HealthConfig: Sendable, Equatable {
    public var enabled: Bool = true
    /// Must start with `/`.
    public var path: String = "/health"

    public init() {}
}
