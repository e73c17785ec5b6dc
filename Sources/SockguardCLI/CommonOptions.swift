import ArgumentParser
import Foundation
import SockguardConfig

/// Options every subcommand takes.
struct CommonOptions: ParsableArguments {
    @Option(
        name: [.customShort("c"), .customLong("config")],
        help: "Configuration file. A missing default file means built-in defaults; a missing named file is an error."
    )
    var config: String?

    /// Loads the configuration with precedence flags > env > file > defaults.
    func load(overrides: [String: String] = [:]) throws(ConfigError) -> LoadedConfiguration {
        try ConfigLoader.load(
            ConfigSources(
                filePath: self.config ?? ConfigSources.defaultFilePath,
                fileIsExplicit: self.config != nil,
                environment: ProcessInfo.processInfo.environment,
                overrides: overrides
            )
        )
    }
}

/// Prints a configuration error the same way for `serve` and `validate`, then exits 1.
func failOnConfigError(_ error: ConfigError) -> ExitCode {
    FileHandle.standardError.write(Data("sockguard: invalid configuration\n\(error.description)\n".utf8))
    return ExitCode(1)
}
