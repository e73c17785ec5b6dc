import Logging
import NIOConcurrencyHelpers

/// `health.watchdog`: every round of upstream probes reports whether the active endpoint answered. Each check is
/// counted (`sockguard_upstream_watchdog_checks_total{result=connected|unreachable}`), the state is exported
/// (`sockguard_upstream_socket_up`), and each change of state is logged once: a warning when the daemon stops
/// answering, info when it answers again.
final class UpstreamWatchdog: Sendable {
    private let logger: Logger
    private let metrics: ProxyMetrics?
    private let lastUp = NIOLockedValueBox<Bool?>(nil)

    init(logger: Logger, metrics: ProxyMetrics?) {
        self.logger = logger
        self.metrics = metrics
    }

    func checked(up: Bool, detail: String) {
        metrics?.watchdogChecked(up: up)
        let previous = lastUp.withLockedValue { last in
            defer { last = up }
            return last
        }
        guard previous != up else { return }
        if up {
            logger.info("upstream watchdog: daemon reachable", metadata: ["state": "connected"])
        } else {
            logger.warning(
                "upstream watchdog: daemon unreachable",
                metadata: ["state": "unreachable", "detail": "\(detail)"]
            )
        }
    }
}
