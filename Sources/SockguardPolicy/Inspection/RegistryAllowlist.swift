/// Which registries an image reference may name, for every inspector that makes the daemon pull: any
/// registry with `allowAll`; Docker Hub official images with `allowOfficial`; otherwise an exact host in
/// `hosts` (`docker.io` there means all of Docker Hub). Shared by the inspectors that make the daemon pull
/// (`ImagePullInspector`, `ImageLoadInspector`, `ServiceInspector`, `PluginInspector`).
struct RegistryAllowlist: Sendable, Equatable {
    let allowAll: Bool
    let allowOfficial: Bool
    /// Normalised hosts; entries that are not bare hosts are dropped (configuration validation reports them).
    let hosts: Set<String>

    init(allowAll: Bool, allowOfficial: Bool, hosts: [String]) {
        self.allowAll = allowAll
        self.allowOfficial = allowOfficial
        self.hosts = Set(hosts.compactMap { ImageReference.normalizedHost($0.asciiTrimmed()) })
    }

    func allows(_ reference: ImageReference) -> Bool {
        allowAll || (allowOfficial && reference.isOfficial) || hosts.contains(reference.registry)
    }
}
