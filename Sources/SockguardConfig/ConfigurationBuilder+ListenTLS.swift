/// `listen.tls.*` while layers are applied: any subset may be set until `finishListenTLS` checks the whole.
struct ListenTLSDraft: Equatable {
    var certFile: String?
    var keyFile: String?
    var clientCAFile: String?
    var selectors = ClientCertificateSelectors()

    var isEmpty: Bool { certFile == nil && keyFile == nil && clientCAFile == nil && selectors.isEmpty }
}

extension ConfigurationBuilder {
    /// Turns the draft into `configuration.listen.tls`, or issues: the three files come together (selectors alone
    /// do not make TLS), must be readable, and TLS is only for a TCP listener. Returns whether any `listen.tls`
    /// key was set, so the plaintext check does not pile a second issue on a broken TLS block.
    mutating func finishListenTLS() -> Bool {
        let draft = listenTLS
        guard !draft.isEmpty else { return false }
        if configuration.listen.socket != nil {
            issues.append(
                ConfigIssue(
                    keyPath: "listen.tls",
                    message: "only valid for a TCP listener, but listen.socket is set; remove one of them"
                )
            )
            return true
        }
        let files: [(ConfigKey, String?)] = [
            (.listenTLSCertFile, draft.certFile), (.listenTLSKeyFile, draft.keyFile),
            (.listenTLSClientCAFile, draft.clientCAFile),
        ]
        var complete = true
        for (key, file) in files {
            guard let file else {
                complete = false
                issues.append(
                    ConfigIssue(
                        keyPath: key.rawValue,
                        message: "required: listen.tls needs cert_file, key_file and client_ca_file together"
                    )
                )
                continue
            }
            if let problem = ValueParser.unreadableFileProblem(file) {
                complete = false
                issues.append(ConfigIssue(keyPath: origins[key] ?? key.rawValue, message: problem))
            }
        }
        guard complete, let certFile = draft.certFile, let keyFile = draft.keyFile,
            let clientCAFile = draft.clientCAFile
        else { return true }
        configuration.listen.tls = ListenTLSConfig(
            certFile: certFile,
            keyFile: keyFile,
            clientCAFile: clientCAFile,
            selectors: draft.selectors
        )
        return true
    }
}
