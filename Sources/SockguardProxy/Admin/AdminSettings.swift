import SockguardPolicy

/// `admin.*`: the admin endpoints, where they are served, and how a candidate configuration is checked.
public struct AdminSettings: Sendable {
    public var endpoints: AdminEndpoints
    /// `admin.mount_on`: the one proxy listener that serves them; nil serves them on every proxy listener (there
    /// is only one: with two or more the configuration must name one). Ignored when `admin.listen` gives them a
    /// listener of their own (a `ListenerSettings` with the `.admin` role).
    public var mountOn: String?
    /// Checks a candidate configuration the way `serve` would load it.
    public var validator: AdminValidator

    public init(endpoints: AdminEndpoints, mountOn: String? = nil, validator: @escaping AdminValidator) {
        self.endpoints = endpoints
        self.mountOn = mountOn
        self.validator = validator
    }
}

/// Checks the YAML of a candidate configuration (`POST admin.path`). Runs off the event loop.
public typealias AdminValidator = @Sendable ([UInt8]) -> AdminValidation

/// What `POST admin.path` answers: 200 with the counts when the candidate loads, 422 with every error otherwise.
/// The body is Go's: zero counts and a false `compat_active` are left out.
public struct AdminValidation: Sendable, Equatable {
    public var errors: [String]
    public var rules: Int
    public var profiles: Int
    public var compatActive: Bool

    public var ok: Bool { errors.isEmpty }

    public init(errors: [String] = [], rules: Int = 0, profiles: Int = 0, compatActive: Bool = false) {
        self.errors = errors
        self.rules = rules
        self.profiles = profiles
        self.compatActive = compatActive
    }

    var json: String {
        guard ok else { return "{\"ok\":false,\"errors\":[\(errors.map(JSONString.quote).joined(separator: ","))]}\n" }
        var body = "{\"ok\":true"
        if rules > 0 { body += ",\"rules\":\(rules)" }
        if profiles > 0 { body += ",\"profiles\":\(profiles)" }
        if compatActive { body += ",\"compat_active\":true" }
        return body + "}\n"
    }
}

/// What `GET admin.policy_version_path` reports of a policy besides its version and load time, worked out by
/// whoever compiled it.
public struct PolicySummary: Sendable, Equatable {
    /// Top-level rules.
    public var rules: Int
    /// `clients.profiles`.
    public var profiles: Int
    /// Whether Tecnativa/LinuxServer variables generated the rules.
    public var compatActive: Bool
    /// SHA-256 (hex) of the configuration file's bytes; nil without a file.
    public var configSHA256: String?

    public init(rules: Int = 0, profiles: Int = 0, compatActive: Bool = false, configSHA256: String? = nil) {
        self.rules = rules
        self.profiles = profiles
        self.compatActive = compatActive
        self.configSHA256 = configSHA256
    }
}
