/// `listen.tls.common_names`, `dns_names`, `ip_addresses`, `uri_sans`, `public_key_sha256_pins`: checks on the
/// verified client leaf certificate, as in sockguard (Go). Every non-empty list must match (AND across lists);
/// within a list one entry is enough (OR). A CA that issues certificates to several workloads would otherwise
/// admit all of them.
public struct CertificateSelectors: Sendable, Equatable {
    /// The subject common name must equal one of these (exact, trimmed).
    public var commonNames: [String] = []
    /// One of the certificate's DNS SANs must equal one of these (compared case-insensitively, as DNS names are).
    public var dnsNames: [String] = []
    /// One of the certificate's IP SANs must be one of these IPv4 or IPv6 addresses (compared as addresses).
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
