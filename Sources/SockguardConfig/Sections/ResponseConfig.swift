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
    /// `visible_resource_labels`, `name_patterns`, `image_patterns`. All four redactions are on by default, as in
    /// sockguard (Go); Traefik, which routes by container addresses, needs `redact_network_topology: false`.
    public var redaction = ResponseRedaction()
    /// Go's `allow_attestation_statements`: loaded so configs that carry its default (false) load; true is refused
    /// until this version applies it.
    public var allowAttestationStatements = false

    public init() {}
}

/// Shorthand used by the public API description.
public typealias DenyVerbosity = ResponseConfig.DenyVerbosity
