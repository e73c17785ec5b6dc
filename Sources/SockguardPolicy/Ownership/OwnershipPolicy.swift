/// Owner-label isolation (`ownership.*`): every object this client creates is labelled `label_key=owner`, lists,
/// prunes and events are filtered to that label, and any request on one object is forwarded only after the
/// daemon confirmed, right then, that the object carries this owner's label. Images nobody owns stay readable
/// and usable (`allow_unowned_images`).
public struct OwnershipPolicy: Sendable, Equatable {
    public var owner: String
    public var labelKey: String
    public var allowUnownedImages: Bool

    public static let defaultLabelKey = "com.sockguard.owner"

    public init(owner: String, labelKey: String = defaultLabelKey, allowUnownedImages: Bool = true) {
        self.owner = owner
        self.labelKey = labelKey
        self.allowUnownedImages = allowUnownedImages
    }

    /// `label_key=owner`, as a filter and a selector.
    public var ownerLabel: String { "\(labelKey)=\(owner)" }

    /// What ownership adds to one allowed request.
    public struct Plan: Sendable, Equatable {
        /// The query to forward instead of the client's (an owner filter, a build label); nil keeps it.
        public var query: String?
        /// Objects to check before forwarding.
        public var checks: [OwnerCheck] = []
        /// A create whose JSON body gets the owner label (`Labels`).
        public var stampsBody = false
        /// `POST /containers/create`: the image, networks, volumes and containers its body names are checked too.
        public var checksBodyReferences = false

        /// Whether the request must be held (its body read) before it can be forwarded.
        public var holdsRequest: Bool { !checks.isEmpty || stampsBody || checksBodyReferences }
    }

    /// The plan for `method` on `endpoint` with the client's `query`; a denial when the query cannot be rewritten
    /// safely.
    public func plan(method: String, endpoint: DockerEndpoint, query: String?) -> OwnershipOutcome<Plan> {
        var plan = Plan()
        let isRead = method == "GET" || method == "HEAD"
        let collection = { (family: DockerEndpoint.Family, action: String?) in endpoint.isCollection(family, action) }
        do throws(OwnershipRefusal) {
            switch method {
            // Lists, prunes and the event stream: only this owner's objects.
            case "GET"
            where collection(.containers, "json") || collection(.networks, nil) || collection(.volumes, nil)
                || collection(.services, nil) || collection(.secrets, nil) || collection(.configs, nil)
                || collection(.events, nil):
                plan.query = try addingOwnerFilter(to: query)
            case "POST"
            where collection(.containers, "prune") || collection(.networks, "prune") || collection(.volumes, "prune")
                || collection(.images, "prune"):
                plan.query = try addingOwnerFilter(to: query)
            case "GET" where collection(.images, "json") && !allowUnownedImages:
                plan.query = try addingOwnerFilter(to: query)
            case "POST" where collection(.containers, "create"):
                plan.stampsBody = true
                plan.checksBodyReferences = true
            case "POST"
            where collection(.networks, "create") || collection(.volumes, "create") || collection(.services, "create")
                || collection(.secrets, "create") || collection(.configs, "create"):
                plan.stampsBody = true
            case "POST" where collection(.build, nil):
                plan.query = try addingOwnerBuildLabel(to: query)
            default:
                if let check = Self.objectReference(method: method, endpoint: endpoint, isRead: isRead) {
                    plan.checks = [check]
                }
            }
        } catch {
            return .deny(error.denial)
        }
        return .proceed(plan)
    }

    /// The object a request on one object names: `/containers/{ref}/...`, `/networks/{ref}`, `/images/{name}/json`.
    /// Under these families a path the Engine API does not have is checked too (its first segment is the object),
    /// so an owner check never depends on the proxy knowing every action.
    static func objectReference(method: String, endpoint: DockerEndpoint, isRead: Bool) -> OwnerCheck? {
        guard let reference = endpoint.resource, !reference.isEmpty else { return nil }
        let kind: OwnedResourceKind
        switch endpoint.family {
        case .containers: kind = .container
        case .networks: kind = .network
        case .volumes: kind = .volume
        case .services: kind = .service
        case .secrets: kind = .secret
        case .configs: kind = .config
        case .exec: kind = .exec
        case .images:
            // `/images/{name...}/{json|history|push|tag|get}`, and `DELETE /images/{name...}`.
            let operations: Set<String> = ["json", "history", "push", "tag", "get"]
            let named = method == "DELETE" ? endpoint.action == nil : endpoint.action.map(operations.contains) ?? false
            return named ? OwnerCheck(kind: .image, reference: reference, isRead: isRead) : nil
        default: return nil
        }
        return OwnerCheck(kind: kind, reference: reference, isRead: isRead)
    }
}
