import SockguardPolicy

/// `request_body`: how the bodies of allowed writes are inspected before they reach the daemon.
public struct RequestBodyConfig: Sendable, Equatable {
    /// `request_body.container_create`: `POST /containers/create`.
    public var containerCreate = ContainerCreateInspector.Options()

    public init() {}
}
