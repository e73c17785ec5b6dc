/// Which network write endpoint a canonical path is. Parsed here once, for both `InspectorRegistry` and
/// `NetworkInspector`.
extension NetworkInspector {
    /// `POST /networks/create`, `/networks/{id}/connect` or `/networks/{id}/disconnect`.
    public enum Endpoint: Sendable, Equatable {
        case create
        /// `network` is the path's id-or-name segment, as written.
        case connect(network: String)
        case disconnect(network: String)

        /// Nil for every other path, including an empty network segment and anything deeper.
        public init?(path: String) {
            if path == "/networks/create" {
                self = .create
                return
            }
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.count == 4, segments[0].isEmpty, segments[1] == "networks", !segments[2].isEmpty else {
                return nil
            }
            let network = String(segments[2])
            switch segments[3] {
            case "connect": self = .connect(network: network)
            case "disconnect": self = .disconnect(network: network)
            default: return nil
            }
        }
    }
}
