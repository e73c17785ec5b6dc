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
    }

    private let state = NIOLockedValueBox(State())
    private let metrics: ProxyMetrics?

    init(metrics: ProxyMetrics?) {
        self.metrics = metrics
    }

    func admit(_ request: AdmissionRequest, globalMax: Int?) -> Outcome {
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        let limits = request.limits
        let outcome: Outcome = state.withLockedValue { state in
            if let rate = limits?.rate {
                var bucket = state.buckets[request.key] ?? TokenBucket(burst: rate.burst, now: now)
                let retryAfter = bucket.take(request.cost, rate: rate, now: now)
                state.buckets[request.key] = bucket
                if let retryAfter { return .throttled(.rateLimitExceeded, retryAfter: retryAfter) }
            }
            var ticket = Ticket(key: request.key, profileSlot: false, globalSlot: false)
            if let globalMax {
                let threshold = (limits?.priority ?? .normal).threshold(globalMax: globalMax)
                guard state.global < threshold else { return .throttled(.priorityFloor, retryAfter: nil) }
                state.global += 1
                ticket.globalSlot = true
            }
            if let cap = limits?.maxInflight {
                guard state.inflight[request.key, default: 0] < cap else {
                    if ticket.globalSlot { state.global -= 1 }
                    return .throttled(.concurrencyCap, retryAfter: nil)
                }
                state.inflight[request.key, default: 0] += 1
                ticket.profileSlot = true
            }
            return .admitted(ticket)
        }
        switch outcome {
        case .throttled(let reason, _):
            metrics?.throttled(profile: request.key, reason: reason, mode: request.mode)
        case .admitted(let ticket) where ticket.profileSlot:
            metrics?.setInflight(profile: ticket.key, count: inflight(ticket.key))
        case .admitted:
            break
        }
        return outcome
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

    func inflight(_ key: String) -> Int {
        state.withLockedValue { $0.inflight[key, default: 0] }
    }

    var globalInflight: Int { state.withLockedValue { $0.global } }
}
