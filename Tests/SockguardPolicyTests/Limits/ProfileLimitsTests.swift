import SockguardPolicy
import Testing

/// Limits without a clock or a socket: the bucket's arithmetic, priority shares, endpoint costs, and the decider's
/// answer to a throttle.
@Suite struct ProfileLimitsTests {
    static let rate = ProfileLimits.Rate(tokensPerSecond: 2, burst: 4)

    @Test("a full bucket admits its burst, then refuses with the whole seconds until enough tokens return")
    func bucket() {
        var bucket = TokenBucket(burst: 4, now: 100)
        for _ in 0..<4 { #expect(bucket.take(1, rate: Self.rate, now: 100) == nil) }
        #expect(bucket.take(1, rate: Self.rate, now: 100) == 1)  // 1 token at 2/s: 0.5 s, rounded up
        #expect(bucket.take(3, rate: Self.rate, now: 100) == 2)  // 3 tokens: 1.5 s
        #expect(bucket.take(1, rate: Self.rate, now: 100.5) == nil)  // refilled one
        #expect(bucket.take(1, rate: Self.rate, now: 100.5) == 1)
        #expect(bucket.take(0, rate: Self.rate, now: 200) == nil)  // a cost under 1 takes 1
        #expect(bucket.tokens == 3)
    }

    @Test("a lowered burst (a reload) caps the tokens at once")
    func lowered() {
        var bucket = TokenBucket(burst: 4, now: 0)
        let smaller = ProfileLimits.Rate(tokensPerSecond: 1, burst: 1)
        #expect(bucket.take(1, rate: smaller, now: 0) == nil)
        #expect(bucket.take(1, rate: smaller, now: 0) == 1)
    }

    @Test(
        "priority shares of the global cap are Go's, rounded down, never 0 for high",
        arguments: [
            (ProfileLimits.Priority.low, 10, 5), (.normal, 10, 8), (.high, 10, 10), (.low, 1, 0), (.normal, 1, 0),
            (.high, 1, 1), (.normal, 3, 2),
        ]
    )
    func priorities(_ priority: ProfileLimits.Priority, _ globalMax: Int, _ threshold: Int) {
        #expect(priority.threshold(globalMax: globalMax) == threshold)
    }

    @Test("the first endpoint cost that matches method and path wins; anything else costs 1")
    func costs() throws {
        let rate = ProfileLimits.Rate(
            tokensPerSecond: 10,
            burst: 20,
            endpointCosts: [
                .init(path: try GlobPattern("/build"), methods: ["POST"], cost: 10),
                .init(path: try GlobPattern("/images/**"), cost: 5),
                .init(path: try GlobPattern("/images/create"), cost: 8),
            ]
        )
        #expect(rate.cost(method: "POST", path: "/build") == 10)
        #expect(rate.cost(method: "GET", path: "/build") == 1)
        #expect(rate.cost(method: "POST", path: "/images/create") == 5)
        #expect(rate.cost(method: "GET", path: "/containers/json") == 1)
    }
}
