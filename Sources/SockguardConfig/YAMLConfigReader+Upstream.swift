extension YAMLConfigReader {
    /// `upstream.endpoints`: a list of mappings (`address`, `tls`, `insecure_allow_plain_tcp`,
    /// `insecure_skip_tls_verify`). Shapes are checked here; addresses, combinations and files in
    /// `UpstreamEndpointConfig.validated`.
    mutating func readEndpoints(_ node: YAMLNode) -> [UpstreamEndpointEntry]? {
        if node.isNull { return nil }
        guard case .sequence(let sequence) = node else {
            issueAt("upstream.endpoints", "expected a list of endpoints (each with an address)")
            return nil
        }
        var entries: [UpstreamEndpointEntry] = []
        for (index, item) in sequence.enumerated() {
            let path = "upstream.endpoints[\(index)]"
            guard case .mapping(let mapping) = item else {
                issueAt(path, "expected a mapping with an address")
                continue
            }
            var entry = UpstreamEndpointEntry(keyPath: path)
            for (keyNode, child) in mapping {
                let name = keyNode.string ?? "?"
                let keyPath = "\(path).\(name)"
                switch name {
                case "address": entry.address = readText(child, keyPath: keyPath)
                case "insecure_allow_plain_tcp":
                    entry.insecureAllowPlainTCP = readFlag(child, keyPath: keyPath) ?? entry.insecureAllowPlainTCP
                case "insecure_skip_tls_verify":
                    entry.insecureSkipTLSVerify = readFlag(child, keyPath: keyPath) ?? entry.insecureSkipTLSVerify
                case "tls": readEndpointTLS(child, keyPath: keyPath, into: &entry)
                default: issueAt(keyPath, "unknown key")
                }
            }
            entries.append(entry)
        }
        return entries
    }

    private mutating func readEndpointTLS(_ node: YAMLNode, keyPath: String, into entry: inout UpstreamEndpointEntry) {
        if node.isNull { return }
        guard case .mapping(let mapping) = node else {
            issueAt(keyPath, "expected a mapping")
            return
        }
        for (keyNode, child) in mapping {
            let name = keyNode.string ?? "?"
            let childPath = "\(keyPath).\(name)"
            switch name {
            case "ca_file": entry.caFile = readText(child, keyPath: childPath)
            case "cert_file": entry.certFile = readText(child, keyPath: childPath)
            case "key_file": entry.keyFile = readText(child, keyPath: childPath)
            case "server_name": entry.serverName = readText(child, keyPath: childPath)
            default: issueAt(childPath, "unknown key")
            }
        }
    }

    /// A string; empty (or `null`) means unset, as in sockguard (Go).
    private mutating func readText(_ node: YAMLNode, keyPath: String) -> String? {
        if node.isNull { return nil }
        guard case .scalar(let scalar) = node else {
            issueAt(keyPath, "expected a string")
            return nil
        }
        let text = scalar.string.trimmingSpaces()
        return text.isEmpty ? nil : text
    }

    private mutating func readFlag(_ node: YAMLNode, keyPath: String) -> Bool? {
        guard case .scalar = node, let flag = node.bool else {
            issueAt(keyPath, "expected a boolean")
            return nil
        }
        return flag
    }
}
