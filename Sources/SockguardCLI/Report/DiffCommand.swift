import ArgumentParser
import FoundationEssentials
import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// `sockguard diff OLD NEW`: the endpoints (per profile) whose decision or exposure changes between two
/// configurations, widest first; `--fail-on CLASS` exits 1 when NEW opens anything that wide that OLD did not.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the endpoints whose decision or risk changes between two configurations, widest first."
    )

    @Argument(help: "The old configuration: a YAML file, or preset:NAME.")
    var old: String

    @Argument(help: "The new configuration: a YAML file, or preset:NAME.")
    var new: String

    @Option(name: [.short, .long], help: "Output format: text or json.")
    var output: OutputFormat = .text

    @Option(name: .long, help: "Exit 1 when NEW opens an endpoint or variant of this class or a wider one.")
    var failOn: RiskClass?

    func run() throws {
        var old = try Self.report(self.old)
        var new = try Self.report(self.new)
        // Both sides judge the same endpoints: Podman's when either policy opens one of them.
        if old.listsLibpod != new.listsLibpod {
            old = try Self.report(self.old, libpod: true)
            new = try Self.report(self.new, libpod: true)
        }
        let diff = PolicyDiff(old: old, new: new)
        switch self.output {
        case .text: print(Self.text(diff))
        case .json: print(Self.json(diff))
        }
        try FailOn.check(self.failOn, widest: diff.widestWidening, what: "\(self.new) widens access: it")
    }

    /// The report of a file or a preset, loaded as `report --config FILE` (or `--preset NAME`) loads it.
    static func report(_ argument: String, libpod: Bool? = nil) throws -> PolicyReport {
        let flags =
            argument.hasPrefix("preset:") ? ["--preset", String(argument.dropFirst(7))] : ["--config", argument]
        do {
            let (loaded, settings) = try CommonOptions.parse(flags).loadSettings()
            return PolicyReport(settings: settings, loaded: loaded, libpod: libpod)
        } catch {
            // The problem itself is printed already; say which of the two it was.
            Console.writeError("(in \(argument))\n")
            throw error
        }
    }

    static func text(_ diff: PolicyDiff) -> String {
        guard !diff.changes.isEmpty else { return "no endpoint changes its decision or exposure" }
        let width = diff.changes.map(\.endpoint.template.count).max() ?? 0
        return diff.changes.map { change in
            let sign = change.widening != nil ? "+" : change.narrows ? "-" : "~"
            let risk = (change.widening ?? change.newExposure ?? change.oldExposure)?.rawValue ?? "-"
            var line =
                "\(sign) \(risk.padding(10)) \(change.endpoint.method.padding(6)) \(change.endpoint.template.padding(width))"
            line += "  [\(change.group)]  \(change.decision(change.old)) -> \(change.decision(change.new))"
            if !change.opened.isEmpty { line += "; now open: " + change.opened.joined(separator: ", ") }
            if !change.closed.isEmpty { line += "; now blocked: " + change.closed.joined(separator: ", ") }
            return line
        }.joined(separator: "\n")
    }

    static func json(_ diff: PolicyDiff) -> String {
        func quote(_ text: String) -> String { ReportRenderer.quote(text) }
        func list(_ names: [String]) -> String { "[" + names.map(quote).joined(separator: ",") + "]" }
        let changes = diff.changes.map { change in
            ReportRenderer.object([
                ("profile", quote(change.group)), ("method", quote(change.endpoint.method)),
                ("endpoint", quote(change.endpoint.template)),
                ("old_decision", quote(change.decision(change.old))),
                ("new_decision", quote(change.decision(change.new))),
                ("old_exposes", change.oldExposure.map { quote($0.rawValue) } ?? "null"),
                ("new_exposes", change.newExposure.map { quote($0.rawValue) } ?? "null"),
                ("widens", change.widening.map { quote($0.rawValue) } ?? "null"),
                ("opened", list(change.opened)), ("closed", list(change.closed)),
            ])
        }
        return ReportRenderer.object([
            ("widens", diff.widestWidening.map { quote($0.rawValue) } ?? "null"),
            ("changes", "[" + changes.joined(separator: ",\n") + "]"),
        ])
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - self.count))
    }
}
