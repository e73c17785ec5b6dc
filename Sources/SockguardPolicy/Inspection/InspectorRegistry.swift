/// The only table of which inspector runs on which method and canonical path, and how much body the proxy
/// buffers for it.
///
/// The proxy asks `bodyLimit` first: a body larger than the limit is refused with 413 before it is read in
/// full, so a client cannot make the proxy buffer an unbounded body. It then parses the body with `JSONBody`
/// (a parse failure is `JSONBodyError.denial`) and hands it to `inspector(method:path:)`.
public struct InspectorRegistry: Sendable {
    /// Largest `POST /containers/create` body: real ones are a few KiB, so 1 MiB is generous.
    public static let containerCreateBodyLimit = 1 << 20

    /// Largest `POST /volumes/create` body: real ones are well under 1 KiB.
    public static let volumeBodyLimit = 1 << 20
    /// Largest `POST /networks/create`, `/networks/{id}/connect` and `/disconnect` body; real ones are a few
    /// hundred bytes.
    public static let networkBodyLimit = 1 << 20
    /// Largest `POST /containers/{id}/update` body: real ones are under 1 KiB.
    public static let containerUpdateBodyLimit = 1 << 20

    let containerCreate: ContainerCreateInspector
    let volume: VolumeInspector
    let network: NetworkInspector
    let imagePull: ImagePullInspector
    let containerUpdate: ContainerUpdateInspector

    public init(
        containerCreate: ContainerCreateInspector.Options = .init(),
        volume: VolumeInspector.Options = .init(),
        network: NetworkInspector.Options = .init(),
        imagePull: ImagePullInspector.Options = .init(),
        containerUpdate: ContainerUpdateInspector.Options = .init()
    ) {
        self.containerCreate = ContainerCreateInspector(options: containerCreate)
        self.volume = VolumeInspector(options: volume)
        self.network = NetworkInspector(options: network)
        self.imagePull = ImagePullInspector(options: imagePull)
        self.containerUpdate = ContainerUpdateInspector(options: containerUpdate)
    }

    /// Decides requests judged on their request line alone, before any body is read: `POST /images/create`
    /// (pull and import). nil when no such inspector applies.
    public func inspectRequestLine(_ request: InspectedRequest) -> Decision? {
        switch (request.method, request.path) {
        case ("POST", "/images/create"): imagePull.inspect(request)
        default: nil
        }
    }

    /// The inspector for `method` (as sent, upper case) and canonical `path`, or nil when the body is not
    /// inspected.
    public func inspector(method: String, path: String) -> (any BodyInspector)? {
        switch (method, path) {
        case ("POST", "/containers/create"): containerCreate
        case ("POST", "/volumes/create"): volume
        case ("POST", _) where NetworkInspector.Endpoint(path: path) != nil: network
        case ("POST", _) where Self.isContainerUpdate(path): containerUpdate
        default: nil
        }
    }

    /// Largest body the proxy buffers for this endpoint; larger is refused with 413. Nil when the endpoint
    /// has no inspector (its body is streamed, not buffered).
    public func bodyLimit(method: String, path: String) -> Int? {
        switch (method, path) {
        case ("POST", "/containers/create"): Self.containerCreateBodyLimit
        case ("POST", "/volumes/create"): Self.volumeBodyLimit
        case ("POST", _) where NetworkInspector.Endpoint(path: path) != nil: Self.networkBodyLimit
        case ("POST", _) where Self.isContainerUpdate(path): Self.containerUpdateBodyLimit
        default: nil
        }
    }

    /// `/containers/{id}/update` with exactly one non-empty id segment.
    static func isContainerUpdate(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return segments.count == 4 && segments[0].isEmpty && segments[1] == "containers" && !segments[2].isEmpty
            && segments[3] == "update"
    }
}
