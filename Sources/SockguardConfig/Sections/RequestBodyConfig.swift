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

    public init() {}
}
