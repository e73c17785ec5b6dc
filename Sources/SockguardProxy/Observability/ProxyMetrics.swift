import NIOConcurrencyHelpers
import NIOCore
import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Prometheus metrics with the Go sockguard's series, labels and help texts (`metrics.enabled`), so its dashboards
/// and alerts read ours. Every label is bounded whatever clients send: `route` is the endpoint template
/// (`DockerEndpoint.route`), `method` a known HTTP method or `OTHER`, `profile` a configured profile.
///
/// Written here rather than through swift-prometheus: the exposition must match Go's byte for byte where
/// dashboards parse it (bucket spellings `0.005`/`+Inf`, gauges omitted until known), and one request costs one
/// lock and one dictionary update keyed by a struct, with no label arrays built.
public final class ProxyMetrics: Sendable {
    static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    static let knownMethods: Set<String> = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
    ]

    struct RequestKey: Hashable {
        var decision, listener, method, profile, route, status: String
    }

    struct DenyKey: Hashable {
        var listener, mode, profile, reasonCode, route, rule: String
    }

    struct ThrottleKey: Hashable {
        var mode, profile, reasonCode: String
    }

    /// Everything one finished request is counted under: the labels of `http_requests_total`, of
    /// `http_denied_requests_total` (nil for a request not denied) and of the duration histogram, hashed once per
    /// request. The series are summed from these when scraped.
    struct SeriesKey: Hashable {
        var decision: String
        var listener: String
        var method: String
        var profile: String
        var route: String
        var status: Int
        var denial: Denial?

        struct Denial: Hashable {
            var mode: String
            var reasonCode: ReasonCode?
            var rule: Int
        }
    }

    struct Series {
        var count: UInt64 = 0
        var histogram = Histogram()

        mutating func record(_ seconds: Double) {
            count += 1
            histogram.observe(seconds)
        }
    }

    struct InspectorKey: Hashable {
        var inspector, mode: String
    }

    struct DurationKey: Hashable {
        var decision, method, profile, route: String
    }

    struct Histogram {
        var buckets = [UInt64](repeating: 0, count: ProxyMetrics.durationBuckets.count)
        var count: UInt64 = 0
        var sum: Double = 0

        mutating func add(_ other: Histogram) {
            for index in buckets.indices { buckets[index] += other.buckets[index] }
            count += other.count
            sum += other.sum
        }

        mutating func observe(_ seconds: Double) {
            for (index, bound) in ProxyMetrics.durationBuckets.enumerated() where seconds <= bound {
                buckets[index] += 1
            }
            count += 1
            sum += seconds
        }
    }

    struct State {
        var series: [SeriesKey: Series] = [:]
        var reloads: [String: UInt64] = [:]
        var lastReloadSuccess: Double?
        var policyVersion: Int?
        var active = 0
        var auditDropped: UInt64 = 0
        var socketUp: Bool?
        var watchdogChecks: [String: UInt64] = [:]
        var apiUp: Bool?
        var readinessChecks: [String: UInt64] = [:]
        var throttles: [ThrottleKey: UInt64] = [:]
        /// Ours: hijacked sessions (attach, exec start) open now and since start.
        var hijackedActive = 0
        var hijackedTotal: UInt64 = 0
        /// Ours: bytes of response bodies relayed or answered, hijacked streams excepted.
        var responseBytes: UInt64 = 0
        var inflight: [String: Int] = [:]
    }

    let state = NIOLockedValueBox(State())
    let version: String
    let startTime: Double
    /// `(name, network)` of every listener, for `sockguard_listener_up`.
    let listeners: [(name: String, network: String, role: String)]

    public init(version: String, listeners: [ProxySettings.ListenerSettings]) {
        self.version = version
        self.startTime = Self.now()
        self.listeners = listeners.map { listener in
            let network = if case .unix = listener.listener { "unix" } else { "tcp" }
            return (listener.name, network, listener.role.rawValue)
        }.sorted { $0.name < $1.name }
    }

    static func now() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    // MARK: Observations

    func requestStarted() {
        state.withLockedValue { $0.active += 1 }
    }

    /// One finished request: its verdict, status and duration.
    func requestFinished(method: String, verdict: Verdict, status: Int, seconds: Double, listener: String, bytes: Int) {
        let decision =
            switch verdict.outcome {
            case .unjudged: status >= 400 ? "error" : "allow"
            default: verdict.outcome.rawValue
            }
        let denied = verdict.outcome == .deny || verdict.outcome == .wouldDeny
        let key = SeriesKey(
            decision: decision,
            listener: listener,
            method: Self.knownMethods.contains(method) ? method : "OTHER",
            profile: verdict.profile ?? "default",
            route: verdict.route ?? "unknown",
            status: status,
            denial: denied
                ? SeriesKey.Denial(
                    mode: verdict.rolloutMode?.rawValue ?? "enforce",
                    reasonCode: verdict.reasonCode,
                    rule: verdict.ruleIndex ?? -1
                ) : nil
        )
        state.withLockedValue { state in
            state.active -= 1
            state.responseBytes &+= UInt64(max(0, bytes))
            state.series[key, default: Series()].record(seconds)
        }
    }

    /// The scraped series, summed from `State.series`.
    struct Aggregates {
        var requests: [RequestKey: UInt64] = [:]
        var denies: [DenyKey: UInt64] = [:]
        var durations: [DurationKey: Histogram] = [:]
        /// Ours: denials (and would-be denials) by the body inspector that made them, and mode.
        var inspectorDenials: [InspectorKey: UInt64] = [:]

        init(_ series: [SeriesKey: Series]) {
            for (key, series) in series {
                let request = RequestKey(
                    decision: key.decision,
                    listener: key.listener,
                    method: key.method,
                    profile: key.profile,
                    route: key.route,
                    status: String(key.status)
                )
                requests[request, default: 0] += series.count
                let duration = DurationKey(
                    decision: key.decision,
                    method: key.method,
                    profile: key.profile,
                    route: key.route
                )
                durations[duration, default: Histogram()].add(series.histogram)
                guard let denial = key.denial else { continue }
                let deny = DenyKey(
                    listener: key.listener,
                    mode: denial.mode,
                    profile: key.profile,
                    reasonCode: denial.reasonCode?.goCode ?? "unknown",
                    route: key.route,
                    rule: String(denial.rule)
                )
                denies[deny, default: 0] += series.count
                if let inspector = denial.reasonCode?.inspector {
                    inspectorDenials[InspectorKey(inspector: inspector, mode: denial.mode), default: 0] += series.count
                }
            }
        }
    }

    /// A configuration reload's result (`ok`, `reject_load`, `reject_validation`, `reject_immutable`).
    public func reloaded(result: String) {
        let now = Self.now()
        state.withLockedValue { state in
            state.reloads[result, default: 0] += 1
            if result == "ok" { state.lastReloadSuccess = now }
        }
    }

    /// One `health.watchdog` check of the active upstream.
    func watchdogChecked(up: Bool) {
        state.withLockedValue { state in
            state.socketUp = up
            state.watchdogChecks[up ? "connected" : "unreachable", default: 0] += 1
        }
    }

    /// One `health.readiness` probe.
    func readinessChecked(ready: Bool) {
        state.withLockedValue { state in
            state.apiUp = ready
            state.readinessChecks[ready ? "ready" : "unreachable", default: 0] += 1
        }
    }

    /// A hijacked session began; `hijackEnded` when its connection closed.
    func hijackStarted() {
        state.withLockedValue {
            $0.hijackedActive += 1
            $0.hijackedTotal += 1
        }
    }

    func hijackEnded() {
        state.withLockedValue { $0.hijackedActive -= 1 }
    }

    /// One request refused (or, in warn and audit, let through) by a limit.
    func throttled(profile: String, reason: ReasonCode, mode: RolloutMode) {
        let key = ThrottleKey(mode: mode.rawValue, profile: profile, reasonCode: reason.rawValue)
        state.withLockedValue { $0.throttles[key, default: 0] += 1 }
    }

    /// The requests of `profile` in flight under its concurrency cap.
    func setInflight(profile: String, count: Int) {
        state.withLockedValue { $0.inflight[profile] = count }
    }

    /// Audit events the full queue dropped.
    func auditEventsDropped(_ count: Int) {
        state.withLockedValue { $0.auditDropped += UInt64(count) }
    }

    /// The generation of the policy in force (1 at startup, one more per applied reload).
    public func setPolicyVersion(_ version: Int) {
        state.withLockedValue { $0.policyVersion = version }
    }
}
