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

/// `listen.tls.common_names`, `dns_names`, `ip_addresses`, `uri_sans`, `public_key_sha256_pins`: checks on the
/// verified client leaf certificate, as in sockguard (Go). Every non-empty list must match (AND across lists);
/// within a list one entry is enough (OR). A CA that issues certificates to several workloads would otherwise
/// admit all of them.
public struct ClientCertificateSelectors: Sendable, Equatable {
    /// The subject common name must equal one of these (exact, trimmed).
    public var commonNames: [String] = []
    /// One of the certificate's DNS SANs must equal one of these (exact).
    public var dnsNames: [String] = []
    /// One of the certificate's IP SANs must equal one of these: IPv4 or IPv6 literals, as written.
    public var ipAddresses: [String] = []
    /// One of the certificate's URI SANs must equal one of these (`spiffe://example.org/ci`).
    public var uriSANs: [String] = []
    /// SHA-256 digests (32 bytes each) of the leaf's DER SubjectPublicKeyInfo; the leaf's must be one of them.
    /// Written as 64 hex digits, optionally prefixed `sha256:`.
    public var publicKeySHA256Pins: [[UInt8]] = []

    public init() {}

    /// No selector is set: any certificate the client CA issued is accepted.
    public var isEmpty: Bool {
        commonNames.isEmpty && dnsNames.isEmpty && ipAddresses.isEmpty && uriSANs.isEmpty
            && publicKeySHA256Pins.isEmpty
    }
}
