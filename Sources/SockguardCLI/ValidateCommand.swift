import ArgumentParser
import SockguardConfig

/// `sockguard validate`: loads the configuration like `serve` would, prints the compiled rule table, and exits 1
/// on any problem, naming the key and the reason.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the configuration and print the compiled rule table."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let loaded = try self.common.load()
        print("configuration OK (\(loaded.fileUsed ?? "no file, built-in defaults"))")
        print("listen:   \(ListenerDescription.describe(loaded.configuration.listenEndpoint))")
        print("upstream: unix://\(loaded.configuration.upstream.socket)")
        print("rules (\(loaded.ruleSource.rawValue), first match wins, no match = deny):")
        print(RuleTable.render(loaded))
        for name in loaded.ignoredCompatibilityVariables {
            print("note: \(name) is ignored because explicit rules are configured")
        }
    }
}
