import ArgumentParser
import FoundationEssentials
import Logging
import NIOCore
import ServiceLifecycle
import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// `sockguard serve`: runs the proxy until SIGTERM or SIGINT. Refuses to start on any configuration problem.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the proxy (default).")

    @OptionGroup var common: CommonOptions

    @OptionGroup var proxy: ProxyOptions

    @Option(name: .long, help: "debug, info, warn or error (log.level).")
    var logLevel: String?

    @Option(name: .long, help: "json or text (log.format).")
    var logFormat: String?

    @Option(name: .long, help: "minimal or verbose: how much a 403 body says (response.deny_verbosity).")
    var denyVerbosity: String?

    var overrides: [String: String] {
        var overrides = self.proxy.overrides
        overrides["log.level"] = self.logLevel
        overrides["log.format"] = self.logFormat
        overrides["response.deny_verbosity"] = self.denyVerbosity
        return overrides
    }

    func run() async throws {
        let loaded = try self.common.load(overrides: self.overrides)
        let configuration = loaded.configuration
        let logging = try ProxyLogging(configuration.log)
        let logger = logging.logger
        let settings: ProxySettings
        do {
            settings = try ProxySettings.make(from: loaded)
        } catch {
            throw failOnConfigError("\(error)")
        }
        for name in loaded.ignoredCompatibilityVariables {
            logger.warning(
                "compatibility variable ignored: explicit rules are configured",
                metadata: ["variable": "\(name)"]
            )
        }
        for scope in loaded.visibilityPatternsWithoutSelectors {
            logger.warning(
                """
                visibility name/image patterns are set without any visible_resource_labels selector: they filter \
                containers and images only, so /events and the other lists stay unfiltered; add a label selector \
                to constrain them
                """,
                metadata: ["scope": "\(scope)"]
            )
        }
        var auditLog: AuditLog?
        if configuration.log.audit.enabled {
            do {
                auditLog = try AuditLog(output: configuration.log.audit.output, logger: logger)
            } catch {
                throw failOnConfigError("\(error)")
            }
        }
        let accessLog = logging.accessLog
        let server = ProxyServer(settings: settings, logger: logger, accessLog: accessLog, auditLog: auditLog)
        let reloader = ConfigReloadService(
            sources: try self.common.sources(overrides: self.overrides),
            running: loaded,
            store: server.policies,
            logger: logger,
            metrics: server.metrics,
            onSIGHUP: { [auditLog] in auditLog?.reopen() }
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server), .init(service: reloader)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            logger.error("proxy stopped", metadata: ["error": "\(error)"])
            await accessLog.shutdown()
            await auditLog?.shutdown()
            throw ExitCode(1)
        }
        await accessLog.shutdown()
        await auditLog?.shutdown()
    }
}

extension Logger.Level {
    init(_ level: LogConfig.Level) {
        switch level {
        case .debug: self = .debug
        case .info: self = .info
        case .warn: self = .warning
        case .error: self = .error
        }
    }
}
