/// `clients.profiles[].limits` (and the global gate's priority): how fast and how much at once a profile's clients
/// may ask, as the Go sockguard limits them. All clients of a profile share its limits; clients no profile selects
/// share those of `_anonymous` (the global gate only, at normal priority).
public struct ProfileLimits: Sendable, Equatable {
    /// `limits.rate`: a token bucket refilled at `tokensPerSecond` up to `burst`; a request takes `cost(...)` tokens.
    public struct Rate: Sendable, Equatable {
        public var tokensPerSecond: Double
        public var burst: Double
        /// First match wins; a request no entry matches costs 1.
        public var endpointCosts: [EndpointCost]

        public init(tokensPerSecond: Double, burst: Double, endpointCosts: [EndpointCost] = []) {
            self.tokensPerSecond = tokensPerSecond
            self.burst = burst
            self.endpointCosts = endpointCosts
        }

        /// Tokens `method` on canonical `path` takes.
        public func cost(method: String, path: String) -> Double {
            for entry in endpointCosts where entry.methods.isEmpty || entry.methods.contains(method) {
                if entry.path.matches(path) { return entry.cost }
            }
            return 1
        }
    }

    /// `limits.rate.endpoint_costs[]`: expensive endpoints (build, pull, exec) take more tokens.
    public struct EndpointCost: Sendable, Equatable {
        public var path: GlobPattern
        /// Upper-case methods; empty matches every method.
        public var methods: Set<String>
        public var cost: Double

        public init(path: GlobPattern, methods: Set<String> = [], cost: Double) {
            self.path = path
            self.methods = methods
            self.cost = cost
        }
    }

    /// `limits.priority`: the share of `clients.global_concurrency.max_inflight` the profile may fill.
    public enum Priority: String, Sendable, Equatable, CaseIterable {
        case low, normal, high

        /// Go's shares: low 50 %, normal 80 %, high 100 %.
        public var share: Double {
            switch self {
            case .low: 0.5
            case .normal: 0.8
            case .high: 1.0
            }
        }

        /// How many requests may be in flight in all when one of this priority is admitted: the share of
        /// `globalMax`, rounded down, and never 0 for `high`.
        public func threshold(globalMax: Int) -> Int {
            guard globalMax > 0 else { return 0 }
            let threshold = Int((Double(globalMax) * share).rounded(.down))
            return threshold < 1 && self == .high ? 1 : threshold
        }
    }

    public var rate: Rate?
    /// `limits.concurrency.max_inflight`: requests of this profile in flight at once (streams and hijacked sessions
    /// hold theirs until they end).
    public var maxInflight: Int?
    public var priority: Priority

    public init(rate: Rate? = nil, maxInflight: Int? = nil, priority: Priority = .normal) {
        self.rate = rate
        self.maxInflight = maxInflight
        self.priority = priority
    }

    /// The bucket and counter key of clients no profile selects.
    public static let anonymous = "_anonymous"
}
