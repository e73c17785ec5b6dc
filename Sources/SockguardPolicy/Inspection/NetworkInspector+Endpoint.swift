/// Which network write endpoint a canonical path is. Parsed here once, for both `InspectorRegistry` and
/// `NetworkInspector`.
extension NetworkInspector {
    /// `POST /networks/create`, `/networks/{id}/connect` or `/networks/{id}/disconnect`.
    public enum Endpoint: Sendable, Equatable {
        case create
        /// `network` is the path's id-or-name segment, as written.
        case connect(network: String)
        case disconnect(network: String)

        /// Nil for every other endpoint.
        public init?(_ endpoint: DockerEndpoint) {
            if endpoint.isCollection(.networks, "create") {
                self = .create
            } else if let network = endpoint.object(of: .networks, "connect") {
                self = .connect(network: network)
            } else if let network = endpoint.object(of: .networks, "disconnect") {
                self = .disconnect(network: network)
            } else {
                return nil
            }
        }
    }
}
