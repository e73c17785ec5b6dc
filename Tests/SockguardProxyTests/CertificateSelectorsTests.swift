import Foundation
import SockguardPolicy
import SockguardTestSupport
import Testing

@testable import SockguardProxy

/// The listener's client-certificate selectors and TLS file checks, on certificates made by a test CA.
@Suite("Certificate selectors and TLS files")
struct CertificateSelectorsTests {
    static func der(_ certFile: String) throws -> [UInt8] {
        let result = try ProcessRunner.run("/usr/bin/openssl", ["x509", "-in", certFile, "-outform", "der"])
        return Array(result.stdout)
    }

    static func spki(_ certFile: String) throws -> [UInt8] {
        let script = "openssl x509 -in '\(certFile)' -pubkey -noout | openssl pkey -pubin -outform der"
        return Array(try ProcessRunner.run("/bin/sh", ["-c", script]).stdout)
    }

    static func pin(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map {
            let start = hex.index(hex.startIndex, offsetBy: $0)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    @Test("each selector family admits a matching leaf and refuses another; all families must hold")
    func selectors() throws {
        let ca = try TestCertificateAuthority(name: "selector-ca")
        let runner = try ca.issue(
            "ci-runner",
            client: true,
            dnsNames: ["CI.internal"],
            ipAddresses: ["10.0.0.5", "fd00::5"],
            uris: ["spiffe://corp/ci"]
        )
        let other = try ca.issue("portainer", client: true, dnsNames: ["ui.internal"], ipAddresses: ["10.0.0.6"])
        let runnerPin = Self.pin(try TestCertificateAuthority.publicKeyPin(of: runner.certFile))
        let leaves = [
            "runner": (try Self.der(runner.certFile), try Self.spki(runner.certFile)),
            "other": (try Self.der(other.certFile), try Self.spki(other.certFile)),
        ]
        func admits(_ name: String, _ configure: (inout CertificateSelectors) -> Void) -> Bool {
            var selectors = CertificateSelectors()
            configure(&selectors)
            let (der, spki) = leaves[name]!
            return selectors.refusal(ofLeaf: der, spki: spki) == nil
        }
        #expect(admits("other") { _ in })
        #expect(admits("runner") { $0.commonNames = ["ci-runner"] })
        #expect(!admits("other") { $0.commonNames = ["ci-runner"] })
        #expect(admits("runner") { $0.dnsNames = ["ci.INTERNAL"] })
        #expect(!admits("other") { $0.dnsNames = ["ci.internal"] })
        #expect(admits("runner") { $0.ipAddresses = ["fd00:0:0::5"] })
        #expect(admits("runner") { $0.ipAddresses = ["10.0.0.5"] })
        #expect(!admits("other") { $0.ipAddresses = ["10.0.0.5"] })
        #expect(admits("runner") { $0.uriSANs = ["spiffe://corp/ci"] })
        #expect(!admits("runner") { $0.uriSANs = ["spiffe://corp/cd"] })
        #expect(admits("runner") { $0.publicKeySHA256Pins = [runnerPin] })
        #expect(!admits("other") { $0.publicKeySHA256Pins = [runnerPin] })
        // Families combine: the common name matches but the pin does not.
        #expect(
            !admits("other") {
                $0.commonNames = ["portainer"]
                $0.publicKeySHA256Pins = [runnerPin]
            }
        )
    }

    @Test("listener TLS files that do not load are refused with the key and the reason")
    func listenerFiles() throws {
        let ca = try TestCertificateAuthority(name: "files-ca")
        let server = try ca.issue("proxy", ipAddresses: ["127.0.0.1"])
        let stranger = try ca.issue("stranger")
        let good = ListenerTLSSettings(certFile: server.certFile, keyFile: server.keyFile, clientCAFile: ca.certFile)
        try good.check()

        var mismatched = good
        mismatched.keyFile = stranger.keyFile
        #expect(throws: (any Error).self) { try mismatched.check() }
        do {
            try mismatched.check()
        } catch {
            #expect("\(error)".contains("does not belong to the certificate"), "\(error)")
        }
        var missingCA = good
        missingCA.clientCAFile = ca.directory.appending("nope.pem")
        do {
            try missingCA.check()
            Issue.record("a missing client CA file loaded")
        } catch {
            #expect("\(error)".hasPrefix("listen.tls.client_ca_file "), "\(error)")
        }
    }
}
