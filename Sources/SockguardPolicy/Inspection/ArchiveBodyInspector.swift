/// Decides one request from its body read as an archive: a tar, plain or gzip-compressed. One conforming
/// type per Docker endpoint family whose body is an archive (`BuildInspector`, `ContainerArchiveInspector`,
/// `ImageLoadInspector`).
///
/// Like `BodyInspector`, an inspector is pure: the same request and bytes always give the same `Decision`,
/// and a refusal is a `Decision.deny` carrying the status, reason code and the message the docker CLI
/// prints. A body that is not a readable archive is refused with 400 `request_body_invalid`; one compressed
/// in a format sockguard does not inflate, or inflating past the inspector's limit, with 403
/// `request_body_uninspectable`.
///
/// The archive is borrowed, not copied: a body of hundreds of MiB is held once, by the proxy, and read in
/// place; nothing of it may outlive the call.
public protocol ArchiveBodyInspector: Sendable {
    func inspect(_ request: InspectedRequest, archive: UnsafeRawBufferPointer) -> Decision
}

extension ArchiveBodyInspector {
    /// Inspects an archive held in an array.
    public func inspect(_ request: InspectedRequest, archive: [UInt8]) -> Decision {
        archive.withUnsafeBytes { inspect(request, archive: $0) }
    }
}
