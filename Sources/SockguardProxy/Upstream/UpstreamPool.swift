import NIOConcurrencyHelpers

/// The upstream endpoints in priority order, and what the proxy knows of their health.
///
/// New upstream connections go to the active endpoint: the first healthy one. A failed dial marks its
/// endpoint unhealthy at once (the failing request gets a 502 and is not retried: writes are not
/// idempotent), so the next connection goes to the next healthy endpoint; background probes
/// (`HealthMonitor`) mark endpoints healthy again, and a recovered endpoint of higher priority takes its
/// place back. When none is healthy, the first is tried.
final class UpstreamPool: Sendable {
    struct Health: Sendable, Equatable {
        var healthy: Bool
        var detail: String
    }

    let endpoints: [UpstreamEndpoint]
    private let health: NIOLockedValueBox<[Health]>

    init(endpoints: [UpstreamEndpoint]) {
        precondition(!endpoints.isEmpty, "the configuration layer always resolves at least one upstream")
        self.endpoints = endpoints
        // Until the first probe, every endpoint is presumed healthy: the primary is tried first.
        self.health = NIOLockedValueBox(endpoints.map { _ in Health(healthy: true, detail: "not probed yet") })
    }

    /// The endpoint new connections use, with its index.
    func active() -> (index: Int, endpoint: UpstreamEndpoint) {
        let index = health.withLockedValue { $0.firstIndex(where: \.healthy) } ?? 0
        return (index, endpoints[index])
    }

    func markFailed(_ index: Int, reason: String) {
        health.withLockedValue { $0[index] = Health(healthy: false, detail: reason) }
    }

    func record(_ index: Int, _ result: Health) {
        health.withLockedValue { $0[index] = result }
    }

    var snapshot: [Health] { health.withLockedValue { $0 } }
}
