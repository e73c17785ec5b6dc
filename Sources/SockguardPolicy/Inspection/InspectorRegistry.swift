/// The only table of which inspector runs on which method and canonical path, and how much body the proxy
/// buffers for it.
///
/// The proxy asks `inspection(method:path:)` after the rules allowed a request. A body larger than the
/// inspection's `bodyLimit` is refused with 413 before it is read in full, so a client cannot make the proxy
/// buffer an unbounded body. A `.json` body is parsed with `JSONBody` (a parse failure is
/// `JSONBodyError.denial`) and handed to the inspector; an `.execInstance` start waits for the daemon's
/// account of the exec instance and `ExecInspector.inspectInstance` decides.
///
/// A class: it is built once per configuration and read by every request, so handing it around costs one
/// reference, not a copy of every inspector's options.
public final class InspectorRegistry: Sendable {
    /// What must happen before an allowed request with a body may be forwarded.
    public enum Inspection: Sendable {
        /// Buffer the body (at most `bodyLimit` bytes), parse it as JSON, let the inspector decide.
        case json(any BodyInspector, bodyLimit: Int)
        /// `POST /exec/{id}/start`: buffer the (small) body, ask the daemon for `GET /exec/{id}/json`, let
        /// `ExecInspector.inspectInstance` decide on what would run.
        case execInstance(id: String, ExecInspector)
        /// Buffer the body (at most `bodyLimit` bytes), let the inspector read it as a (gzip) tar archive.
        case archive(any ArchiveBodyInspector, bodyLimit: Int)

        public var bodyLimit: Int {
            switch self {
            case .json(_, let limit), .archive(_, let limit): limit
            case .execInstance: ExecInspector.bodyLimit
            }
        }
    }

    /// Largest `POST /containers/create` body: real ones are a few KiB, so 1 MiB is generous.
    public static let containerCreateBodyLimit = 1 << 20

    /// Largest `POST /volumes/create` body: real ones are well under 1 KiB.
    public static let volumeBodyLimit = 1 << 20
    /// Largest `POST /networks/create`, `/networks/{id}/connect` and `/disconnect` body; real ones are a few
    /// hundred bytes.
    public static let networkBodyLimit = 1 << 20
    /// Largest `POST /containers/{id}/update` body: real ones are under 1 KiB.
    public static let containerUpdateBodyLimit = 1 << 20
    /// Largest `POST /services/create` or `/services/{id}/update` body: a service spec is a container spec
    /// plus scheduling, a few KiB.
    public static let serviceBodyLimit = 1 << 20
    /// Largest `/swarm/*` and `/nodes/{id}/update` body: specs of a few hundred bytes.
    public static let swarmBodyLimit = 256 << 10
    /// Largest `POST /secrets/create` body: dockerd caps secret data at 500 KB, base64 makes it 667 KB.
    public static let secretBodyLimit = 1 << 20
    /// Largest `POST /configs/create` body: dockerd caps config data at 1000 KB, base64 makes it 1.33 MB.
    public static let configBodyLimit = 2 << 20
    /// Largest `/plugins/pull`, `/upgrade` (the privileges list) and `/set` body.
    public static let pluginBodyLimit = 1 << 20

    let containerCreate: ContainerCreateInspector
    let volume: VolumeInspector
    let network: NetworkInspector
    let imagePull: ImagePullInspector
    let containerUpdate: ContainerUpdateInspector
    let exec: ExecInspector
    let service: ServiceInspector
    let swarm: SwarmInspector
    let node: NodeInspector
    let secret: SecretInspector
    let config: ConfigInspector
    let plugin: PluginInspector
    let build: BuildInspector
    let containerArchive: ContainerArchiveInspector
    let imageLoad: ImageLoadInspector
    let libpodContainerCreate: LibpodContainerCreateInspector
    let libpodPodCreate = LibpodPodCreateInspector()

    public init(
        containerCreate: ContainerCreateInspector.Options = .init(),
        volume: VolumeInspector.Options = .init(),
        network: NetworkInspector.Options = .init(),
        imagePull: ImagePullInspector.Options = .init(),
        containerUpdate: ContainerUpdateInspector.Options = .init(),
        exec: ExecInspector.Options = .init(),
        service: ServiceInspector.Options = .init(),
        swarm: SwarmInspector.Options = .init(),
        node: NodeInspector.Options = .init(),
        secret: SecretInspector.Options = .init(),
        config: ConfigInspector.Options = .init(),
        plugin: PluginInspector.Options = .init(),
        build: BuildInspector.Options = .init(),
        containerArchive: ContainerArchiveInspector.Options = .init(),
        imageLoad: ImageLoadInspector.Options = .init(),
        libpodContainerCreate: LibpodContainerCreateInspector.Options = .init()
    ) {
        self.containerCreate = ContainerCreateInspector(options: containerCreate)
        self.volume = VolumeInspector(options: volume)
        self.network = NetworkInspector(options: network)
        self.imagePull = ImagePullInspector(options: imagePull)
        self.containerUpdate = ContainerUpdateInspector(options: containerUpdate)
        self.exec = ExecInspector(options: exec)
        self.service = ServiceInspector(options: service)
        self.swarm = SwarmInspector(options: swarm)
        self.node = NodeInspector(options: node)
        self.secret = SecretInspector(options: secret)
        self.config = ConfigInspector(options: config)
        self.plugin = PluginInspector(options: plugin)
        self.build = BuildInspector(options: build)
        self.containerArchive = ContainerArchiveInspector(options: containerArchive)
        self.imageLoad = ImageLoadInspector(options: imageLoad)
        self.libpodContainerCreate = LibpodContainerCreateInspector(options: libpodContainerCreate)
    }

    /// Decides requests judged on their request line alone, before any body is read: `POST /images/create`
    /// (pull and import). nil when no such inspector applies.
    /// Also checks the credential headers of every request (`RegistryAuth`).
    public func inspectRequestLine(_ request: InspectedRequest) -> Decision? {
        if let denial = RegistryAuth.check(request) { return .deny(denial) }
        let endpoint = request.endpoint
        guard request.method == "POST" else { return nil }
        return switch endpoint {
        case _ where endpoint.isCollection(.images, "create"): imagePull.inspect(request)
        case _ where ImagePullInspector.isLibpodEndpoint(endpoint): imagePull.inspectLibpod(request)
        case _ where endpoint.isCollection(.plugins, "create"): plugin.inspectCreate(request)
        case _ where BuildInspector.isEndpoint(endpoint): build.inspectRequestLine(request)
        case _ where ImageLoadInspector.isEndpoint(endpoint): imageLoad.inspectRequestLine(request)
        default: nil
        }
    }

    /// What must happen before an allowed request to `method` (as sent, upper case) on `endpoint` is forwarded,
    /// or nil when it is forwarded as it comes (its body streamed, not buffered).
    public func inspection(method: String, endpoint: DockerEndpoint) -> Inspection? {
        if method == ContainerArchiveInspector.method, ContainerArchiveInspector.isEndpoint(endpoint) {
            return .archive(containerArchive, bodyLimit: ContainerArchiveInspector.bodyLimit)
        }
        guard method == "POST" else { return nil }
        switch endpoint {
        case _ where endpoint.isCollection(.containers, "create"):
            return .json(containerCreate, bodyLimit: Self.containerCreateBodyLimit)
        case _ where endpoint.isCollection(.volumes, "create"): return .json(volume, bodyLimit: Self.volumeBodyLimit)
        case _ where NetworkInspector.Endpoint(endpoint) != nil:
            return .json(network, bodyLimit: Self.networkBodyLimit)
        case _ where endpoint.object(of: .containers, "update") != nil:
            return .json(containerUpdate, bodyLimit: Self.containerUpdateBodyLimit)
        case _ where ExecInspector.isCreate(endpoint): return .json(exec, bodyLimit: ExecInspector.bodyLimit)
        case _ where ServiceInspector.Endpoint(endpoint) != nil:
            return .json(service, bodyLimit: Self.serviceBodyLimit)
        case _ where SwarmInspector.Endpoint(endpoint) != nil: return .json(swarm, bodyLimit: Self.swarmBodyLimit)
        case _ where NodeInspector.isEndpoint(endpoint): return .json(node, bodyLimit: Self.swarmBodyLimit)
        case _ where SecretInspector.isEndpoint(endpoint): return .json(secret, bodyLimit: Self.secretBodyLimit)
        case _ where ConfigInspector.isEndpoint(endpoint): return .json(config, bodyLimit: Self.configBodyLimit)
        case _ where PluginInspector.Endpoint(endpoint)?.hasJSONBody == true:
            return .json(plugin, bodyLimit: Self.pluginBodyLimit)
        case _ where BuildInspector.isEndpoint(endpoint) && build.inspectsBody:
            return .archive(build, bodyLimit: BuildInspector.bodyLimit)
        case _ where ImageLoadInspector.isEndpoint(endpoint):
            return .archive(imageLoad, bodyLimit: ImageLoadInspector.bodyLimit)
        case _ where LibpodContainerCreateInspector.isEndpoint(endpoint):
            return .json(libpodContainerCreate, bodyLimit: LibpodContainerCreateInspector.bodyLimit)
        case _ where LibpodPodCreateInspector.isEndpoint(endpoint):
            return .json(libpodPodCreate, bodyLimit: LibpodPodCreateInspector.bodyLimit)
        default: break
        }
        if let id = ExecInspector.startedExecID(endpoint) { return .execInstance(id: id, exec) }
        return nil
    }

    /// `inspection(method:endpoint:)` for a canonical path.
    public func inspection(method: String, path: String) -> Inspection? {
        inspection(method: method, endpoint: DockerEndpoint(method: method, canonicalPath: path))
    }

    /// The JSON body inspector for `method` and canonical `path`, or nil when the body is not inspected as
    /// JSON.
    public func inspector(method: String, path: String) -> (any BodyInspector)? {
        guard case .json(let inspector, _)? = inspection(method: method, path: path) else { return nil }
        return inspector
    }

    /// Largest body the proxy buffers for this endpoint; larger is refused with 413. Nil when the endpoint
    /// has no inspection (its body is streamed, not buffered).
    public func bodyLimit(method: String, path: String) -> Int? {
        inspection(method: method, path: path)?.bodyLimit
    }
}
