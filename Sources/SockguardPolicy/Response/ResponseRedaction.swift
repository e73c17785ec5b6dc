/// What sockguard removes from successful daemon answers (`response.*`). Values are replaced, never dropped, so
/// clients that read these objects keep working: an env entry keeps its name (`TOKEN=<redacted>`), a bind keeps
/// its container side (`<redacted>:/data:ro`), addresses and secret bytes become empty strings.
public struct ResponseRedaction: Sendable, Equatable {
    /// Container `Config.Env` values; service and task container-spec `Env` values.
    public var containerEnv: Bool
    /// `Mounts[].Source`, `HostConfig.Binds` host parts, `GraphDriver.Data` paths, volume `Mountpoint`.
    public var mountPaths: Bool
    /// Addresses: container and network IPs, gateways, subnets, MACs, node and swarm peer addresses.
    public var networkTopology: Bool
    /// Secret and config `Spec.Data`, swarm join tokens, the swarm unlock key.
    public var sensitiveData: Bool
    /// `GET /info`'s view of the host's runtime plumbing: the containerd socket and namespaces, the firewall
    /// backend, discovered devices (CDI) and NRI plugins (`response.redact_host_topology`, off by default as in Go).
    public var hostTopology: Bool
    /// When not empty, a resource is visible only when it matches every selector: lists leave the others out
    /// and reading one of them answers 404.
    public var visibleResourceLabels: [LabelSelector]
    /// When not empty, a container is visible only when its name matches one of these, an image when one of its
    /// tags does by its short name (`ResponseRedaction+Visibility`).
    public var namePatterns: [NameGlob]
    /// When not empty, a container is visible only when its image matches one of these, an image when one of its
    /// tags does.
    public var imagePatterns: [NameGlob]

    public init(
        containerEnv: Bool = true,
        mountPaths: Bool = true,
        networkTopology: Bool = true,
        sensitiveData: Bool = true,
        hostTopology: Bool = false,
        visibleResourceLabels: [LabelSelector] = [],
        namePatterns: [NameGlob] = [],
        imagePatterns: [NameGlob] = []
    ) {
        self.containerEnv = containerEnv
        self.mountPaths = mountPaths
        self.networkTopology = networkTopology
        self.sensitiveData = sensitiveData
        self.hostTopology = hostTopology
        self.visibleResourceLabels = visibleResourceLabels
        self.namePatterns = namePatterns
        self.imagePatterns = imagePatterns
    }

    /// Nothing is redacted and everything is visible: responses are relayed untouched.
    public static let none = ResponseRedaction(
        containerEnv: false,
        mountPaths: false,
        networkTopology: false,
        sensitiveData: false
    )

    public var isActive: Bool {
        containerEnv || mountPaths || networkTopology || sensitiveData || hostTopology
            || hidesResources
    }
}
