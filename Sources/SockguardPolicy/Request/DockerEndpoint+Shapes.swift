extension DockerEndpoint {
    /// How one family's paths are built: fixed endpoints under it, the name of its object slot, and the actions on
    /// an object, each with the methods dockerd routes to it.
    struct Shape {
        /// Fixed endpoints under the family (`create`, `prune`), with their methods.
        var fixed: [String: Set<String>]
        var slot: String?
        /// Image and plugin references contain slashes.
        var multiSegmentResource: Bool
        /// The actions on one object with their segments and methods, longest first (`attach/ws` before `attach`):
        /// computed once, not per path.
        let actionsLongestFirst: [(action: String, segments: [String], methods: Set<String>)]

        init(
            fixed: [String: Set<String>] = [:],
            slot: String? = "{id}",
            actions: [String: Set<String>] = [:],
            multiSegmentResource: Bool = false
        ) {
            self.fixed = fixed
            self.slot = slot
            self.multiSegmentResource = multiSegmentResource
            self.actionsLongestFirst = actions.sorted { ($0.key.count, $0.key) > ($1.key.count, $1.key) }.map {
                ($0.key, $0.key.split(separator: "/").map(String.init), $0.value)
            }
        }
    }

    /// GET, with HEAD as net/http answers it.
    private static let get: Set<String> = ["GET", "HEAD"]
    private static let post: Set<String> = ["POST"]

    /// The Engine API's routes, as dockerd's router registers them.
    static let shapes: [Family: Shape] = [
        .ping: Shape(slot: nil), .version: Shape(slot: nil), .events: Shape(slot: nil), .info: Shape(slot: nil),
        .auth: Shape(slot: nil), .commit: Shape(slot: nil), .session: Shape(slot: nil), .grpc: Shape(slot: nil),
        .build: Shape(fixed: ["prune": post, "cancel": post], slot: nil),
        .system: Shape(fixed: ["df": get], slot: nil),
        .distribution: Shape(actions: ["json": get], multiSegmentResource: true),
        .containers: Shape(
            fixed: ["json": get, "create": post, "prune": post],
            actions: [
                "json": get, "top": get, "logs": get, "changes": get, "export": get, "stats": get, "attach/ws": get,
                "resize": post, "start": post, "stop": post, "restart": post, "kill": post, "update": post,
                "rename": post, "pause": post, "unpause": post, "attach": post, "wait": post, "exec": post,
                "archive": get.union(["PUT"]),
            ]
        ),
        .exec: Shape(actions: ["start": post, "resize": post, "json": get]),
        .images: Shape(
            fixed: ["json": get, "create": post, "load": post, "prune": post, "search": get, "get": get],
            actions: ["json": get, "history": get, "get": get, "attestations": get, "push": post, "tag": post],
            multiSegmentResource: true
        ),
        .networks: Shape(fixed: ["create": post, "prune": post], actions: ["connect": post, "disconnect": post]),
        .volumes: Shape(fixed: ["create": post, "prune": post]),
        .secrets: Shape(fixed: ["create": post], actions: ["update": post]),
        .configs: Shape(fixed: ["create": post], actions: ["update": post]),
        .services: Shape(fixed: ["create": post], actions: ["update": post, "logs": get]),
        .tasks: Shape(actions: ["logs": get]),
        .nodes: Shape(actions: ["update": post]),
        .swarm: Shape(
            fixed: ["init": post, "join": post, "leave": post, "update": post, "unlockkey": get, "unlock": post],
            slot: nil
        ),
        .plugins: Shape(
            fixed: ["privileges": get, "pull": post, "create": post],
            slot: "{name}",
            actions: ["json": get, "enable": post, "disable": post, "push": post, "upgrade": post, "set": post],
            multiSegmentResource: true
        ),
    ]
}
