/// Which Docker Engine API endpoint a request is: its resource family, the object it names, the action on it, and
/// the route template that logs, metrics and learn mode count it under. Parsed once per request, by the decider;
/// inspectors, ownership, redaction, stream classification and hijack detection read it, and nothing else splits a
/// request's path.
///
/// Templates are the Go sockguard's (`RouteCategory`): `/containers/{id}/start`, `/images/{id}/json` (an image
/// name's slashes all fall inside `{id}`), `/plugins/{name}/enable`, `/swarm/init`, `/system/df`, `/build`,
/// `/tasks/...`, so its dashboards read ours. Unlike Go's, they are bounded whatever a client sends: an action or a
/// family the Engine API does not have is `unknown`, never the client's own text, so 10,000 invented paths make
/// one series, not 10,000.
///
/// The method matters, as it does to dockerd's router: `POST /networks/prune` is the prune endpoint, but
/// `DELETE /networks/prune` removes the network named `prune` and `GET /networks/create` inspects the one named
/// `create`. A fixed endpoint is fixed only for the methods dockerd routes to it; with any other method the segment
/// is an object's name.
public struct DockerEndpoint: Sendable, Equatable {
    public enum Family: String, Sendable, CaseIterable {
        case ping = "_ping"
        case version, events, info, auth, commit, session, grpc, build, system, distribution
        case containers, exec, images, networks, volumes, secrets, configs, services, tasks, nodes, swarm, plugins
        /// Podman's libpod API: `action` is the path after `/libpod` (`containers/create`, `pods/p1/start`), and the
        /// route is `/libpod/<section>/...` for the sections Podman has.
        case libpod
        /// A path outside the Engine API.
        case unknown
    }

    public var family: Family
    /// The object the path names (a container id or name, an image reference with its slashes); nil for a
    /// collection or a fixed endpoint.
    public var resource: String?
    /// What is done to `resource`, or the collection's fixed endpoint: `start`, `attach/ws`, `json`, `create`.
    /// Under a known family, a path the Engine API does not have keeps its object (the first segment after the
    /// family) and the rest as its action, so ownership still checks the object; its route is `unknown`.
    public var action: String?
    /// The template this endpoint is counted under.
    public var route: String

    /// Whether the Engine API has this endpoint (its route is not `unknown`).
    public var isKnown: Bool { route != "unknown" }

    /// `method` as sent (upper case); `canonicalPath` is `CanonicalRequestTarget.path`: decoded, dot segments
    /// resolved, version prefix removed.
    public init(method: String, canonicalPath: String) {
        // Split as bytes, as the rules match and dockerd routes: as Characters, a "/" followed by a combining mark
        // would be one Character and not split.
        let segments = canonicalPath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
        var endpoint = Self.parse(method: method, segments)
        // Go counts a few families as one route each; so do we, for its dashboards' sake.
        if endpoint.isKnown {
            switch endpoint.family {
            case .ping, .version, .events, .info, .build: endpoint.route = "/" + endpoint.family.rawValue
            case .tasks, .distribution, .auth, .commit, .session, .grpc:
                endpoint.route = "/\(endpoint.family.rawValue)/..."
            default: break
            }
        }
        self = endpoint
    }

    init(family: Family, resource: String?, action: String?, route: String) {
        self.family = family
        self.resource = resource
        self.action = action
        self.route = route
    }

    /// Whether this is `family` itself (`action` nil, `GET /networks`) or its fixed endpoint `action`
    /// (`POST /containers/create`).
    public func isCollection(_ family: Family, _ action: String? = nil) -> Bool {
        isKnown && self.family == family && resource == nil && self.action == action
    }

    /// The object, when this is `action` on one object of `family` (`/containers/{id}/start`; `action` nil for the
    /// object itself, `DELETE /networks/{id}`); nil otherwise.
    public func object(of family: Family, _ action: String? = nil) -> String? {
        guard isKnown, self.family == family, self.action == action else { return nil }
        return resource
    }

    private static func parse(method: String, _ segments: [String]) -> DockerEndpoint {
        guard let first = segments.first else {
            return DockerEndpoint(family: .unknown, resource: nil, action: nil, route: "/")
        }
        guard let family = Family(rawValue: first), family != .unknown else {
            return DockerEndpoint(family: .unknown, resource: nil, action: nil, route: "unknown")
        }
        if family == .libpod { return libpod(segments.dropFirst()) }
        let shape = shapes[family] ?? Shape(slot: nil)
        let rest = segments.dropFirst()
        if rest.isEmpty {
            return DockerEndpoint(family: family, resource: nil, action: nil, route: "/" + first)
        }
        let head = rest[rest.startIndex]
        if rest.count == 1, let methods = shape.fixed[head], methods.contains(method) {
            return DockerEndpoint(family: family, resource: nil, action: head, route: "/\(first)/\(head)")
        }
        let unknown = DockerEndpoint(
            family: family,
            resource: shape.slot == nil ? nil : head,
            action: (shape.slot == nil ? rest : rest.dropFirst()).joined(separator: "/"),
            route: "unknown"
        )
        guard let slot = shape.slot else { return unknown }
        // The longest known action that ends the path; what is before it is the object (image names keep their
        // slashes).
        for (action, actionSegments, methods) in shape.actionsLongestFirst where methods.contains(method) {
            guard rest.count > actionSegments.count, rest.suffix(actionSegments.count).elementsEqual(actionSegments),
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
        guard shape.multiSegmentResource || rest.count == 1 else { return unknown }
        return DockerEndpoint(
            family: family,
            resource: rest.joined(separator: "/"),
            action: nil,
            route: "/\(first)/\(slot)"
        )
    }

    /// The sections of Podman's libpod API (its route templates stop there: `/libpod/containers/...`).
    static let libpodSections: Set<String> = [
        "_ping", "version", "info", "events", "containers", "pods", "images", "networks", "volumes", "secrets",
        "manifests", "generate", "play", "kube", "system", "exec", "build", "commit", "quadlets", "artifacts",
    ]

    private static func libpod(_ rest: ArraySlice<String>) -> DockerEndpoint {
        let action = rest.isEmpty ? nil : rest.joined(separator: "/")
        guard let section = rest.first, libpodSections.contains(section) else {
            return DockerEndpoint(family: .libpod, resource: nil, action: action, route: "unknown")
        }
        return DockerEndpoint(family: .libpod, resource: nil, action: action, route: "/libpod/\(section)/...")
    }

    /// The object, when this is libpod's `/libpod/<section>/{id}/<action>` (`libpodObject("exec", "start")` is the
    /// exec id of `/libpod/exec/{id}/start`); nil otherwise. Podman's ids and names have no slash.
    public func libpodObject(_ section: String, _ action: String) -> String? {
        guard isKnown, family == .libpod, let path = self.action else { return nil }
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard segments.count == 3, segments[0].elementsEqual(section.utf8), segments[2].elementsEqual(action.utf8),
            !segments[1].isEmpty
        else { return nil }
        return String(decoding: segments[1], as: UTF8.self)
    }
}
