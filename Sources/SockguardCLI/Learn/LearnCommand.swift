import ArgumentParser
import FoundationEssentials
import Logging
import ServiceLifecycle
import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// `sockguard learn`: runs the proxy in front of an app, lets everything through (the starting policy in audit
/// mode, or allow-all), and writes the smallest policy that admits what the app did: on SIGINT/SIGTERM, after
/// `--duration` or `--requests`, and on SIGUSR1. `--from-log FILE` learns the same from access or audit logs.
struct LearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Watch an app's traffic and write the least-privilege policy that admits it."
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Start from allow-all instead of the configuration's rules: everything seen is learned.")
    var allowAllWhileLearning = false

    @Option(name: [.customShort("o"), .long], help: "Where to write the learned policy (- for standard output).")
    var output: String = "-"

    @Option(name: .long, help: "Stop and write after this long: 90s, 10m, 2h.")
    var duration: String?

    @Option(name: .long, help: "Stop and write after this many requests.")
    var requests: Int?

    @Option(name: .long, help: "Learn from an access or audit log (JSON lines; - for standard input) instead.")
    var fromLog: String?

    @OptionGroup var proxy: ProxyOptions

    func validate() throws {
        if let requests, requests < 1 { throw ValidationError("--requests must be at least 1") }
        if let duration, LearnDuration.seconds(duration) == nil {
            throw ValidationError("--duration \(duration) is not a duration such as 90s, 10m or 2h")
        }
        if self.fromLog != nil, self.duration != nil || self.requests != nil {
            throw ValidationError("--from-log reads a finished log; --duration and --requests apply to live traffic")
        }
    }

    func run() async throws {
        let writer = LearnedPolicyWriter(path: self.output, header: self.header)
        if let log = self.fromLog {
            let learner = try LogLearning.learn(from: log, startedFromAllowAll: self.allowAllWhileLearning)
            try writer.write(learner.policy)
            return
        }
        try await self.serve(writer)
    }

    var header: [String] {
        var words = ["Learned by sockguard learn"]
        if let fromLog { words.append("from \(fromLog)") }
        return [words.joined(separator: " ") + " at " + Date.now.formatted(.iso8601) + "."]
    }

    /// Runs the proxy until a signal, the duration or the request count, then writes the policy.
    func serve(_ writer: LearnedPolicyWriter) async throws {
        var (loaded, settings) = try self.common.loadSettings(overrides: self.proxy.overrides)
        guard loaded.profiles.isEmpty else {
            throw failOnConfigError(
                "clients.profiles: learn writes one policy for all clients and does not learn per profile yet; "
                    + "learn with a configuration without profiles"
            )
        }
        let limit = LearnLimit(requests: self.requests)
        let recorder = LearnRecorder(startedFromAllowAll: self.allowAllWhileLearning) { count in limit.observed(count) }
        settings.learner = recorder
        // Nothing is refused while learning: the starting policy's denials are logged as would_deny.
        settings.mode = .audit
        if self.allowAllWhileLearning {
            settings.ruleSet = RuleSet([
                try Rule(methods: MethodMatcher("*"), path: GlobPattern("/**"), action: .allow, reason: "learning")
            ])
        }
        let logging = try ProxyLogging(loaded.configuration.log)
        let logger = logging.logger
        let accessLog = logging.accessLog
        let server = ProxyServer(settings: settings, logger: logger, accessLog: accessLog, auditLog: nil)
        let trigger = LearnTrigger(
            recorder: recorder,
            writer: writer,
            duration: self.duration.flatMap(LearnDuration.seconds),
            limit: limit,
            logger: logger
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: server),
                    .init(service: trigger, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        logger.info(
            "learning",
            metadata: ["starting_policy": "\(self.allowAllWhileLearning ? "allow-all" : "configuration (audit mode)")"]
        )
        var failed = false
        do {
            try await group.run()
        } catch {
            logger.error("proxy stopped", metadata: ["error": "\(error)"])
            failed = true
        }
        await accessLog.shutdown()
        try writer.write(recorder.policy)
        logger.info(
            "learned policy written",
            metadata: ["output": "\(self.output)", "requests": "\(recorder.policy.requests)"]
        )
        if failed { throw ExitCode(1) }
    }
}
