import ArgumentParser
import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// `sockguard match -X METHOD --path PATH`: which rule decides a request, and the canonical path it was judged on.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Show which rule decides a request and the canonical path."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: [.customShort("X"), .long], help: "HTTP method.")
    var method: String = "GET"

    @Option(name: .long, help: "Request path as a client would send it, e.g. /v1.41/containers/json?all=1.")
    var path: String

    @Option(name: [.short, .long], help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let loaded = try self.common.load()
        let method = self.method.uppercased()
        var fields: [(String, String)] = [
            ("config", loaded.fileUsed ?? "built-in defaults"), ("method", method), ("path", self.path),
        ]
        if loaded.ruleSource == .compatibilityEnvironment {
            fields.append(("compat_mode", loaded.configuration.compat.rawValue))
        }
        var matched: Int?
        switch PathCanonicalizer.canonicalize(self.path) {
        case .failure(let rejection):
            fields += [("decision", "deny"), ("status", "400"), ("reason", rejection.message)]
        case .success(let target):
            fields.append(("normalized_path", target.path))
            switch loaded.ruleSet.evaluate(method: method, path: target.path) {
            case .allow(let rule):
                matched = rule.index
                fields += [("decision", "allow")] + Self.ruleFields(rule.index, loaded) + [("reason", rule.reason)]
            case .deny(let denial):
                matched = denial.ruleIndex
                fields +=
                    [("decision", "deny"), ("reason_code", denial.reasonCode.rawValue)]
                    + Self.ruleFields(denial.ruleIndex, loaded)
                if let index = denial.ruleIndex, index < loaded.ruleSet.rules.count {
                    fields.append(("reason", loaded.ruleSet.rules[index].reason))
                }
            }
        }
        switch self.output {
        case .text:
            print(OutputRenderer.render(fields, as: .text))
        case .json:
            // The Go sockguard's shape (`matched_rule` with a 1-based index), our flat fields beside it.
            let object = OutputRenderer.render(fields.filter { !($0.0 == "reason" && $0.1.isEmpty) }, as: .json)
            guard let index = matched, index < loaded.ruleSet.rules.count else {
                print(object)
                return
            }
            print(object.dropLast() + ",\"matched_rule\":" + Self.matchedRule(index, loaded) + "}")
        }
    }

    /// `{"index":N (1-based),"method","path","action","reason"?}`, as the Go sockguard prints it.
    static func matchedRule(_ index: Int, _ loaded: LoadedConfiguration) -> String {
        let rule = loaded.ruleSet.rules[index]
        var fields = [
            ("method", rule.methods.description), ("path", rule.path.source), ("action", rule.action.rawValue),
        ]
        if !rule.reason.isEmpty { fields.append(("reason", rule.reason)) }
        let rendered = OutputRenderer.render(fields, as: .json)
        return "{\"index\":\(index + 1)," + rendered.dropFirst()
    }

    static func ruleFields(_ index: Int?, _ loaded: LoadedConfiguration) -> [(String, String)] {
        guard let index else { return [("rule", "none")] }
        let origin = index < loaded.ruleOrigins.count ? loaded.ruleOrigins[index] : ""
        var fields = [("rule", String(index)), ("origin", origin)]
        if index < loaded.ruleSet.rules.count {
            let rule = loaded.ruleSet.rules[index]
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
