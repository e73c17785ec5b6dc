import Foundation

/// The Docker CLI's variables, read as a drop-in upstream when `upstream.endpoints` is empty, so a working
/// `docker` setup (`DOCKER_HOST=tcp://daemon:2376 DOCKER_TLS_VERIFY=1`) points sockguard at the same daemon.
///
/// As in the Docker CLI and sockguard (Go), for a TCP `DOCKER_HOST`:
/// - neither `DOCKER_TLS` nor `DOCKER_TLS_VERIFY`: plaintext (`insecureAllowPlainTCP` is implied, since that is
///   what the CLI does); `DOCKER_CERT_PATH` only locates files and does not turn TLS on.
/// - `DOCKER_TLS_VERIFY` (any non-empty value): TLS, the daemon verified against `ca.pem`.
/// - `DOCKER_TLS` alone: TLS without verifying the daemon (`insecureSkipTLSVerify`).
/// With TLS, files come from `DOCKER_CERT_PATH`, else `DOCKER_CONFIG`, else `~/.docker`: `ca.pem` is required;
/// `cert.pem` and `key.pem` are the client certificate when both exist.
enum DockerEnvironment {
    enum Variable: String {
        case host = "DOCKER_HOST"
        case tls = "DOCKER_TLS"
        case tlsVerify = "DOCKER_TLS_VERIFY"
        case certPath = "DOCKER_CERT_PATH"
        case config = "DOCKER_CONFIG"
    }

    /// The endpoint `DOCKER_HOST` names, nil when it is unset or empty. A value that cannot be used is an issue,
    /// never a silent fallback to another daemon.
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
        guard case .tcp = address else { return (UpstreamEndpointConfig(address: address), []) }
        let verify = value(.tlsVerify) != nil
        guard verify || value(.tls) != nil else {
            return (UpstreamEndpointConfig(address: address, insecureAllowPlainTCP: true), [])
        }

        let (directory, origin) = certificateDirectory(environment, verify: verify)
        let caFile = (directory as NSString).appendingPathComponent("ca.pem")
        let certFile = (directory as NSString).appendingPathComponent("cert.pem")
        let keyFile = (directory as NSString).appendingPathComponent("key.pem")
        var issues: [ConfigIssue] = []
        if let problem = ValueParser.unreadableFileProblem(caFile) {
            issues.append(ConfigIssue(keyPath: origin, message: "ca.pem is required for TLS: \(problem)"))
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
            tls: UpstreamTLSConfig(caFile: caFile, certFile: clientPair?.0, keyFile: clientPair?.1),
            insecureSkipTLSVerify: !verify
        )
        return (endpoint, [])
    }

    /// The directory holding `ca.pem`, `cert.pem`, `key.pem`, and the variable to blame when they are missing.
    private static func certificateDirectory(
        _ environment: [String: String],
        verify: Bool
    ) -> (directory: String, origin: String) {
        for variable in [Variable.certPath, .config] {
            if let directory = environment[variable.rawValue], !directory.isEmpty {
                return (directory, variable.rawValue)
            }
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let origin = verify ? Variable.tlsVerify.rawValue : Variable.tls.rawValue
        return ((home as NSString).appendingPathComponent(".docker"), origin)
    }
}
