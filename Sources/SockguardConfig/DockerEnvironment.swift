import FoundationEssentials

/// The Docker CLI's variables, read as a drop-in upstream when `upstream.endpoints` is empty, so a working
/// `docker` setup (`DOCKER_HOST=tcp://daemon:2376 DOCKER_TLS_VERIFY=1`) points sockguard at the same daemon.
///
/// As sockguard (Go) documents it, only a TCP `DOCKER_HOST` is used; a `unix://` one (or none) leaves
/// `upstream.socket` in charge. For a TCP `DOCKER_HOST`:
///
/// | `DOCKER_TLS_VERIFY` (any non-empty value) | `DOCKER_CERT_PATH` | result |
/// |---|---|---|
/// | set | set | verified mutual TLS: `ca.pem`, `cert.pem`, `key.pem` from that folder |
/// | set | unset | TLS verified against the system roots, no client certificate |
/// | unset | set | TLS, the daemon not verified (`cert.pem`/`key.pem` presented when both exist) |
/// | unset | unset | plaintext (acknowledged implicitly, as the CLI does) |
///
/// The Docker CLI's `DOCKER_TLS` (TLS without verification) is read too, as the third row.
/// A `DOCKER_HOST` that cannot be read, or names a transport other than `tcp://` and `unix://`, is an error
/// naming it: never a silent fallback to another daemon.
enum DockerEnvironment {
    enum Variable: String {
        case host = "DOCKER_HOST"
        case tls = "DOCKER_TLS"
        case tlsVerify = "DOCKER_TLS_VERIFY"
        case certPath = "DOCKER_CERT_PATH"
    }

    /// The endpoint a TCP `DOCKER_HOST` names; nil when it is unset, empty or a unix socket.
    static func endpoint(_ environment: [String: String]) -> (endpoint: UpstreamEndpointConfig?, issues: [ConfigIssue])
    {
        func value(_ variable: Variable) -> String? {
            guard let text = environment[variable.rawValue], !text.isEmpty else { return nil }
            return text
        }
        guard let host = value(.host), !host.trimmingSpaces().isEmpty else { return (nil, []) }
        let address: UpstreamAddress
        do throws(ValueError) {
            address = try UpstreamAddress(dockerHost: host)
        } catch {
            return (nil, [ConfigIssue(keyPath: Variable.host.rawValue, message: error.message)])
        }
        guard case .tcp = address else { return (nil, []) }
        let verify = value(.tlsVerify) != nil
        let certPath = value(.certPath)
        guard verify || certPath != nil || value(.tls) != nil else {
            return (UpstreamEndpointConfig(address: address, insecureAllowPlainTCP: true), [])
        }
        guard let certPath else {
            // Verified against the system roots, or (DOCKER_TLS alone) not verified; no client certificate.
            return (
                UpstreamEndpointConfig(address: address, tls: UpstreamTLSConfig(), insecureSkipTLSVerify: !verify), []
            )
        }

        let caFile = Self.file("ca.pem", in: certPath)
        let certFile = Self.file("cert.pem", in: certPath)
        let keyFile = Self.file("key.pem", in: certPath)
        let origin = Variable.certPath.rawValue
        var issues: [ConfigIssue] = []
        if verify, let problem = ValueParser.unreadableFileProblem(caFile) {
            issues.append(ConfigIssue(keyPath: origin, message: "ca.pem is required to verify the daemon: \(problem)"))
        }
        var clientPair: (String, String)?
        let certExists = FileManager.default.fileExists(atPath: certFile)
        let keyExists = FileManager.default.fileExists(atPath: keyFile)
        if certExists && keyExists {
            clientPair = (certFile, keyFile)
        }
        // A lone cert.pem or key.pem is ignored, as the Docker CLI does, but only if it could have been read:
        // an unreadable one is more likely a broken setup than a deliberate server-auth-only directory.
        for file in [certFile, keyFile] where certExists || keyExists {
            if FileManager.default.fileExists(atPath: file), let problem = ValueParser.unreadableFileProblem(file) {
                issues.append(ConfigIssue(keyPath: origin, message: problem))
            }
        }
        guard issues.isEmpty else { return (nil, issues) }
        let endpoint = UpstreamEndpointConfig(
            address: address,
            tls: UpstreamTLSConfig(
                caFile: verify ? caFile : nil,
                certFile: clientPair?.0,
                keyFile: clientPair?.1
            ),
            insecureSkipTLSVerify: !verify
        )
        return (endpoint, [])
    }

    /// `DOCKER_CERT_PATH`'s files, joined as the docker CLI joins them.
    private static func file(_ name: String, in directory: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
