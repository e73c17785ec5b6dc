import Foundation

/// A certificate authority made for one test with the `openssl` CLI: a CA, and leaf certificates it signs
/// (servers with DNS/IP names, clients with a common name and names), as PEM files in a temporary directory.
///
/// ```swift
/// let ca = try TestCertificateAuthority(name: "test-ca")
/// let server = try ca.issue("proxy", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
/// let client = try ca.issue("ci-runner", client: true)
/// // server.certFile, server.keyFile, ca.certFile
/// ```
public final class TestCertificateAuthority: Sendable {
    /// A certificate and its key.
    public struct Pair: Sendable {
        public let certFile: String
        public let keyFile: String
    }

    public let directory: TemporaryDirectory
    public let certFile: String
    public let keyFile: String
    private let name: String

    public init(name: String = "sockguard-test-ca") throws {
        directory = try TemporaryDirectory(prefix: "sgca")
        self.name = name
        certFile = directory.appending("\(name).pem")
        keyFile = directory.appending("\(name)-key.pem")
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=\(name)", "-keyout", keyFile, "-out", certFile,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    /// Issues a leaf for `commonName`. `client` sets the client-auth usage (else server-auth); the names
    /// become subject alternative names.
    public func issue(
        _ commonName: String,
        client: Bool = false,
        dnsNames: [String] = [],
        ipAddresses: [String] = [],
        uris: [String] = [],
        file: String? = nil
    ) throws -> Pair {
        let base = directory.appending(file ?? commonName)
        let pair = Pair(certFile: base + ".pem", keyFile: base + "-key.pem")
        let request = base + ".csr"
        let extensions = base + ".ext"
        try Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=\(commonName)",
            "-keyout", pair.keyFile, "-out", request,
        ])
        var lines = [
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=\(client ? "clientAuth" : "serverAuth")",
        ]
        let names = dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" } + uris.map { "URI:\($0)" }
        if !names.isEmpty { lines.append("subjectAltName=" + names.joined(separator: ",")) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: extensions))
        try Self.openssl([
            "x509", "-req", "-in", request, "-CA", certFile, "-CAkey", keyFile, "-CAcreateserial", "-days", "2",
            "-extfile", extensions, "-out", pair.certFile,
        ])
        return pair
    }

    /// The SHA-256 of a certificate's SubjectPublicKeyInfo, in hex: a `public_key_sha256_pins` entry.
    public static func publicKeyPin(of certFile: String) throws -> String {
        let script = "openssl x509 -in '\(certFile)' -pubkey -noout | openssl pkey -pubin -outform der | sha256sum"
        let result = try ProcessRunner.run("/bin/sh", ["-c", script])
        guard result.status == 0, let pin = result.stdoutText.split(separator: " ").first else {
            throw HarnessError.commandFailed(step: "public key pin of \(certFile)", result: result)
        }
        return String(pin)
    }

    static func openssl(_ arguments: [String]) throws {
        let result = try ProcessRunner.run("/usr/bin/openssl", arguments)
        guard result.status == 0 else {
            throw HarnessError.commandFailed(step: "openssl \(arguments.first ?? "")", result: result)
        }
    }
}
