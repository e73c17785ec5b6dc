/// `listeners[]`: each entry is read as a `listen` block of its own, plus `name` and `allowed_profiles`.
extension YAMLConfigReader {
    struct ListenerEntry {
        var keyPath: String
        var name: String?
        var allowedProfiles: [String] = []
        /// The entry's listen keys, with `listen.` key paths (the loader applies them to a builder of their own).
        var settings: [Setting] = []
    }

    mutating func readListeners(_ node: YAMLNode) -> [ListenerEntry] {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            issueAt("listeners", "expected a list of listeners ({address or socket, tls, allowed_profiles})")
            return []
        }
        var entries: [ListenerEntry] = []
        for (index, item) in sequence.enumerated() {
            let itemPath = "listeners[\(index)]"
            guard case .mapping(let mapping) = item else {
                issueAt(itemPath, "expected a mapping")
                continue
            }
            var entry = ListenerEntry(keyPath: itemPath)
            var listenPairs: [(key: YAMLNode, value: YAMLNode)] = []
            for (keyNode, value) in mapping {
                switch keyNode.string {
                case "name":
                    entry.name = name(value, keyPath: "\(itemPath).name")
                case "allowed_profiles":
                    entry.allowedProfiles = readStrings(value, keyPath: "\(itemPath).allowed_profiles") ?? []
                default:
                    listenPairs.append((keyNode, value))
                }
            }
            var nested = YAMLConfigReader()
            nested.readSection("listen", .mapping(listenPairs))
            for issue in nested.issues {
                issueAt(Self.listenerKeyPath(issue.keyPath, itemPath), issue.message)
            }
            entry.settings = nested.settings
            entries.append(entry)
        }
        return entries
    }

    /// `listen.tls.cert_file` -> `listeners[1].tls.cert_file`.
    static func listenerKeyPath(_ keyPath: String, _ itemPath: String) -> String {
        keyPath.hasPrefix("listen.") ? itemPath + keyPath.dropFirst("listen".count) : keyPath
    }
}

/// `admin.listen`: a `listen` block of its own for the admin endpoints, plus `insecure_allow_wide_open`.
extension YAMLConfigReader {
    struct AdminListenEntry {
        /// The block's listen keys, with `listen.` key paths (the loader applies them to a builder of their own).
        var settings: [Setting] = []
        var insecureAllowWideOpen: Bool?
    }

    static let adminListenPath = "admin.listen"

    mutating func readAdminListen(_ node: YAMLNode) -> AdminListenEntry? {
        if node.isNull { return nil }
        guard case .mapping(let mapping) = node else {
            issueAt(Self.adminListenPath, "expected a mapping (socket or address, socket_mode, tls, ...)")
            return nil
        }
        var entry = AdminListenEntry()
        var listenPairs: [(key: YAMLNode, value: YAMLNode)] = []
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "insecure_allow_wide_open":
                guard let flag = value.bool else {
                    issueAt("\(Self.adminListenPath).insecure_allow_wide_open", "expected a boolean")
                    continue
                }
                entry.insecureAllowWideOpen = flag
            default:
                listenPairs.append((keyNode, value))
            }
        }
        var nested = YAMLConfigReader()
        nested.readSection("listen", .mapping(listenPairs))
        for issue in nested.issues {
            issueAt(Self.listenerKeyPath(issue.keyPath, Self.adminListenPath), issue.message)
        }
        entry.settings = nested.settings
        return entry
    }
}
