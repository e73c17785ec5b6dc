import Logging
import NIOConcurrencyHelpers
import NIOCore
import SockguardPolicy

/// The state behind `clients.global_concurrency` and `clients.profiles[].limits`: token buckets and in-flight
/// counts per profile, and the global in-flight count. One per server, kept across reloads: a reload changes the
/// limits, never the counts of requests in flight.
///
/// The order is Go's: the rate first (a throttled request takes no token), then the global priority gate, then the
/// profile's own cap. A request admitted holds a `Ticket` until it ends (streams and hijacked sessions until they
/// close); `release` gives its slots back.
final class Limiter: Sendable {
    /// The slots one admitted request holds.
    struct Ticket: Sendable {
        var key: String
        var profileSlot: Bool
        var globalSlot: Bool
    }

    enum Outcome: Sendable {
        case admitted(Ticket)
        case throttled(ReasonCode, retryAfter: Int?)
    }

    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var inflight: [String: Int] = [:]
        var global = 0
        /// When each (profile, reason) last wrote its `throttle` line.
        var lastLogged: [String: Double] = [:]
    }

    private let state = NIOLockedValueBox(State())
    private let metrics: ProxyMetrics?
    private let logger: Logger?

    init(metrics: ProxyMetrics?, logger: Logger? = nil) {
        self.metrics = metrics
        self.logger = logger
    }

    func admit(_ request: AdmissionRequest, globalMax: Int?) -> Outcome {
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        let limits = request.limits
        // The profile's in-flight count after admission, read under the same lock (for the gauge).
        let (outcome, inflightCount): (Outcome, Int) = state.withLockedValue { state in
            if let rate = limits?.rate {
                var bucket = state.buckets[request.key] ?? TokenBucket(burst: rate.burst, now: now)
                let retryAfter = bucket.take(request.cost, rate: rate, now: now)
                state.buckets[request.key] = bucket
                if let retryAfter { return (.throttled(.rateLimitExceeded, retryAfter: retryAfter), 0) }
            }
            var ticket = Ticket(key: request.key, profileSlot: false, globalSlot: false)
            if let globalMax {
                let threshold = (limits?.priority ?? .normal).threshold(globalMax: globalMax)
                guard state.global < threshold else { return (.throttled(.priorityFloor, retryAfter: nil), 0) }
                state.global += 1
                ticket.globalSlot = true
            }
            if let cap = limits?.maxInflight {
                guard state.inflight[request.key, default: 0] < cap else {
                    if ticket.globalSlot { state.global -= 1 }
                    return (.throttled(.concurrencyCap, retryAfter: nil), 0)
                }
                state.inflight[request.key, default: 0] += 1
                ticket.profileSlot = true
            }
            return (.admitted(ticket), state.inflight[request.key, default: 0])
        }
        switch outcome {
        case .throttled(let reason, _):
            metrics?.throttled(profile: request.key, reason: reason, mode: request.mode)
            logThrottle(request, reason: reason, globalMax: globalMax, now: now)
        case .admitted(let ticket) where ticket.profileSlot:
            metrics?.setInflight(profile: ticket.key, count: inflightCount)
        case .admitted:
            break
        }
        return outcome
    }

    /// Go's `throttle` line at INFO, at most once a second per profile and reason (the counter counts them all),
    /// with the limit that refused.
    private func logThrottle(_ request: AdmissionRequest, reason: ReasonCode, globalMax: Int?, now: Double) {
        guard let logger else { return }
        let sampleKey = request.key + "\u{0}" + reason.rawValue
        let due = state.withLockedValue { state in
            guard now - state.lastLogged[sampleKey, default: -1] >= 1 else { return false }
            state.lastLogged[sampleKey] = now
            return true
        }
        guard due else { return }
        var group: Logger.Metadata = [
            "client_id": "\(request.key)", "reason": "\(reason.rawValue)", "path": "\(request.path)",
        ]
        let limits = request.limits
        switch reason {
        case .rateLimitExceeded:
            group["tokens_per_second"] = "\(limits?.rate?.tokensPerSecond ?? 0)"
            group["burst"] = "\(limits?.rate?.burst ?? 0)"
            group["cost"] = "\(request.cost)"
        case .concurrencyCap:
            group["max_inflight"] = "\(limits?.maxInflight ?? 0)"
        default:
            group["priority"] = "\((limits?.priority ?? .normal).rawValue)"
            group["global_max_inflight"] = "\(globalMax ?? 0)"
        }
        logger.info("throttle", metadata: ["throttle": .dictionary(group)])
    }

    func release(_ ticket: Ticket) {
        let count: Int = state.withLockedValue { state in
            if ticket.globalSlot { state.global = max(0, state.global - 1) }
            guard ticket.profileSlot else { return -1 }
            let count = max(0, state.inflight[ticket.key, default: 0] - 1)
            state.inflight[ticket.key] = count
            return count
        }
        if count >= 0 { metrics?.setInflight(profile: ticket.key, count: count) }
    }
}
