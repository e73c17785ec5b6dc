/// Which members of each answer `response.*` rewrites, as paths from the resource object (`[]`: every element,
/// `*`: every member). Field names are the Engine API's (v1.41 to v1.5x).
extension ResponseRedactor {
    static func rule(for shape: ResponseShape, _ options: ResponseRedaction) -> RewriteRule {
        var paths: [(String, RedactionAction)] = []
        func add(_ enabled: Bool, _ action: RedactionAction, _ list: [String]) {
            if enabled { paths += list.map { ($0, action) } }
        }
        switch shape {
        case .containerInspect, .containerList:
            add(options.containerEnv, .envValue, ["Config.Env[]"])
            add(options.mountPaths, .hostPath, ["Mounts[].Source", "GraphDriver.Data.*"])
            add(options.mountPaths, .bindSource, ["HostConfig.Binds[]"])
            add(options.networkTopology, .empty, containerTopology)
            // Podman's libpod inspect repeats the command line that created the container: its `-e NAME=value`
            // and `-v /host/path:...` arguments.
            add(options.containerEnv || options.mountPaths, .hostPath, ["Config.CreateCommand[]"])
        case .imageInspect, .imageList:
            // Nothing is redacted; held only when some image may be hidden.
            break
        case .serviceInspect, .serviceList:
            for spec in ["Spec", "PreviousSpec"] {
                add(options.containerEnv, .envValue, ["\(spec).TaskTemplate.ContainerSpec.Env[]"])
                add(options.mountPaths, .hostPath, ["\(spec).TaskTemplate.ContainerSpec.Mounts[].Source"])
            }
            add(options.networkTopology, .empty, ["Endpoint.VirtualIPs[].Addr"])
        case .taskInspect, .taskList:
            add(options.containerEnv, .envValue, ["Spec.ContainerSpec.Env[]"])
            add(options.mountPaths, .hostPath, ["Spec.ContainerSpec.Mounts[].Source"])
            add(options.networkTopology, .empty, ["NetworksAttachments[].Addresses[]"])
        case .volumeInspect, .volumeList:
            // A local volume made with `-o o=bind -o device=/host/path` names its host path in Options.
            add(options.mountPaths, .hostPath, ["Mountpoint", "Options.device"])
        case .networkInspect, .networkList:
            add(
                options.networkTopology,
                .empty,
                [
                    "IPAM.Config[].Subnet", "IPAM.Config[].Gateway", "IPAM.Config[].IPRange",
                    "IPAM.Config[].AuxiliaryAddresses.*", "Containers.*.IPv4Address", "Containers.*.IPv6Address",
                    "Containers.*.MacAddress", "Peers[].IP",
                ]
            )
        case .secretInspect, .secretList, .configInspect, .configList:
            add(options.sensitiveData, .empty, ["Spec.Data"])
        case .nodeInspect, .nodeList:
            add(options.networkTopology, .empty, ["Status.Addr", "ManagerStatus.Addr"])
        case .swarmInspect:
            add(options.sensitiveData, .empty, ["JoinTokens.Worker", "JoinTokens.Manager"])
        case .swarmUnlockKey:
            add(options.sensitiveData, .empty, ["UnlockKey"])
        case .systemInfo:
            add(options.networkTopology, .empty, ["Swarm.NodeAddr", "Swarm.RemoteManagers[].Addr"])
            add(
                options.hostTopology,
                .empty,
                [
                    "Containerd.Address", "Containerd.Namespaces.Containers", "Containerd.Namespaces.Plugins",
                    "FirewallBackend.Driver", "FirewallBackend.Info[][]", "DiscoveredDevices[].Source",
                    "DiscoveredDevices[].ID", "NRI.Info[][]",
                ]
            )
        case .systemDataUsage:
            add(options.mountPaths, .hostPath, ["Volumes[].Mountpoint", "Volumes[].Options.device"])
            add(options.mountPaths, .hostPath, ["Containers[].Mounts[].Source"])
            add(options.networkTopology, .empty, containerTopology.map { "Containers[].\($0)" })
        }
        var rule = RewriteRule()
        let prefix: String
        switch shape.layout {
        case .list: prefix = "[]."
        case .listInMember(let member): prefix = "\(member)[]."
        case .single, .notResources: prefix = ""
        }
        for (path, action) in paths {
            rule.add(prefix + path, action)
        }
        return rule
    }

    /// A container's addresses, in inspect and list answers.
    private static let containerTopology: [String] = {
        let endpoint = ["IPAddress", "Gateway", "GlobalIPv6Address", "IPv6Gateway", "MacAddress"]
        return endpoint.map { "NetworkSettings.\($0)" }
            + [
                "NetworkSettings.LinkLocalIPv6Address", "NetworkSettings.SecondaryIPAddresses[].Addr",
                "NetworkSettings.SecondaryIPv6Addresses[].Addr",
            ]
            + endpoint.map { "NetworkSettings.Networks.*.\($0)" }
            + [
                "NetworkSettings.Networks.*.IPAMConfig.IPv4Address",
                "NetworkSettings.Networks.*.IPAMConfig.IPv6Address",
                "NetworkSettings.Networks.*.IPAMConfig.LinkLocalIPs[]",
            ]
    }()
}
