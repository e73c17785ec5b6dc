import NIOConcurrencyHelpers
import NIOCore

/// `health.readiness`: whether the daemon serves its API, not only its socket. A probe `GET
/// /containers/json?limit=1` on the active endpoint every `interval` (each bounded by `timeout`) must answer 2xx; the
/// latest result answers `GET readiness.path` (the health body with `upstream` `ready` or `unreachable`; 200 or 503),
/// so a burst of readiness checks never reaches dockerd. Each probe is counted
/// (`sockguard_upstream_readiness_checks_total{result=ready|unreachable}`) and its result exported
/// (`sockguard_upstream_api_up`).
final class ReadinessMonitor: Sendable {
    static let probePath = "/containers/json?limit=1"

    private let health: HealthMonitor
    private let settings: ProxySettings.Readiness
    private let metrics: ProxyMetrics?
    private let ready = NIOLockedValueBox<Bool?>(nil)

    init(health: HealthMonitor, settings: ProxySettings.Readiness, metrics: ProxyMetrics?) {
        self.health = health
        self.settings = settings
        self.metrics = metrics
    }

    /// Probes now and every `interval` until the task is cancelled.
    func start(on eventLoop: EventLoop) -> RepeatedTask {
        eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: settings.interval) { _ in
            self.probe(on: eventLoop)
        }
    }

    func probe(on eventLoop: EventLoop) -> EventLoopFuture<Void> {
        let endpoint = health.pool.active().endpoint
        return UpstreamProbe.get(Self.probePath, from: endpoint, on: eventLoop, timeout: settings.timeout).map {
            result in
            self.ready.withLockedValue { $0 = result.healthy }
            self.metrics?.readinessChecked(ready: result.healthy)
        }
    }

    /// Not ready until the first probe answered.
    func response() -> LocalResponse {
        let isReady = ready.withLockedValue { $0 } ?? false
        return health.answer(healthy: isReady, upstream: isReady ? "ready" : "unreachable")
    }
}
