/// Learn mode's memory: every request seen, folded into the smallest policy that admits them: one allow rule per
/// endpoint (object names generalised to `*`) with the methods seen, and the `request_body` options the container
/// and exec creates needed.
///
/// Started from a policy in audit mode, only what that policy allowed is learned; what it would have refused is
/// listed, not allowed, so nothing outside the starting policy is allowed later without a person adding it.
/// Started from allow-all, everything seen is learned.
public struct PolicyLearner: Sendable {
    /// Requests seen for one rule: its methods, how many, and the first one as an example.
    struct Route: Sendable {
        var methods: Set<String>
        var count: Int
        var example: String
    }

    /// Requests that are listed rather than learned, by what refused them.
    struct Listed: Sendable {
        var count: Int
        var example: String
    }

    public let startedFromAllowAll: Bool
    public private(set) var requests = 0
    private(set) var routes: [String: Route] = [:]
    private(set) var features: Set<BodyFeatures> = []
    /// Would-be denials of the starting policy (not learned), keyed by request and reason.
    private(set) var outside: [String: Listed] = [:]
    /// Inspector refusals learn mode cannot turn into an option (a build's RUN, a pull's registry), keyed alike.
    private(set) var unrelaxed: [String: Listed] = [:]
    /// Profiles seen; learn mode writes one policy for all clients.
    public private(set) var profiles: Set<String> = []

    public init(startedFromAllowAll: Bool) {
        self.startedFromAllowAll = startedFromAllowAll
    }

    public mutating func observe(_ observation: LearnObservation) {
        requests += 1
        if let profile = observation.profile { profiles.insert(profile) }
        if observation.outcome == .wouldDeny {
            let key = observation.example + (observation.reasonCode.map { " (\($0.rawValue))" } ?? "")
            guard startedFromAllowAll else {
                outside[key, default: Listed(count: 0, example: observation.example)].count += 1
                return
            }
            if let code = observation.reasonCode, !Self.relaxable.contains(code) {
                unrelaxed[key, default: Listed(count: 0, example: observation.example)].count += 1
            }
        }
        if let features = observation.features { self.features.insert(features) }
        guard let pattern = Self.pattern(method: observation.method, path: observation.path) else {
            unrelaxed[
                observation.example + " (no rule can name this path)",
                default: Listed(count: 0, example: observation.example)
            ].count += 1
            return
        }
        routes[pattern, default: Route(methods: [], count: 0, example: observation.example)].count += 1
        routes[pattern]?.methods.insert(observation.method)
    }

    /// The reason codes a learned `request_body` option admits.
    static let relaxable: Set<ReasonCode> = [
        .containerCreatePrivileged, .containerCreateHostNetwork, .containerCreateHostPID, .containerCreateHostIPC,
        .containerCreateBindMount, .containerCreateDevices, .containerCreateCapabilities, .execPrivileged,
        .execRootUser, .execCommand,
    ]

    /// The rule path for a request: the endpoint with each segment of its object's name as `*`
    /// (`/containers/*/start`, `/images/*/*/json` for `library/busybox`); a path outside the Engine API as it is,
    /// when a glob can name it.
    public static func pattern(method: String, path: String) -> String? {
        let endpoint = DockerEndpoint(method: method, canonicalPath: path)
        var pattern: String
        if endpoint.family == .unknown {
            pattern = path
        } else if let resource = endpoint.resource {
            let stars = resource.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { _ in
                "*"
            }
            pattern = "/\(endpoint.family.rawValue)/" + stars.joined(separator: "/")
            if let action = endpoint.action, !action.isEmpty { pattern += "/" + action }
        } else {
            pattern = "/" + endpoint.family.rawValue
            if let action = endpoint.action, !action.isEmpty { pattern += "/" + action }
        }
        return (try? GlobPattern(pattern)) == nil ? nil : pattern
    }

    /// The policy learned so far.
    public var policy: LearnedPolicy {
        var policy = LearnedPolicy()
        policy.rules = routes.keys.sorted().map { path in
            let route = routes[path]!
            return LearnedPolicy.Rule(
                methods: route.methods.sorted(),
                path: path,
                count: route.count,
                example: route.example
            )
        }
        for feature in features { policy.admit(feature) }
        policy.outside = outside.keys.sorted().map { "\(outside[$0]!.count) x \($0)" }
        policy.unrelaxed = unrelaxed.keys.sorted().map { "\(unrelaxed[$0]!.count) x \($0)" }
        policy.requests = requests
        policy.startedFromAllowAll = startedFromAllowAll
        return policy
    }
}
