import FoundationEssentials
import NIOSSL
import X509

/// PEM files for TLS, loaded with errors that name the file and the configuration key it came from.
enum TLSFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func certificates(_ path: String, role: String) throws -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw Failure(description: "\(role) \(path): not a readable PEM certificate file (\(error))")
        }
        guard !certificates.isEmpty else {
            throw Failure(description: "\(role) \(path): no certificate in the file")
        }
        return certificates
    }

    static func privateKey(_ path: String, role: String) throws -> NIOSSLPrivateKey {
        do {
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw Failure(description: "\(role) \(path): not a readable PEM private key (\(error))")
        }
    }

    /// The private key must be the certificate's: otherwise every handshake would fail later, less clearly.
    /// Key types swift-certificates cannot read are left to the TLS library.
    static func checkKey(keyFile: String, matches certificate: NIOSSLCertificate, certFile: String) throws {
        guard let pem = try? String(contentsOfFile: keyFile, encoding: .utf8),
            let key = try? Certificate.PrivateKey(pemEncoded: pem),
            let leaf = try? Certificate(derEncoded: certificate.toDERBytes())
        else { return }
        guard key.publicKey == leaf.publicKey else {
            throw Failure(
                description: "the private key in \(keyFile) does not belong to the certificate in \(certFile)"
            )
        }
    }
}
