/// `listeners[]`: each entry's listen keys applied and checked like `listen:` itself, on a builder of its own.
extension ConfigLoader {
    static func loadListeners(
        _ entries: [YAMLConfigReader.ListenerEntry],
        configuration: inout Configuration,
        issues: inout [ConfigIssue],
        listenOrigins: [String]
    ) {
        guard !entries.isEmpty else { return }
        if let origin = listenOrigins.first {
            issues.append(
                ConfigIssue(
                    keyPath: origin,
                    message: "listeners replaces listen; set this in a listeners entry instead"
                )
            )
        }
        let profileNames = Set(configuration.clients.profiles.map(\.name))
        var endpoints: [ListenEndpoint: String] = [:]
        var names: Set<String> = []
        for entry in entries {
            if let name = entry.name {
                if let problem = listenerNameProblem(name) {
                    issues.append(ConfigIssue(keyPath: "\(entry.keyPath).name", message: problem))
                } else if !names.insert(name).inserted {
                    issues.append(
                        ConfigIssue(keyPath: "\(entry.keyPath).name", message: "another listener is named \(name)")
                    )
                }
            }
            var builder = ConfigurationBuilder()
            for setting in entry.settings {
                builder.apply(
                    setting.key,
                    setting.value,
                    at: YAMLConfigReader.listenerKeyPath(setting.keyPath, entry.keyPath)
                )
            }
            builder.checkCombinations()
            issues += builder.issues.map {
                ConfigIssue(
                    keyPath: YAMLConfigReader.listenerKeyPath($0.keyPath, entry.keyPath),
                    message: $0.message
                )
            }
            let listen = builder.configuration.listen
            if let other = endpoints[listen.endpoint] {
                issues.append(ConfigIssue(keyPath: entry.keyPath, message: "listens where \(other) does"))
            }
            endpoints[listen.endpoint] = entry.keyPath
            // ["*"] admits every client, profiled or not, as in sockguard (Go).
            let admitsAll = entry.allowedProfiles.contains("*")
            if admitsAll, entry.allowedProfiles.count > 1 {
                issues.append(
                    ConfigIssue(
                        keyPath: "\(entry.keyPath).allowed_profiles",
                        message: "\"*\" admits every client; list it alone or name profiles"
                    )
                )
            }
            for (index, profile) in entry.allowedProfiles.enumerated()
            where profile != "*" && !profileNames.contains(profile) {
                issues.append(
                    ConfigIssue(
                        keyPath: "\(entry.keyPath).allowed_profiles[\(index)]",
                        message: profileNames.isEmpty
                            ? "names a profile, but clients.profiles defines none"
                            : "no profile is named \"\(profile)\""
                    )
                )
            }
            configuration.listeners.append(
                ListenerConfig(
                    name: entry.name,
                    listen: listen,
                    allowedProfiles: admitsAll ? [] : entry.allowedProfiles
                )
            )
        }
    }

    /// Go's rule for `listeners[].name`: `^[a-z][a-z0-9-]{0,62}$`, and not `admin` (the admin listener's name in
    /// logs and metrics).
    static func listenerNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        let valid =
            (1...63).contains(bytes.count) && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0])
            && bytes.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "-")
            }
        guard valid else { return "must be 1 to 63 lowercase letters, digits or '-', starting with a letter" }
        return name == "admin" ? "admin is reserved for admin.listen" : nil
    }
}
