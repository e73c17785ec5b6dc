/// The daemon responses sockguard rewrites: successful JSON answers to these `GET`s (on canonical paths), and their
/// libpod forms where Podman answers in the same shape (container list and inspect). Streams (logs, attach, events,
/// stats) are never among them.
public enum ResponseShape: Sendable, Hashable, CaseIterable {
    case containerList, containerInspect
    case imageList, imageInspect
    case serviceList, serviceInspect
    case taskList, taskInspect
    case volumeList, volumeInspect
    case networkList, networkInspect
    case secretList, secretInspect
    case configList, configInspect
    case nodeList, nodeInspect
    case swarmInspect, swarmUnlockKey
    case systemInfo, systemDataUsage

    /// The shape of the answer to `method` on `endpoint`, or nil when the response is relayed untouched.
    public init?(method: String, endpoint: DockerEndpoint) {
        guard method == "GET", endpoint.isKnown else { return nil }
        let (list, inspect): (ResponseShape?, ResponseShape?) =
            switch endpoint.family {
            case .services: (.serviceList, .serviceInspect)
            case .tasks: (.taskList, .taskInspect)
            case .volumes: (.volumeList, .volumeInspect)
            case .networks: (.networkList, .networkInspect)
            case .secrets: (.secretList, .secretInspect)
            case .configs: (.configList, .configInspect)
            case .nodes: (.nodeList, .nodeInspect)
            case .swarm: (.swarmInspect, nil)
            case .info: (.systemInfo, nil)
            default: (nil, nil)
            }
        if endpoint.resource == nil, endpoint.action == nil, let list {
            self = list
        } else if endpoint.resource != nil, endpoint.action == nil, let inspect {
            self = inspect
        } else if endpoint.isCollection(.containers, "json") || endpoint.isCollection(.libpod, "containers/json") {
            self = .containerList
        } else if endpoint.object(of: .containers, "json") != nil || endpoint.libpodObject("containers", "json") != nil
        {
            // Podman's libpod inspect keeps the Docker names for what is redacted (`Config.Env`, `Mounts[].Source`,
            // `HostConfig.Binds`, `GraphDriver.Data`).
            self = .containerInspect
        } else if endpoint.isCollection(.images, "json") {
            self = .imageList
        } else if endpoint.object(of: .images, "json") != nil {
            self = .imageInspect
        } else if endpoint.isCollection(.swarm, "unlockkey") {
            self = .swarmUnlockKey
        } else if endpoint.isCollection(.system, "df") {
            self = .systemDataUsage
        } else {
            return nil
        }
    }

    /// Where a resource of this shape keeps its labels, from the resource object (each element of a list).
    var labelsPath: [String]? {
        switch self {
        case .containerList, .imageList, .volumeList, .volumeInspect, .networkList, .networkInspect, .taskList,
            .taskInspect:
            ["Labels"]
        case .containerInspect, .imageInspect: ["Config", "Labels"]
        case .serviceList, .serviceInspect, .secretList, .secretInspect, .configList, .configInspect, .nodeList,
            .nodeInspect:
            ["Spec", "Labels"]
        case .swarmInspect, .swarmUnlockKey, .systemInfo, .systemDataUsage: nil
        }
    }

    /// How the answer holds its resources: one object, an array of them, or (volumes) an array in a member.
    enum Layout { case single, list, listInMember(String), notResources }

    var layout: Layout {
        switch self {
        case .containerList, .imageList, .serviceList, .taskList, .networkList, .secretList, .configList, .nodeList:
            .list
        case .volumeList: .listInMember("Volumes")
        case .containerInspect, .imageInspect, .serviceInspect, .taskInspect, .volumeInspect, .networkInspect,
            .secretInspect,
            .configInspect, .nodeInspect:
            .single
        case .swarmInspect, .swarmUnlockKey, .systemInfo, .systemDataUsage: .notResources
        }
    }

    /// What names a resource of this shape besides its labels, for `name_patterns` and `image_patterns`.
    enum Identity: Equatable {
        case labelsOnly
        /// The name (a string, or the first of an array) and the image, at these paths.
        case container(name: [String], image: [String])
        /// `RepoTags`.
        case image
    }

    var identity: Identity {
        switch self {
        case .containerList: .container(name: ["Names"], image: ["Image"])
        case .containerInspect: .container(name: ["Name"], image: ["Config", "Image"])
        case .imageList, .imageInspect: .image
        default: .labelsOnly
        }
    }
}
