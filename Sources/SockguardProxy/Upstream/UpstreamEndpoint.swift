import NIOCore
import NIOPosix
import NIOSSL

/// One daemon address: a unix socket, or TCP, with TLS when `tls` is set.
public struct UpstreamEndpoint: Sendable, CustomStringConvertible {
    public enum Address: Sendable, Equatable {
        case unix(path: String)
        case tcp(host: String, port: Int)
    }

    /// TLS to the daemon: at least TLS 1.2, the daemon's certificate checked against `caFile` (or the system
    /// roots) and its name (`serverName`, else the host), and a client certificate when `certFile` is set.
    public struct TLS: Sendable, Equatable {
        public var caFile: String?
        public var certFile: String?
        public var keyFile: String?
        public var serverName: String?
        /// Accept any daemon certificate: an operator's explicit, logged choice.
        public var skipVerify: Bool

        public init(
            caFile: String? = nil,
            certFile: String? = nil,
            keyFile: String? = nil,
            serverName: String? = nil,
            skipVerify: Bool = false
        ) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.serverName = serverName
            self.skipVerify = skipVerify
        }
    }

    public let address: Address
    public let tls: TLS?
    let sslContext: NIOSSLContext?

    /// Loads the TLS files; throws a readable reason when they do not make a working client context.
    public init(address: Address, tls: TLS? = nil) throws {
        self.address = address
        self.tls = tls
        self.sslContext = try tls.map(Self.makeContext)
    }

    public var description: String {
        switch address {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): (tls == nil ? "tcp://" : "tcp+tls://") + "\(host):\(port)"
        }
    }

    /// Connects on `eventLoop`, with the TLS handler (if any) first and `initializer`'s handlers behind it.
    /// The future fails when the connection (not the TLS handshake, which runs with the first bytes) fails.
    func connect(
        on eventLoop: EventLoop,
        timeout: TimeAmount,
        initializer: @escaping @Sendable (Channel) throws -> Void
    ) -> EventLoopFuture<Channel> {
        let sslContext = self.sslContext
        let serverHostname = self.serverHostname
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
                        )
                    }
                    try initializer(channel)
                }
            }
        switch address {
        case .unix(let path):
            return bootstrap.connect(unixDomainSocketPath: path)
        case .tcp(let host, let port):
            return bootstrap.channelOption(.tcpOption(.tcp_nodelay), value: 1).connect(host: host, port: port)
        }
    }

    /// The name sent in SNI and checked against the daemon's certificate; nil for an IP address, which is
    /// then checked against the certificate's IP addresses.
    var serverHostname: String? {
        if let name = tls?.serverName, !name.isEmpty { return name }
        guard case .tcp(let host, _) = address, (try? SocketAddress(ipAddress: host, port: 0)) == nil else {
            return nil
        }
        return host
    }

    static func makeContext(_ tls: TLS) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = tls.caFile {
            configuration.trustRoots = .certificates(try TLSFile.certificates(caFile, role: "upstream tls.ca_file"))
        }
        if let certFile = tls.certFile, let keyFile = tls.keyFile {
            let chain = try TLSFile.certificates(certFile, role: "upstream tls.cert_file")
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(try TLSFile.privateKey(keyFile, role: "upstream tls.key_file"))
            try TLSFile.checkKey(keyFile: keyFile, matches: chain[0], certFile: certFile)
        }
        configuration.certificateVerification = tls.skipVerify ? .none : .fullVerification
        return try NIOSSLContext(configuration: configuration)
    }
}
