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
        for entry in entries {
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
}
