import Crypto
import X509

#if canImport(Glibc)
import Glibc
#endif

/// Which verified client certificates the listener admits, beyond chaining to the client CA. Each non-empty
/// list is a condition the leaf must meet (one entry of it matches); all of them must hold. Empty lists admit
/// every certificate the CA signed.
public struct CertificateSelectors: Sendable, Equatable {
    /// The subject's common name, exactly.
    public var commonNames: [String] = []
    /// A DNS subject alternative name, compared case-insensitively.
    public var dnsNames: [String] = []
    /// An IP address subject alternative name, in its textual form (`10.0.0.5`, `fd00::5`).
    public var ipAddresses: [String] = []
    /// A URI subject alternative name (`spiffe://corp/ci`), exactly.
    public var uriSANs: [String] = []
    /// SHA-256 of the leaf's SubjectPublicKeyInfo (DER), 32 bytes each.
    public var publicKeySHA256Pins: [[UInt8]] = []

    public init() {}

    public var isEmpty: Bool {
        commonNames.isEmpty && dnsNames.isEmpty && ipAddresses.isEmpty && uriSANs.isEmpty
            && publicKeySHA256Pins.isEmpty
    }

    /// nil when the leaf (`der`, with its SubjectPublicKeyInfo `spki` in DER) is admitted, else why not (for
    /// the log, never sent to the client).
    public func refusal(ofLeaf der: [UInt8], spki: [UInt8]) -> String? {
        guard !isEmpty else { return nil }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            return "the client certificate could not be parsed: \(error)"
        }
        let names = (try? certificate.extensions.subjectAlternativeNames) ?? nil
        var dns: [String] = []
        var ips: [[UInt8]] = []
        var uris: [String] = []
        for name in names ?? SubjectAlternativeNames() {
            switch name {
            case .dnsName(let value): dns.append(value.lowercased())
            case .uniformResourceIdentifier(let value): uris.append(value)
            case .ipAddress(let bytes): ips.append(Array(bytes.bytes))
            default: break
            }
        }
        if !commonNames.isEmpty {
            let subjectNames = certificate.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }
                .compactMap { String($0.value) }
            guard subjectNames.contains(where: commonNames.contains) else {
                return "common name \(subjectNames) is not among listen.tls common_names"
            }
        }
        if !dnsNames.isEmpty, !dns.contains(where: { name in dnsNames.contains { $0.lowercased() == name } }) {
            return "DNS names \(dns) are not among listen.tls dns_names"
        }
        if !ipAddresses.isEmpty, !ips.contains(where: ipAddresses.compactMap(Self.ipBytes).contains) {
            return "IP addresses \(ips.map(Self.ipText)) are not among listen.tls ip_addresses"
        }
        if !uriSANs.isEmpty, !uris.contains(where: uriSANs.contains) {
            return "URIs \(uris) are not among listen.tls uri_sans"
        }
        if !publicKeySHA256Pins.isEmpty {
            let pin = Array(SHA256.hash(data: spki))
            guard publicKeySHA256Pins.contains(pin) else {
                return "the public key is not among listen.tls public_key_sha256_pins"
            }
        }
        return nil
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address written as text; nil when it is neither.
    static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// `10.0.0.5` for 4 bytes, the full lower-case hex groups (`fd00:0:0:0:0:0:0:5`) for 16.
    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return bytes.map { String($0, radix: 16) }.joined(separator: ":") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
