/// What visibility (`ResponseRedaction+Visibility`) does to a read before it is forwarded, as sockguard (Go) does:
/// lists and `/events` get the label selectors added to their `filters`, and a read of one container, image,
/// service or task whose answer is not itself checked (logs, stats, top, changes, export, archive, history, a saved
/// image, an exec instance of the container) waits for the daemon's inspect answer about the object: a hidden object
/// answers 404.
///
/// Inspect answers (`/containers/{id}/json`, `/images/{name}/json`, services, tasks, networks, volumes, ...) and lists
/// are checked as they come back instead (`ResponseRedactor`): no second request.
struct VisibilityCheck: Sendable, Equatable {
    /// The object's inspect path (`GET`).
    var lookupPath: String
    /// How to read the inspect answer; nil for an exec instance, whose container's answer decides.
    var shape: ResponseShape?

    /// The check a `GET`/`HEAD` of `endpoint` needs under `visibility`, or nil.
    static func check(method: String, endpoint: DockerEndpoint, visibility: ResponseRedaction) -> VisibilityCheck? {
        guard method == "GET" || method == "HEAD", visibility.hidesResources, endpoint.isKnown,
            let resource = endpoint.resource, let action = endpoint.action
        else { return nil }
        let encoded = PercentEncoding.encodePath(resource)
        let check: VisibilityCheck? =
            switch (endpoint.family, action) {
            case (.containers, "logs"), (.containers, "stats"), (.containers, "top"), (.containers, "changes"),
                (.containers, "export"), (.containers, "archive"), (.containers, "attach/ws"):
                VisibilityCheck(lookupPath: "/containers/\(encoded)/json", shape: .containerInspect)
            case (.images, "history"), (.images, "get"), (.images, "attestations"):
                VisibilityCheck(lookupPath: "/images/\(encoded)/json", shape: .imageInspect)
            case (.services, "logs"):
                VisibilityCheck(lookupPath: "/services/\(encoded)", shape: .serviceInspect)
            case (.tasks, "logs"):
                VisibilityCheck(lookupPath: "/tasks/\(encoded)", shape: .taskInspect)
            case (.exec, "json"):
                VisibilityCheck(lookupPath: "/exec/\(encoded)/json", shape: nil)
            default:
                nil
            }
        guard let check, visibility.hides(in: check.shape ?? .containerInspect) else { return nil }
        return check
    }

    /// The `filters` key a list or `/events` narrows by label (`node.label` for nodes), or nil.
    static func labelFilterKey(method: String, endpoint: DockerEndpoint) -> String? {
        guard method == "GET" || method == "HEAD", endpoint.isKnown, endpoint.resource == nil else { return nil }
        switch (endpoint.family, endpoint.action) {
        case (.events, nil), (.containers, "json"), (.images, "json"), (.networks, nil), (.volumes, nil),
            (.services, nil), (.tasks, nil), (.secrets, nil), (.configs, nil):
            return "label"
        case (.nodes, nil):
            return "node.label"
        default:
            return nil
        }
    }

    /// Whether the daemon's inspect answer shows a visible object. A missing object is not hidden: the request goes
    /// on and the daemon answers its own 404.
    static func answer(
        status: Int,
        body: [UInt8],
        check: VisibilityCheck,
        visibility: ResponseRedaction
    ) -> Answer {
        switch status {
        case 200:
            var parser = JSONParser(bytes: body, maxDepth: JSONBody.maxDepth, allowsDuplicateKeys: true)
            guard let document = try? parser.parseDocument(), document.nodes[0].kind == .object else {
                return .failed("the daemon's answer about the object is not a JSON object")
            }
            guard let shape = check.shape else {
                // An exec instance: its container decides.
                guard let container = document.strings(at: ["ContainerID"], of: 0).first, !container.isEmpty else {
                    return .failed("the daemon's answer about the exec instance names no container")
                }
                let encoded = PercentEncoding.encodePath(container)
                return .follow(VisibilityCheck(lookupPath: "/containers/\(encoded)/json", shape: .containerInspect))
            }
            return visibility.isVisible(document, node: 0, shape: shape) ? .visible : .hidden
        case 404:
            return .visible
        default:
            return .failed("the daemon answered \(status) about the object")
        }
    }

    enum Answer: Equatable {
        case visible
        case hidden
        /// Ask the daemon this next.
        case follow(VisibilityCheck)
        case failed(String)
    }

    static let hidden = Denial(
        status: 404,
        reasonCode: .visibilityPolicyHidResource,
        message: "No such object: not visible through sockguard"
    )
}
