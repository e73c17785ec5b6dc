import ArgumentParser
import SockguardConfig
import SockguardProxy

/// `sockguard validate`: loads the configuration like `serve` would, prints the compiled rule table, and exits 1
/// on any problem, naming the key and the reason.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the configuration and print the compiled rule table."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        // The TLS files are loaded as `serve` loads them, so a certificate that does not parse fails here too.
        let (loaded, settings) = try self.common.loadSettings()
        print("configuration OK (\(loaded.fileUsed ?? "no file, built-in defaults"))")
        for listener in settings.listeners {
            let tls = listener.tls.map { _ in " with mutual TLS (TLS 1.3)" } ?? ""
            let profiles = listener.allowedProfiles.map { " for profiles \($0.sorted().joined(separator: ", "))" } ?? ""
            let label = listener.role == .admin ? "admin:   " : "listen:  "
            print("\(label) \(ListenerDescription.describe(listener.listener))\(tls)\(profiles)")
        }
        if let admin = settings.admin {
            let place =
                settings.listeners.contains { $0.role == .admin }
                ? "its own listener" : admin.mountOn ?? "the proxy listener"
            print(
                "admin:    POST \(admin.endpoints.validatePath), GET \(admin.endpoints.policyVersionPath) on \(place)"
            )
        }
        for (index, endpoint) in settings.upstreams.enumerated() {
            print("upstream: \(endpoint)\(settings.upstreams.count > 1 ? " (priority \(index + 1))" : "")")
        }
        let scope = loaded.profiles.isEmpty ? "" : ", for clients no profile applies to"
        print("rules (\(loaded.ruleSource.rawValue)\(scope), first match wins, no match = deny):")
        print(RuleTable.render(loaded))
        let clients = loaded.configuration.clients
        for profile in loaded.profiles {
            let isDefault = clients.defaultProfile == profile.name ? ", the default" : ""
            print("profile \(profile.name)\(isDefault) (first match wins, no match = deny):")
            print(RuleTable.render(profile.ruleSet, origins: profile.ruleOrigins))
            if let limits = clients.profiles.first(where: { $0.name == profile.name })?.limits {
                print(LimitsDescription.describe(limits))
            }
        }
        if let max = clients.globalMaxInflight {
            print(LimitsDescription.describe(globalMaxInflight: max))
        }
        for name in loaded.ignoredCompatibilityVariables {
            print("note: \(name) is ignored because explicit rules are configured")
        }
    }
}
