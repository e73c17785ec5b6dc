import ArgumentParser
import FoundationEssentials
import SockguardPolicy
import SockguardProxy

/// `sockguard report`: every endpoint of the Engine API, for every profile, with what the policy decides (allowed,
/// allowed with inspection, denied), the check that decides, and what it exposes (host-root, secret, disruption,
/// read-only). `--fail-on CLASS` exits 1 when anything that wide is open, for CI.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show what a policy exposes: every Engine API endpoint, its decision and its risk, per profile."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: [.short, .long], help: "Output format: text, json or markdown.")
    var output: ReportFormat = .text

    @Option(
        name: .long,
        help: "Exit 1 when an endpoint exposes this class or a wider one (host-root, secret, disruption)."
    )
    var failOn: RiskClass?

    @Option(
        name: .long,
        help: "Judge requests as arriving on this listener (listeners[].name); the first one by default."
    )
    var listener: String?

    func run() throws {
        let (loaded, settings) = try self.common.loadSettings()
        if let listener, !settings.listeners.contains(where: { $0.name == listener }) {
            throw ValidationError("no listener named \(listener)")
        }
        let report = PolicyReport(settings: settings, loaded: loaded, listener: self.listener)
        print(ReportRenderer.render(report, as: self.output, colour: self.output == .text && Terminal.wantsColour))
        try FailOn.check(self.failOn, widest: report.widestExposure, what: "the policy")
    }
}

/// `--fail-on CLASS` for `report` and `diff`: exit 1 when `widest` is that class or wider.
enum FailOn {
    static func check(_ threshold: RiskClass?, widest: RiskClass?, what: String) throws {
        guard let threshold, let widest, widest <= threshold else { return }
        Console.writeError("sockguard: \(what) exposes \(widest.rawValue) (--fail-on \(threshold.rawValue))\n")
        throw ExitCode(1)
    }
}

/// Whether standard output is a terminal that wants colour (`NO_COLOR` unset).
enum Terminal {
    static var wantsColour: Bool {
        Console.outputIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

extension RiskClass: ExpressibleByArgument {}
