/// A token bucket as the Go sockguard's: full (`burst`) when created, refilled continuously at `tokensPerSecond`.
/// A value: the caller keeps it under its own lock, and tests drive it with their own clock.
public struct TokenBucket: Sendable, Equatable {
    public private(set) var tokens: Double
    private var lastRefill: Double

    /// `now` in seconds on any monotonic clock.
    public init(burst: Double, now: Double) {
        self.tokens = burst
        self.lastRefill = now
    }

    /// Takes `cost` tokens (at least 1) if there are enough: nil. Otherwise takes none and answers how many whole
    /// seconds until there will be (`Retry-After`).
    public mutating func take(_ cost: Double, rate: ProfileLimits.Rate, now: Double) -> Int? {
        let cost = max(cost, 1)
        if now > lastRefill {
            tokens = min(tokens + (now - lastRefill) * rate.tokensPerSecond, rate.burst)
            lastRefill = now
        }
        // A reload may have lowered the burst.
        tokens = min(tokens, rate.burst)
        guard tokens < cost else {
            tokens -= cost
            return nil
        }
        return Int(((cost - tokens) / rate.tokensPerSecond).rounded(.up))
    }
}
