import ArgumentParser

/// `sockguard`: a default-deny proxy for the Docker Engine API. `serve` is the default subcommand.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct SockguardCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sockguard",
        abstract: "A default-deny proxy for the Docker Engine API.",
        version: SockguardVersion.current,
        subcommands: [
            ServeCommand.self, ValidateCommand.self, MatchCommand.self, ReportCommand.self, DiffCommand.self,
            LearnCommand.self,
            PresetsCommand.self, HealthCommand.self,
            VersionCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )

    public init() {}
}

/// The version this binary reports.
public enum SockguardVersion {
    public static let current = "0.1.0"
    /// The newest Docker Engine API version this build was written against.
    public static let engineAPI = "1.56"
}

/// Text or JSON output for `match` and `version`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension SockguardCommand {
    /// Parses the process arguments and runs the chosen subcommand, awaiting async ones.
    public static func runFromCommandLine(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
