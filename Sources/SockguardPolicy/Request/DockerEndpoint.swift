/// Which Docker Engine API endpoint a canonical path is: its resource family, the object it names, the action on
/// it, and the route template that logs, metrics and learn mode count it under.
///
/// Templates are the Go sockguard's (`RouteCategory`): `/containers/{id}/start`, `/images/{id}/json` (an image
/// name's slashes all fall inside `{id}`), `/plugins/{name}/enable`, `/swarm/init`, `/system/df`, `/build`,
/// `/tasks/...`, so its dashboards read ours. Unlike Go's, they are bounded whatever a client sends: an action or a
/// family the Engine API does not have is `unknown`, never the client's own text, so 10,000 invented paths make
/// one series, not 10,000.
public struct DockerEndpoint: Sendable, Equatable {
    public enum Family: String, Sendable, CaseIterable {
        case ping = "_ping"
        case version, events, info, auth, commit, session, grpc, build, system, distribution
        case containers, exec, images, networks, volumes, secrets, configs, services, tasks, nodes, swarm, plugins
        /// A path outside the Engine API.
        case unknown
    }

    public var family: Family
    /// The object the path names (a container id or name, an image reference with its slashes); nil for a
    /// collection or a fixed endpoint.
    public var resource: String?
    /// What is done to `resource`, or the collection's fixed endpoint: `start`, `attach/ws`, `json`, `create`.
    public var action: String?
    /// The template this endpoint is counted under.
    public var route: String

    /// `canonicalPath` is `CanonicalRequestTarget.path`: decoded, dot segments resolved, version prefix removed.
    public init(canonicalPath: String) {
        let segments = canonicalPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var endpoint =
            Self.parse(segments) ?? DockerEndpoint(family: .unknown, resource: nil, action: nil, route: "unknown")
        // Go counts a few families as one route each; so do we, for its dashboards' sake.
        switch endpoint.family {
        case .ping, .version, .events, .info, .build: endpoint.route = "/" + endpoint.family.rawValue
        case .tasks, .distribution, .auth, .commit, .session, .grpc: endpoint.route = "/\(endpoint.family.rawValue)/..."
        default: break
        }
        self = endpoint
    }

    init(family: Family, resource: String?, action: String?, route: String) {
        self.family = family
        self.resource = resource
        self.action = action
        self.route = route
    }

    private static func parse(_ segments: [String]) -> DockerEndpoint? {
        guard let first = segments.first else {
            return DockerEndpoint(family: .unknown, resource: nil, action: nil, route: "/")
        }
        guard let family = Family(rawValue: first), family != .unknown else { return nil }
        let shape = shapes[family] ?? Shape(slot: nil)
        let rest = Array(segments.dropFirst())
        if rest.isEmpty {
            return DockerEndpoint(family: family, resource: nil, action: nil, route: "/" + first)
        }
        if rest.count == 1, shape.fixed.contains(rest[0]) {
            return DockerEndpoint(family: family, resource: nil, action: rest[0], route: "/\(first)/\(rest[0])")
        }
        guard let slot = shape.slot else { return nil }
        // The longest known action that ends the path; what is before it is the object (image names keep their
        // slashes).
        for (action, actionSegments) in shape.actionsLongestFirst {
            guard rest.count > actionSegments.count, Array(rest.suffix(actionSegments.count)) == actionSegments,
                shape.multiSegmentResource || rest.count == actionSegments.count + 1
            else { continue }
            let resource = rest.dropLast(actionSegments.count).joined(separator: "/")
            // Go's template keeps only the last segment of the action (`attach/ws` counts as `/{id}/ws`).
            return DockerEndpoint(
                family: family,
                resource: resource,
                action: action,
                route: "/\(first)/\(slot)/\(actionSegments[actionSegments.count - 1])"
            )
        }
        guard shape.multiSegmentResource || rest.count == 1 else { return nil }
        return DockerEndpoint(family: family, resource: rest.joined(separator: "/"), action: nil, route: "/\(first)/\(slot)")
    }

    /// How one family's paths are built: fixed endpoints under it, the name of its object slot, and the actions on
    /// an object.
    struct Shape {
        var fixed: Set<String> = []
        var slot: String? = "{id}"
        var actions: Set<String> = [] {
            didSet { actionsLongestFirst = Self.longestFirst(actions) }
        }
        /// Image and plugin references contain slashes.
        var multiSegmentResource = false
        /// `actions` with their segments, longest first (`attach/ws` before `attach`): computed once, not per path.
        private(set) var actionsLongestFirst: [(action: String, segments: [String])] = []

        init(fixed: Set<String> = [], slot: String? = "{id}", actions: Set<String> = [], multiSegmentResource: Bool = false) {
            self.fixed = fixed
            self.slot = slot
            self.actions = actions
            self.multiSegmentResource = multiSegmentResource
            self.actionsLongestFirst = Self.longestFirst(actions)
        }

        static func longestFirst(_ actions: Set<String>) -> [(action: String, segments: [String])] {
            actions.sorted { ($0.count, $0) > ($1.count, $1) }.map { ($0, $0.split(separator: "/").map(String.init)) }
        }
    }

    static let shapes: [Family: Shape] = [
        .ping: Shape(slot: nil), .version: Shape(slot: nil), .events: Shape(slot: nil), .info: Shape(slot: nil),
        .auth: Shape(slot: nil), .commit: Shape(slot: nil), .session: Shape(slot: nil), .grpc: Shape(slot: nil),
        .build: Shape(fixed: ["prune", "cancel"], slot: nil),
        .system: Shape(fixed: ["df"], slot: nil),
        .distribution: Shape(slot: "{id}", actions: ["json"], multiSegmentResource: true),
        .containers: Shape(
            fixed: ["json", "create", "prune"],
            actions: [
                "json", "top", "logs", "changes", "export", "stats", "resize", "start", "stop", "restart", "kill",
                "update", "rename", "pause", "unpause", "attach", "attach/ws", "wait", "archive", "exec",
            ]
        ),
        .exec: Shape(actions: ["start", "resize", "json"]),
        .images: Shape(
            fixed: ["json", "create", "load", "prune", "search", "get"],
            actions: ["json", "history", "push", "tag", "get", "attestations"],
            multiSegmentResource: true
        ),
        .networks: Shape(fixed: ["create", "prune"], actions: ["connect", "disconnect"]),
        .volumes: Shape(fixed: ["create", "prune"]),
        .secrets: Shape(fixed: ["create"], actions: ["update"]),
        .configs: Shape(fixed: ["create"], actions: ["update"]),
        .services: Shape(fixed: ["create"], actions: ["update", "logs"]),
        .tasks: Shape(actions: ["logs"]),
        .nodes: Shape(actions: ["update"]),
        .swarm: Shape(fixed: ["init", "join", "leave", "update", "unlockkey", "unlock"], slot: nil),
        .plugins: Shape(
            fixed: ["privileges", "pull", "create"],
            slot: "{name}",
            actions: ["json", "enable", "disable", "push", "upgrade", "set"],
            multiSegmentResource: true
        ),
    ]
}
