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

    /// The plan for `method` and canonical `path`; a denial when the query cannot be rewritten safely.
    public func plan(method: String, path: String, query: String?) -> OwnershipOutcome<Plan> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard let first = segments.first else { return .proceed(Plan()) }
        var plan = Plan()
        let isRead = method == "GET" || method == "HEAD"
        do throws(OwnershipRefusal) {
            switch (method, segments.count, first) {
            // Lists, prunes and the event stream: only this owner's objects.
            case ("GET", 2, "containers") where segments[1] == "json",
                ("GET", 1, "networks"), ("GET", 1, "volumes"), ("GET", 1, "services"), ("GET", 1, "secrets"),
                ("GET", 1, "configs"), ("GET", 1, "events"),
                ("POST", 2, "containers") where segments[1] == "prune",
                ("POST", 2, "networks") where segments[1] == "prune",
                ("POST", 2, "volumes") where segments[1] == "prune",
                ("POST", 2, "images") where segments[1] == "prune":
                plan.query = try addingOwnerFilter(to: query)
            case ("GET", 2, "images") where segments[1] == "json" && !allowUnownedImages:
                plan.query = try addingOwnerFilter(to: query)
            case ("POST", 2, "containers") where segments[1] == "create":
                plan.stampsBody = true
                plan.checksBodyReferences = true
            case ("POST", 2, "networks") where segments[1] == "create",
                ("POST", 2, "volumes") where segments[1] == "create",
                ("POST", 2, "services") where segments[1] == "create",
                ("POST", 2, "secrets") where segments[1] == "create",
                ("POST", 2, "configs") where segments[1] == "create":
                plan.stampsBody = true
            case ("POST", 1, "build"):
                plan.query = try addingOwnerBuildLabel(to: query)
            default:
                if let check = Self.objectReference(method: method, segments: segments, isRead: isRead) {
                    plan.checks = [check]
                }
            }
        } catch {
            return .deny(error.denial)
        }
        return .proceed(plan)
    }

    /// The object a request on one object names: `/containers/{ref}/...`, `/networks/{ref}`, `/images/{name}/json`.
    static func objectReference(method: String, segments: [String], isRead: Bool) -> OwnerCheck? {
        guard segments.count >= 2, !segments[1].isEmpty else { return nil }
        let reference = segments[1]
        let collection: Set<String>
        let kind: OwnedResourceKind
        switch segments[0] {
        case "containers": (kind, collection) = (.container, ["create", "json", "prune"])
        case "networks": (kind, collection) = (.network, ["create", "prune"])
        case "volumes": (kind, collection) = (.volume, ["create", "prune"])
        case "services": (kind, collection) = (.service, ["create"])
        case "secrets": (kind, collection) = (.secret, ["create"])
        case "configs": (kind, collection) = (.config, ["create"])
        case "images": return imageReference(method: method, segments: segments, isRead: isRead)
        case "exec": return OwnerCheck(kind: .exec, reference: reference, isRead: isRead)
        default: return nil
        }
        if segments.count == 2 && collection.contains(reference) { return nil }
        return OwnerCheck(kind: kind, reference: reference, isRead: isRead)
    }

    /// Image names have slashes: `/images/{name...}/{json|history|push|tag|get}`, and `DELETE /images/{name...}`.
    static func imageReference(method: String, segments: [String], isRead: Bool) -> OwnerCheck? {
        let operations: Set<String> = ["json", "history", "push", "tag", "get"]
        let name: ArraySlice<String>
        if method == "DELETE" {
            name = segments[1...]
        } else if segments.count >= 3, let last = segments.last, operations.contains(last) {
            name = segments[1..<(segments.count - 1)]
        } else {
            return nil
        }
        return OwnerCheck(kind: .image, reference: name.joined(separator: "/"), isRead: isRead)
    }
}
