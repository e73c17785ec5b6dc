/// The daemon responses sockguard rewrites: successful JSON answers to these `GET`s (on canonical paths). Streams
/// (logs, attach, events, stats) are never among them.
public enum ResponseShape: Sendable, Hashable, CaseIterable {
    case containerList, containerInspect
    case serviceList, serviceInspect
    case taskList, taskInspect
    case volumeList, volumeInspect
    case networkList, networkInspect
    case secretList, secretInspect
    case configList, configInspect
    case nodeList, nodeInspect
    case swarmInspect, swarmUnlockKey
    case systemInfo, systemDataUsage

    /// The shape of the answer to `method path`, or nil when the response is relayed untouched.
    public init?(method: String, path: String) {
        guard method == "GET" else { return nil }
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        // "/a/b" splits into "", "a", "b".
        guard segments.count >= 2, segments.count <= 4, segments[0].isEmpty else { return nil }
        let first = Substring(segments[1])
        switch segments.count {
        case 2:
            let table: [Substring: ResponseShape] = [
                "services": .serviceList, "tasks": .taskList, "volumes": .volumeList, "networks": .networkList,
                "secrets": .secretList, "configs": .configList, "nodes": .nodeList, "swarm": .swarmInspect,
                "info": .systemInfo,
            ]
            guard let shape = table[first] else { return nil }
            self = shape
        case 3:
            let second = Substring(segments[2])
            guard !second.isEmpty else { return nil }
            switch (first, second) {
            case ("containers", "json"): self = .containerList
            case ("swarm", "unlockkey"): self = .swarmUnlockKey
            case ("system", "df"): self = .systemDataUsage
            case ("services", _): self = .serviceInspect
            case ("tasks", _): self = .taskInspect
            case ("volumes", _): self = .volumeInspect
            case ("networks", _): self = .networkInspect
            case ("secrets", _): self = .secretInspect
            case ("configs", _): self = .configInspect
            case ("nodes", _): self = .nodeInspect
            default: return nil
            }
        default:
            guard first == "containers", !segments[2].isEmpty, Substring(segments[3]) == "json" else { return nil }
            self = .containerInspect
        }
    }

    /// Where a resource of this shape keeps its labels, from the resource object (each element of a list).
    var labelsPath: [String]? {
        switch self {
        case .containerList, .volumeList, .volumeInspect, .networkList, .networkInspect, .taskList, .taskInspect:
            ["Labels"]
        case .containerInspect: ["Config", "Labels"]
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
        case .containerList, .serviceList, .taskList, .networkList, .secretList, .configList, .nodeList: .list
        case .volumeList: .listInMember("Volumes")
        case .containerInspect, .serviceInspect, .taskInspect, .volumeInspect, .networkInspect, .secretInspect,
            .configInspect, .nodeInspect:
            .single
        case .swarmInspect, .swarmUnlockKey, .systemInfo, .systemDataUsage: .notResources
        }
    }
}
