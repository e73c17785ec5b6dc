import Crypto
import SockguardPolicy
import X509

/// Applying the listener's selectors (`CertificateSelectors`, configured as `listen.tls.common_names`, ...) to
/// the verified client leaf.
extension CertificateSelectors {
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
        if !ipAddresses.isEmpty, !ips.contains(where: ipAddresses.compactMap(AddressRange.parse).contains) {
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

    /// `10.0.0.5` for 4 bytes, the full lower-case hex groups (`fd00:0:0:0:0:0:0:5`) for 16.
    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return bytes.map { String($0, radix: 16) }.joined(separator: ":") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
