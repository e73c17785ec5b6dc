/// Decides one request from its parsed body. One conforming type per Docker endpoint family
/// (`ContainerCreateInspector`, ...), registered in `InspectorRegistry`.
///
/// An inspector is pure: the same request and body always give the same `Decision`, and a refusal is a
/// `Decision.deny` carrying the status, reason code and the message the docker CLI prints.
public protocol BodyInspector: Sendable {
    func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision
}
