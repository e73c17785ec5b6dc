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
    /// The YAML itself, read instead of `filePath` (a candidate sent to `POST admin.path`).
    public var inlineYAML: String?

    public static let defaultFilePath = "/etc/sockguard/sockguard.yaml"

    /// A candidate configuration (`POST admin.path`), loaded as sockguard (Go) loads one: its YAML alone, with no
    /// `SOCKGUARD_*` variables and no aliases, but the Tecnativa/LinuxServer variables of `environment` still
    /// applied, as they are to the running configuration.
    public static func candidate(yaml: String, environment: [String: String]) -> ConfigSources {
        var sources = ConfigSources(
            filePath: "(candidate)",
            fileIsExplicit: true,
            environment: environment.filter { name, _ in
                CompatibilityNames.all.contains(name) && ConfigEnvironmentVariable(rawValue: name) == nil
            }
        )
        sources.inlineYAML = yaml
        return sources
    }

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
