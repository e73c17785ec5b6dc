/// An `upstream.endpoints` entry as written in the file, before it is checked.
struct UpstreamEndpointEntry: Equatable {
    /// `upstream.endpoints[2]`.
    var keyPath: String
    var address: String?
    var caFile: String?
    var certFile: String?
    var keyFile: String?
    var serverName: String?
    var insecureAllowPlainTCP = false
    var insecureSkipTLSVerify = false
}

extension UpstreamEndpointConfig {
    /// Checks one entry as sockguard (Go) does, and that its TLS files can be read. Returns nil with at least one
    /// issue when the entry is unusable.
    static func validated(_ entry: UpstreamEndpointEntry) -> (endpoint: Self?, issues: [ConfigIssue]) {
        let path = entry.keyPath
        guard let text = entry.address else {
            return (nil, [ConfigIssue(keyPath: "\(path).address", message: "required")])
        }
        let address: UpstreamAddress
        do throws(ValueError) {
            address = try UpstreamAddress(endpoint: text)
        } catch {
            return (nil, [ConfigIssue(keyPath: "\(path).address", message: error.message)])
        }
        var issues: [ConfigIssue] = []
        let files = [("ca_file", entry.caFile), ("cert_file", entry.certFile), ("key_file", entry.keyFile)]
            .compactMap { name, file in file.map { ("\(path).tls.\(name)", $0) } }
        guard case .tcp = address else {
            if entry.serverName != nil {
                issues.append(ConfigIssue(keyPath: "\(path).tls.server_name", message: "not valid for a unix socket"))
            }
            if !files.isEmpty {
                issues.append(
                    ConfigIssue(keyPath: "\(path).tls", message: "TLS settings are not valid for a unix socket")
                )
            }
            let endpoint = UpstreamEndpointConfig(
                address: address,
                insecureAllowPlainTCP: entry.insecureAllowPlainTCP,
                insecureSkipTLSVerify: entry.insecureSkipTLSVerify
            )
            return (issues.isEmpty ? endpoint : nil, issues)
        }
        if (entry.certFile == nil) != (entry.keyFile == nil) {
            let missing = entry.certFile == nil ? "cert_file" : "key_file"
            issues.append(
                ConfigIssue(
                    keyPath: "\(path).tls.\(missing)",
                    message: "required: tls.cert_file and tls.key_file must be set together"
                )
            )
        }
        let hasMaterial = !files.isEmpty
        if !hasMaterial && !entry.insecureSkipTLSVerify {
            if !entry.insecureAllowPlainTCP {
                issues.append(
                    ConfigIssue(
                        keyPath: path,
                        message: "\(address): TCP requires TLS (set tls.ca_file/cert_file/key_file) or "
                            + "insecure_allow_plain_tcp: true"
                    )
                )
            } else if entry.serverName != nil {
                issues.append(
                    ConfigIssue(
                        keyPath: "\(path).tls.server_name",
                        message: "only used with TLS; this endpoint is plaintext (set tls.ca_file or "
                            + "tls.cert_file/key_file, or remove server_name)"
                    )
                )
            }
        }
        for (keyPath, file) in files {
            if let problem = ValueParser.unreadableFileProblem(file) {
                issues.append(ConfigIssue(keyPath: keyPath, message: problem))
            }
        }
        guard issues.isEmpty else { return (nil, issues) }
        let tls =
            hasMaterial || entry.serverName != nil
            ? UpstreamTLSConfig(
                caFile: entry.caFile,
                certFile: entry.certFile,
                keyFile: entry.keyFile,
                serverName: entry.serverName
            ) : nil
        let endpoint = UpstreamEndpointConfig(
            address: address,
            tls: tls,
            insecureAllowPlainTCP: entry.insecureAllowPlainTCP,
            insecureSkipTLSVerify: entry.insecureSkipTLSVerify
        )
        return (endpoint, [])
    }
}
