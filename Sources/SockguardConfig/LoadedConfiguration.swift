import SockguardPolicy

/// Where the compiled rules came from.
public enum RuleSource: String, Sendable, Equatable {
    /// The `rules:` list of the configuration file.
    case configuration
    /// Generated from Tecnativa/LinuxServer variables (`CONTAINERS=1`, ...) because no `rules:` were set.
    case compatibilityEnvironment
    /// `RuleSet.defaults`: neither `rules:` nor compatibility variables were present.
    case defaults
}

/// A validated configuration with its rules compiled and their provenance.
public struct LoadedConfiguration: Sendable {
    public var configuration: Configuration
    public var ruleSet: RuleSet
    /// One per compiled rule: `"rules[3]"`, `"env CONTAINERS"`, `"env ALLOW_START"`, `"linuxserver CONTAINERS_ID_LOGS"`,
    /// `"default deny"`, or `"default"` for `RuleSet.defaults`.
    public var ruleOrigins: [String]
    public var ruleSource: RuleSource
    /// The file that was read; nil when the default file did not exist.
    public var fileUsed: String?
    /// Compatibility variables that were present but ignored because `rules:` are configured; worth a warning.
    public var ignoredCompatibilityVariables: [String]

    public init(
        configuration: Configuration,
        ruleSet: RuleSet,
        ruleOrigins: [String],
        ruleSource: RuleSource,
        fileUsed: String?,
        ignoredCompatibilityVariables: [String] = []
    ) {
        self.configuration = configuration
        self.ruleSet = ruleSet
        self.ruleOrigins = ruleOrigins
        self.ruleSource = ruleSource
        self.fileUsed = fileUsed
        self.ignoredCompatibilityVariables = ignoredCompatibilityVariables
    }
}
