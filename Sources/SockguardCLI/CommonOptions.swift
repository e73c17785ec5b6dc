import ArgumentParser
import FoundationEssentials
import SockguardConfig
import SockguardProxy

/// Options every subcommand takes.
struct CommonOptions: ParsableArguments {
    @Option(
        name: [.customShort("c"), .customLong("config")],
        help: "Configuration file. A missing default file means built-in defaults; a missing named file is an error."
    )
    var config: String?

    @Option(name: .long, help: "A shipped preset instead of a file (SOCKGUARD_PRESET); `sockguard presets` lists them.")
    var preset: String?

    /// Loads the configuration with precedence flags > env > file > defaults. On any problem it prints every
    /// issue, one `<key path>: <reason>` per line, the same way for every subcommand, and exits 1.
    func load(overrides: [String: String] = [:]) throws -> LoadedConfiguration {
        let sources: ConfigSources
        do {
            sources = try self.sources(overrides: overrides)
        } catch {
            throw failOnConfigError(error.description)
        }
        do {
            return try ConfigLoader.load(sources)
        } catch {
            throw failOnConfigError(error.description)
        }
    }
}

extension CommonOptions {
    /// Loads the configuration and builds the settings `serve` runs with (TLS files read, listeners resolved);
    /// any problem is printed as `load` prints it, and exits 1.
    func loadSettings(overrides: [String: String] = [:]) throws -> (LoadedConfiguration, ProxySettings) {
        let loaded = try self.load(overrides: overrides)
        do {
            return (loaded, try ProxySettings.make(from: loaded))
        } catch {
            throw failOnConfigError("\(error)")
        }
    }

    /// Where the configuration is read from: the file or the preset, this process's environment, and `overrides`
    /// (flags). A preset and a file are exclusive.
    func sources(overrides: [String: String] = [:]) throws(ConfigError) -> ConfigSources {
        let environment = ProcessInfo.processInfo.environment
        var sources = ConfigSources(
            filePath: self.config ?? ConfigSources.defaultFilePath,
            fileIsExplicit: self.config != nil,
            environment: environment,
            overrides: overrides
        )
        let chosen = self.preset ?? environment[Self.presetVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen else { return sources }
        let origin = self.preset != nil ? "--preset" : Self.presetVariable
        guard self.config == nil else {
            throw ConfigError.invalid([
                ConfigIssue(keyPath: origin, message: "a preset replaces the configuration file; drop --config")
            ])
        }
        guard let preset = Preset.named(chosen) else {
            throw ConfigError.invalid([
                ConfigIssue(keyPath: origin, message: "no preset named \(chosen); presets: \(Preset.names)")
            ])
        }
        sources.filePath = "preset \(preset.name)"
        sources.inlineYAML = preset.yaml + "\n"
        return sources
    }

    static let presetVariable = "SOCKGUARD_PRESET"
}

/// Prints a configuration problem to stderr and returns the exit code 1 to throw.
func failOnConfigError(_ description: String) -> ExitCode {
    Console.writeError("sockguard: invalid configuration\n\(description)\n")
    return ExitCode(1)
}
