import FoundationEssentials
import Logging
import ServiceLifecycle
import SockguardConfig
import SockguardProxy
import UnixSignals

/// Reloads the configuration without a restart: on SIGHUP always, and with `reload.enabled` when the file changes
/// (`reload.poll_interval` also compares it on a timer). Changes closer together than `reload.debounce` are applied
/// once. A configuration that does not load or validate, or that changes a field only a restart applies, leaves the
/// running policy in place; the log says which (`result=reject_load|reject_validation|reject_immutable`, with the
/// fields), as the Go sockguard's does. Success swaps the policy for requests that start from then on.
final class ConfigReloadService: Service {
    enum Trigger: String {
        case signal = "sighup"
        case file, poll
    }

    private let sources: ConfigSources
    private let store: PolicyStore
    private let logger: Logger
    /// Counts every reload's result (`sockguard_config_reload_total`) when metrics are on.
    private let metrics: ProxyMetrics?
    private let started: LoadedConfiguration
    /// Runs on every SIGHUP before the reload: the audit log reopens its file (logrotate).
    private let onSIGHUP: @Sendable () -> Void

    init(
        sources: ConfigSources,
        running: LoadedConfiguration,
        store: PolicyStore,
        logger: Logger,
        metrics: ProxyMetrics? = nil,
        onSIGHUP: @escaping @Sendable () -> Void = {}
    ) {
        self.onSIGHUP = onSIGHUP
        self.metrics = metrics
        self.sources = sources
        self.started = running
        self.store = store
        self.logger = logger
    }

    func run() async throws {
        let settings = started.configuration.reload
        let (triggers, continuation) = AsyncStream.makeStream(of: Trigger.self, bufferingPolicy: .bufferingNewest(8))
        let signals = await UnixSignalsSequence(trapping: .sighup)
        var watcher: ConfigFileWatcher?
        if settings.enabled, started.fileUsed != nil, sources.inlineYAML == nil {
            watcher = ConfigFileWatcher(watching: sources.filePath) { continuation.yield(.file) }
            if watcher == nil { logger.warning("config file watch unavailable; reloads on SIGHUP only") }
        }
        defer { watcher?.stop() }
        var state = State(running: started, fingerprint: ConfigFingerprint(sources))
        logger.info(
            "config reload ready",
            metadata: [
                "policy_version": "\(state.fingerprint.hex)", "watch": "\(watcher != nil)",
                "poll_interval": "\(settings.pollInterval.map { "\($0)" } ?? "off")",
            ]
        )
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals {
                    self.onSIGHUP()
                    continuation.yield(.signal)
                }
            }
            if let interval = settings.pollInterval {
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        continuation.yield(.poll)
                    }
                }
            }
            for await trigger in triggers.cancelOnGracefulShutdown() {
                // Debounce: whatever else arrives meanwhile is folded into this reload.
                try? await Task.sleep(for: settings.debounce)
                self.reload(trigger, state: &state)
            }
            group.cancelAll()
        }
    }

    struct State {
        var running: LoadedConfiguration
        var fingerprint: ConfigFingerprint
    }

    /// One reload attempt. A watch or poll that finds the file's bytes unchanged does nothing.
    func reload(_ trigger: Trigger, state: inout State) {
        let fingerprint = ConfigFingerprint(sources)
        if trigger != .signal, fingerprint.fileBytes == state.fingerprint.fileBytes { return }
        state.fingerprint = fingerprint
        var metadata: Logger.Metadata = ["trigger": "\(trigger.rawValue)"]
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigLoader.load(sources)
        } catch {
            let unreadable = error.issues.isEmpty || error.issues.contains { $0.message.hasPrefix("invalid YAML") }
            metadata["error"] = "\(error.description)"
            reject(unreadable ? "reject_load" : "reject_validation", metadata)
            return
        }
        let change = ConfigChange(from: state.running, to: loaded)
        guard change.immutable.isEmpty else {
            metadata["changed_fields"] = "\(change.immutable.joined(separator: ","))"
            reject("reject_immutable", metadata)
            return
        }
        let settings: ProxySettings
        do {
            settings = try ProxySettings.make(from: loaded)
        } catch {
            metadata["error"] = "\(error)"
            reject("reject_validation", metadata)
            return
        }
        store.replace(with: settings)
        state.running = loaded
        metadata["result"] = "ok"
        metadata["changed_fields"] = "\(change.mutable.joined(separator: ","))"
        metadata["policy_version"] = "\(fingerprint.hex)"
        metadata["generation"] = "\(store.generation)"
        logger.info("config reload applied", metadata: metadata)
        metrics?.reloaded(result: "ok")
        metrics?.setPolicyVersion(store.generation)
    }

    private func reject(_ result: String, _ metadata: Logger.Metadata) {
        var metadata = metadata
        metadata["result"] = "\(result)"
        let why =
            switch result {
            case "reject_load": "load failed"
            case "reject_immutable": "immutable fields changed; restart required to apply"
            default: "validation failed"
            }
        logger.warning("config reload rejected: \(why)", metadata: metadata)
        metrics?.reloaded(result: result)
    }
}
