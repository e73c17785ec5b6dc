/// One daemon sockguard can forward to: an entry of `upstream.endpoints`, the `DOCKER_HOST` drop-in, or
/// `upstream.socket`.
///
/// A `.tcp` endpoint uses TLS when `tls` is set or `insecureSkipTLSVerify` is true, and plaintext only with
/// `insecureAllowPlainTCP`; the loader refuses a TCP endpoint with neither. `.unix` endpoints never use TLS.
public struct UpstreamEndpointConfig: Sendable, Equatable {
    public var address: UpstreamAddress
    /// Client-side TLS material; nil for unix sockets and plaintext TCP.
    public var tls: UpstreamTLSConfig?
    /// Acknowledges plaintext TCP to the daemon: anyone on the path sees and can change every request.
    public var insecureAllowPlainTCP: Bool
    /// Do not verify the daemon's certificate (self-signed lab daemons). Defeats authentication of the upstream.
    public var insecureSkipTLSVerify: Bool

    public init(
        address: UpstreamAddress,
        tls: UpstreamTLSConfig? = nil,
        insecureAllowPlainTCP: Bool = false,
        insecureSkipTLSVerify: Bool = false
    ) {
        self.address = address
        self.tls = tls
        self.insecureAllowPlainTCP = insecureAllowPlainTCP
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
    }

    /// Whether the proxy dials this endpoint with TLS.
    public var usesTLS: Bool {
        guard case .tcp = address else { return false }
        return tls != nil || insecureSkipTLSVerify
    }
}

/// Where an upstream daemon listens.
public enum UpstreamAddress: Sendable, Equatable, CustomStringConvertible {
    /// An absolute socket path.
    case unix(path: String)
    /// `host` without IPv6 brackets; `port` is 1-65535.
    case tcp(host: String, port: Int)

    /// `unix:///var/run/docker.sock`, `tcp://daemon:2376`, `tcp://[::1]:2376`.
    public var description: String {
        switch self {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        }
    }
}

/// `upstream.endpoints[].tls:`: client TLS for a TCP daemon. The proxy loads the files; the loader only checks
/// that they can be read.
public struct UpstreamTLSConfig: Sendable, Equatable {
    /// `ca_file`: CAs that verify the daemon's certificate; nil means the system roots.
    public var caFile: String?
    /// `cert_file` and `key_file`: a client certificate for mutual TLS. Both or neither.
    public var certFile: String?
    public var keyFile: String?
    /// `server_name`: the name verified in the daemon's certificate (and sent as SNI); nil means the address host.
    public var serverName: String?

    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, serverName: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.serverName = serverName
    }
}
