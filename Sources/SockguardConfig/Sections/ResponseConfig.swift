import SockguardPolicy

/// `response:`: what sockguard tells a client it refused, and what it removes from the daemon's answers.
public struct ResponseConfig: Sendable, Equatable {
    /// How much a denial body says.
    public enum DenyVerbosity: String, Sendable, Equatable, CaseIterable {
        /// Only that the request was denied (production).
        case minimal
        /// Also the method, path and matched rule (rule authoring).
        case verbose
    }

    public var denyVerbosity: DenyVerbosity = .minimal
    /// `redact_container_env`, `redact_mount_paths`, `redact_network_topology`, `redact_sensitive_data`,
    /// `visible_resource_labels`. All four redactions are on by default, as in sockguard (Go); Traefik, which routes
    /// by container addresses, needs `redact_network_topology: false`.
    public var redaction = ResponseRedaction()
    /// Go's `allow_attestation_statements`, `name_patterns` and `image_patterns`: loaded so configs that carry their
    /// defaults (false, empty) load; anything else is refused until this version applies them.
    public var allowAttestationStatements = false
    public var namePatterns: [String] = []
    public var imagePatterns: [String] = []

    public init() {}
}

/// Shorthand used by the public API description.
public typealias DenyVerbosity = ResponseConfig.DenyVerbosity
