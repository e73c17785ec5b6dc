import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SockguardPolicy

/// Probes every upstream endpoint (connect, TLS handshake, `GET /_ping`) in the background and records the
/// results in the `UpstreamPool`, which failover reads, and which `/health` reports: a burst of health checks
/// never turns into a burst of connections to dockerd.
final class HealthMonitor: Sendable {
    let pool: UpstreamPool
    let timeout: TimeAmount
    private let probed = NIOLockedValueBox(false)
    private let version: String
    private let started = NIODeadline.now()
    /// The `listeners` array of the answer, rendered once: names and networks do not change while serving.
    private let listeners: String
    /// `health.watchdog`: told the active endpoint's state after every round of probes; nil when off.
    let watchdog: UpstreamWatchdog?

    init(
        pool: UpstreamPool,
        timeout: TimeAmount = .seconds(2),
        version: String = "dev",
        listeners: [ProxySettings.ListenerSettings] = [],
        watchdog: UpstreamWatchdog? = nil
    ) {
        self.pool = pool
        self.watchdog = watchdog
        self.timeout = timeout
        self.version = version
        self.listeners = listeners.sorted { $0.name < $1.name }.map { listener in
            let network = if case .unix = listener.listener { "unix" } else { "tcp" }
            return "{\"name\":" + JSONString.quote(listener.name)
                + ",\"role\":\"\(listener.role.rawValue)\",\"network\":\"\(network)\",\"state\":\"serving\"}"
        }.joined(separator: ",")
    }

    /// `/health`: 200 when the active endpoint is healthy. The Go sockguard's body (`status`, `upstream`
    /// connected or unreachable, `error`, `version`, `uptime_seconds`, `listeners`), plus every endpoint's state.
    func response() -> LocalResponse {
        let snapshot = pool.snapshot
        let probedYet = probed.withLockedValue { $0 }
        let healthy = probedYet && snapshot[pool.active().index].healthy
        return answer(healthy: healthy, upstream: healthy ? "connected" : "unreachable")
    }

    /// The health body (also readiness's): `healthy` decides the status, `upstream` says what the check found.
    func answer(healthy: Bool, upstream: String) -> LocalResponse {
        let snapshot = pool.snapshot
        let active = pool.active().index
        let probedYet = probed.withLockedValue { $0 }
        var body = "{\"status\":" + JSONString.quote(healthy ? "healthy" : "unhealthy")
        body += ",\"upstream\":" + JSONString.quote(upstream)
        if !healthy { body += ",\"error\":\"upstream unreachable\"" }
        body += ",\"version\":" + JSONString.quote(version)
        body += ",\"uptime_seconds\":\((NIODeadline.now() - started).nanoseconds / 1_000_000_000)"
        body += ",\"listeners\":[" + listeners + "]"
        body += ",\"active\":" + JSONString.quote(pool.endpoints[active].description)
        body += ",\"endpoints\":["
        for (index, endpoint) in pool.endpoints.enumerated() {
            if index > 0 { body += "," }
            body += "{\"address\":" + JSONString.quote(endpoint.description)
            body += ",\"healthy\":" + (snapshot[index].healthy ? "true" : "false")
            body += ",\"active\":" + (index == active ? "true" : "false")
            body += ",\"detail\":" + JSONString.quote(probedYet ? snapshot[index].detail : "not probed yet") + "}"
        }
        body += "]}\n"
        return LocalResponse(status: healthy ? .ok : .serviceUnavailable, body: body, close: false)
    }

    /// Probes now, and then every `interval` (nil: only now) on `eventLoop`, until the returned task is
    /// cancelled.
    func start(on eventLoop: EventLoop, interval: TimeAmount?) -> RepeatedTask? {
        guard let interval else {
            _ = probeAll(on: eventLoop)
            return nil
        }
        return eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: interval) { _ in
            self.probeAll(on: eventLoop)
        }
    }

    func probeAll(on eventLoop: EventLoop) -> EventLoopFuture<Void> {
        let probes = pool.endpoints.indices.map { index in
            probe(pool.endpoints[index], on: eventLoop).map { self.pool.record(index, $0) }
        }
        return EventLoopFuture.andAllComplete(probes, on: eventLoop).map {
            self.probed.withLockedValue { $0 = true }
            let active = self.pool.snapshot[self.pool.active().index]
            self.watchdog?.checked(up: active.healthy, detail: active.detail)
        }
    }

    private func probe(_ endpoint: UpstreamEndpoint, on eventLoop: EventLoop) -> EventLoopFuture<UpstreamPool.Health> {
        UpstreamProbe.get("/_ping", from: endpoint, on: eventLoop, timeout: timeout)
    }
}
