import SockguardPolicy

/// `listen.tls:`: mutual TLS on the TCP listener. The three files come together; the proxy loads and parses them
/// (the loader only checks that they exist and can be read), requires TLS 1.3 and a client certificate that
/// chains to `clientCAFile`, then applies `selectors` to the verified leaf.
public struct ListenTLSConfig: Sendable, Equatable {
    /// `cert_file`: the server certificate chain (PEM).
    public var certFile: String
    /// `key_file`: the server private key (PEM).
    public var keyFile: String
    /// `client_ca_file`: the CA bundle (PEM) client certificates must chain to.
    public var clientCAFile: String
    /// Narrow which CA-issued client certificates are accepted. Empty means any certificate the CA issued.
    public var selectors: ClientCertificateSelectors

    public init(
        certFile: String,
        keyFile: String,
        clientCAFile: String,
        selectors: ClientCertificateSelectors = ClientCertificateSelectors()
    ) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
        self.selectors = selectors
    }
}

/// `listen.tls.common_names`, `dns_names`, `ip_addresses`, `uri_sans`, `public_key_sha256_pins`: see
/// `CertificateSelectors`, which the proxy applies to the verified client leaf.
public typealias ClientCertificateSelectors = CertificateSelectors
