/// The one listener the proxy binds, derived from `listen:`.
public enum ListenEndpoint: Sendable, Hashable {
    case tcp(host: String, port: Int)
    case unix(path: String, mode: UInt32)
}

extension Configuration {
    /// `listen.socket` when set, else TCP at `listen.address` (IPv6 brackets removed from `host`; an empty host,
    /// as in `:2375`, is every IPv4 interface, `0.0.0.0`).
    ///
    /// A loaded configuration's address always parses. If code later stores an unparsable address, this
    /// falls back to the loopback default rather than trapping or widening exposure.
    public var listenEndpoint: ListenEndpoint { listen.endpoint }
}

extension ListenConfig {
    /// Where this listener accepts clients.
    public var endpoint: ListenEndpoint {
        let listen = self
        if let socket = listen.socket {
            return .unix(path: socket, mode: listen.socketMode)
        }
        switch Result(catching: { () throws(ValueError) in try ListenAddress(parsing: listen.address) }) {
        case .success(let address):
            return .tcp(host: address.host.isEmpty ? "0.0.0.0" : address.host, port: address.port)
        case .failure: return .tcp(host: "127.0.0.1", port: 2375)
        }
    }
}
