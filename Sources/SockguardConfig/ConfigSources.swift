/// Where `ConfigLoader` reads from. Precedence: `overrides` > `environment` > the file > defaults.
public struct ConfigSources: Sendable {
    /// The YAML file.
    public var filePath: String
    /// Whether the user named the file. A missing explicit file is an error; a missing default file means
    /// built-in defaults.
    public var fileIsExplicit: Bool
    /// The process environment (`SOCKGUARD_*`, aliases, Tecnativa/LinuxServer variables).
    public var environment: [String: String]
    /// Values from command-line flags, keyed by dotted YAML key (`listen.address`, `log.level`, ...).
    public var overrides: [String: String]

    public static let defaultFilePath = "/etc/sockguard/sockguard.yaml"

    public init(
        filePath: String = ConfigSources.defaultFilePath,
        fileIsExplicit: Bool = false,
        environment: [String: String] = [:],
        overrides: [String: String] = [:]
    ) {
        self.filePath = filePath
        self.fileIsExplicit = fileIsExplicit
        self.environment = environment
        self.overrides = overrides
    }
}
