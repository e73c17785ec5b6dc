import SockguardPolicy

/// `request_body`: how the bodies of allowed writes are inspected before they reach the daemon.
public struct RequestBodyConfig: Sendable, Equatable {
    /// `request_body.container_create`: `POST /containers/create`.
    public var containerCreate = ContainerCreateInspector.Options()
    /// `request_body.volume`: `POST /volumes/create`.
    public var volume = VolumeInspector.Options()
    /// `request_body.network`: `POST /networks/create`, `/networks/{id}/connect`, `/networks/{id}/disconnect`.
    public var network = NetworkInspector.Options()
    /// `request_body.image_pull`: `POST /images/create` (pull and import), decided on the request line.
    public var imagePull = ImagePullInspector.Options()
    /// `request_body.container_update`: `POST /containers/{id}/update`.
    public var containerUpdate = ContainerUpdateInspector.Options()

    /// `request_body.exec`: `POST /containers/{id}/exec` and `POST /exec/{id}/start`.
    public var exec = ExecInspector.Options()
    /// `request_body.service`: `POST /services/create`, `/services/{id}/update`.
    public var service = ServiceInspector.Options()
    /// `request_body.swarm`: `POST /swarm/init`, `/join`, `/update`, `/unlock`.
    public var swarm = SwarmInspector.Options()
    /// `request_body.node`: `POST /nodes/{id}/update`.
    public var node = NodeInspector.Options()
    /// `request_body.secret`: `POST /secrets/create`.
    public var secret = SecretInspector.Options()
    /// `request_body.config`: `POST /configs/create`.
    public var config = ConfigInspector.Options()
    /// `request_body.plugin`: `POST /plugins/pull`, `/plugins/create`, `/plugins/{name}/upgrade`, `/set`.
    public var plugin = PluginInspector.Options()
    /// `request_body.build`: `POST /build` (request line and the Dockerfile in the context).
    public var build = BuildInspector.Options()
    /// `request_body.container_archive`: `PUT /containers/{id}/archive`.
    public var containerArchive = ContainerArchiveInspector.Options()
    /// `request_body.image_load`: `POST /images/load`.
    public var imageLoad = ImageLoadInspector.Options()
    /// `request_body.libpod_container_create`: Podman's `POST /libpod/containers/create`.
    public var libpodContainerCreate = LibpodContainerCreateInspector.Options()

    public init() {}
}

extension RequestBodyConfig {
    /// The inspectors these options configure, as the proxy runs them.
    public var inspectorRegistry: InspectorRegistry {
        InspectorRegistry(
            containerCreate: containerCreate,
            volume: volume,
            network: network,
            imagePull: imagePull,
            containerUpdate: containerUpdate,
            exec: exec,
            service: service,
            swarm: swarm,
            node: node,
            secret: secret,
            config: config,
            plugin: plugin,
            build: build,
            containerArchive: containerArchive,
            imageLoad: imageLoad,
            libpodContainerCreate: libpodContainerCreate
        )
    }
}
