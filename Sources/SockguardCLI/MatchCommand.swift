import ArgumentParser
import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// `sockguard match -X METHOD --path PATH [--body FILE] [--profile NAME | --client-ip IP | --uid N]`: what the proxy
/// would do with a request, decided by the same `RequestDecider` that `serve` runs: the decision, the reason code,
/// the rule, the client's profile and the check that decided.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Show what the proxy would do with a request: decision, reason, rule, profile, deciding check."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: [.customShort("X"), .long], help: "HTTP method.")
    var method: String = "GET"

    @Option(name: .long, help: "Request path as a client would send it, e.g. /v1.41/containers/json?all=1.")
    var path: String

    @Option(name: .long, help: "A file holding the request body (a create's JSON, a build context, an archive).")
    var body: String?

    @Option(name: [.customShort("H"), .long], help: "A request header, \"Name: value\" (repeatable).")
    var header: [String] = []

    @Option(name: .long, help: "Judge the request as a client of this profile (clients.profiles).")
    var profile: String?

    @Option(name: .long, help: "Judge the request as a TCP client at this address (allowed_cidrs, source_ip_profiles).")
    var clientIP: String?

    @Option(name: .long, help: "Judge the request as a unix-socket client running as this user (unix_peer_profiles).")
    var uid: UInt32?

    @Option(name: .long, help: "The unix-socket client's group (with --uid).")
    var gid: UInt32?

    @Option(name: .long, help: "The listener the request came through (listeners[].name).")
    var listener: String = "default"

    @Option(name: [.short, .long], help: "Output format: text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        if [self.profile != nil, self.clientIP != nil, self.uid != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give at most one of --profile, --client-ip and --uid")
        }
        if self.gid != nil && self.uid == nil {
            throw ValidationError("--gid needs --uid")
        }
    }

    func run() throws {
        let loaded = try self.common.load()
        let settings = try ProxySettings.make(from: loaded)
        let method = self.method.uppercased()
        var fields: [(String, String)] = [
            ("config", loaded.fileUsed ?? "built-in defaults"), ("method", method), ("path", self.path),
        ]
        if loaded.ruleSource == .compatibilityEnvironment {
            fields.append(("compat_mode", loaded.configuration.compat.rawValue))
        }
        let client = try self.client(settings)
        let probe = DecisionProbe(settings: settings.deciderSettings, client: client)
        let (step, verdict) = try self.decide(probe, method: method)
        if let canonical = verdict.canonicalPath { fields.append(("normalized_path", canonical)) }
        if let profile = verdict.profile { fields.append(("profile", profile)) }
        fields += Self.stepFields(step, verdict: verdict)
        let rules = client.policy.ruleSet
        if let index = verdict.ruleIndex {
            fields += Self.ruleFields(index, loaded, rules: rules)
        } else if verdict.stage == .rules {
            fields.append(("rule", "none"))
        }
        if !verdict.reason.isEmpty { fields.append(("reason", verdict.reason)) }
        switch self.output {
        case .text:
            print(OutputRenderer.render(fields, as: .text))
        case .json:
            // The Go sockguard's shape (`matched_rule` with a 1-based index), our flat fields beside it.
            let object = OutputRenderer.render(fields, as: .json)
            guard let index = verdict.ruleIndex, index < rules.rules.count else {
                print(object)
                return
            }
            print(object.dropLast() + ",\"matched_rule\":" + Self.matchedRule(index, rules) + "}")
        }
    }

    /// `{"index":N (1-based),"method","path","action","reason"?}`, as the Go sockguard prints it.
    static func matchedRule(_ index: Int, _ rules: RuleSet) -> String {
        let rule = rules.rules[index]
        var fields = [
            ("method", rule.methods.description), ("path", rule.path.source), ("action", rule.action.rawValue),
        ]
        if !rule.reason.isEmpty { fields.append(("reason", rule.reason)) }
        let rendered = OutputRenderer.render(fields, as: .json)
        return "{\"index\":\(index + 1)," + rendered.dropFirst()
    }

    /// The rule's 0-based index, where it was written (top-level rules only: a profile's rules are its own), and
    /// what it matches.
    static func ruleFields(_ index: Int, _ loaded: LoadedConfiguration, rules: RuleSet) -> [(String, String)] {
        var fields = [("rule", String(index))]
        if rules == loaded.ruleSet, index < loaded.ruleOrigins.count {
            fields.append(("origin", loaded.ruleOrigins[index]))
        }
        if index < rules.rules.count {
            let rule = rules.rules[index]
            fields.append(("rule_match", "\(rule.methods.description) \(rule.path.source)"))
        }
        return fields
    }
}

/// Renders flat key/value output as aligned text or a one-line JSON object.
enum OutputRenderer {
    static func render(_ fields: [(String, String)], as format: OutputFormat) -> String {
        switch format {
        case .text:
            let width = fields.map(\.0.count).max() ?? 0
            return fields.map { key, value in
                key + ":" + String(repeating: " ", count: width - key.count + 1) + value
            }.joined(separator: "\n")
        case .json:
            return "{" + fields.map { key, value in quote(key) + ":" + quote(value) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ string: String) -> String { JSONString.quote(string) }
}
