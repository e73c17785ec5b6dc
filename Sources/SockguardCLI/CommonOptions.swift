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

    /// Loads the configuration with precedence flags > env > file > defaults. On any problem it prints every
    /// issue, one `<key path>: <reason>` per line, the same way for every subcommand, and exits 1.
    func load(overrides: [String: String] = [:]) throws -> LoadedConfiguration {
        do {
            return try ConfigLoader.load(self.sources(overrides: overrides))
        } catch {
            throw failOnConfigError(error.description)
        }
    }
}

extension CommonOptions {
    /// Where the configuration is read from: the file, this process's environment, and `overrides` (flags).
    func sources(overrides: [String: String] = [:]) -> ConfigSources {
        ConfigSources(
            filePath: self.config ?? ConfigSources.defaultFilePath,
            fileIsExplicit: self.config != nil,
            environment: ProcessInfo.processInfo.environment,
            overrides: overrides
        )
    }
}

/// Prints a configuration problem to stderr and returns the exit code 1 to throw.
func failOnConfigError(_ description: String) -> ExitCode {
    FileHandle.standardError.write(Data("sockguard: invalid configuration\n\(description)\n".utf8))
    return ExitCode(1)
}
