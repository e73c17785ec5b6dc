/// `admin.*`: the admin paths must not shadow the proxy's other endpoints, and with several listeners
/// `admin.mount_on` says which one serves them.
extension ConfigLoader {
    static func adminIssues(_ configuration: Configuration) -> [ConfigIssue] {
        let admin = configuration.admin
        var issues: [ConfigIssue] = []
        if admin.path == admin.policyVersionPath {
            issues.append(ConfigIssue(keyPath: "admin.policy_version_path", message: "must differ from admin.path"))
        }
        guard admin.enabled else { return issues }
        let taken = [
            (configuration.health.enabled, configuration.health.path, "health.path"),
            (configuration.metrics.enabled, configuration.metrics.path, "metrics.path"),
            (configuration.health.readiness.enabled, configuration.health.readiness.path, "health.readiness.path"),
        ]
        for (key, path) in [("admin.path", admin.path), ("admin.policy_version_path", admin.policyVersionPath)] {
            for (enabled, other, otherKey) in taken where enabled && other == path {
                issues.append(ConfigIssue(keyPath: key, message: "must differ from \(otherKey)"))
            }
        }
        let names = configuration.listeners.map { $0.name ?? "default" }
        if let mountOn = admin.mountOn {
            let known = names.isEmpty ? ["default"] : names
            if !known.contains(mountOn) {
                let message = "no listener is named \"\(mountOn)\" (listeners: \(known.joined(separator: ", ")))"
                issues.append(ConfigIssue(keyPath: "admin.mount_on", message: message))
            }
        } else if names.count > 1 {
            let message = "required with 2 or more listeners: name the one that serves the admin endpoints"
            issues.append(ConfigIssue(keyPath: "admin.mount_on", message: message))
        }
        return issues
    }
}

/// `admin.listen`: its listen keys applied and checked like `listen:` itself, on a builder of its own, from the file
/// and from `SOCKGUARD_ADMIN_LISTEN_*`.
extension ConfigLoader {
    /// `SOCKGUARD_ADMIN_LISTEN_<KEY>` -> the `listen` key it sets (`socket_uid` and `socket_gid` have no variable, as
    /// in Go); `INSECURE_ALLOW_WIDE_OPEN` is read on its own.
    static let adminListenEnvironmentNames: [String: ConfigKey?] = {
        var names: [String: ConfigKey?] = ["SOCKGUARD_ADMIN_LISTEN_INSECURE_ALLOW_WIDE_OPEN": nil]
        for variable in ConfigEnvironmentVariable.allCases where !variable.isAlias {
            guard variable.rawValue.hasPrefix("SOCKGUARD_LISTEN_") else { continue }
            names["SOCKGUARD_ADMIN_" + variable.rawValue.dropFirst("SOCKGUARD_".count)] = variable.key
        }
        return names
    }()

    static func loadAdminListen(
        _ entry: YAMLConfigReader.AdminListenEntry?,
        environment: [String: String],
        configuration: inout Configuration,
        issues: inout [ConfigIssue]
    ) {
        let path = YAMLConfigReader.adminListenPath
        var builder = ConfigurationBuilder()
        var wideOpen = entry?.insecureAllowWideOpen
        var keys: Set<ConfigKey> = []
        for setting in entry?.settings ?? [] {
            builder.apply(setting.key, setting.value, at: YAMLConfigReader.listenerKeyPath(setting.keyPath, path))
            keys.insert(setting.key)
        }
        for (name, text) in environment.sorted(by: { $0.key < $1.key }) where !text.isEmpty {
            guard let known = adminListenEnvironmentNames[name] else { continue }
            if let key = known {
                builder.apply(key, text, at: name)
                keys.insert(key)
            } else {
                do {
                    wideOpen = try ValueParser.boolean(text)
                } catch {
                    issues.append(ConfigIssue(keyPath: name, message: "\(error)"))
                }
            }
        }
        configuration.admin.insecureAllowWideOpen = wideOpen ?? false
        guard keys.contains(.listenSocket) || keys.contains(.listenAddress) else {
            if !keys.isEmpty {
                issues.append(
                    ConfigIssue(keyPath: path, message: "set socket or address to give the admin endpoints a listener")
                )
            }
            return
        }
        if keys.contains(.listenSocket), keys.contains(.listenAddress) {
            issues.append(ConfigIssue(keyPath: path, message: "socket and address are exclusive: set one"))
        }
        builder.checkCombinations()
        issues += builder.issues.map {
            ConfigIssue(keyPath: YAMLConfigReader.listenerKeyPath($0.keyPath, path), message: $0.message)
        }
        let listen = builder.configuration.listen
        let proxyEndpoints =
            configuration.listeners.isEmpty
            ? [configuration.listenEndpoint] : configuration.listeners.map(\.listen.endpoint)
        if proxyEndpoints.contains(listen.endpoint) {
            issues.append(ConfigIssue(keyPath: path, message: "listens where a proxy listener does"))
        }
        if listen.socket == nil, listen.tls == nil, configuration.clients.allowedCIDRs.isEmpty, !(wideOpen ?? false),
            let address = try? ListenAddress(parsing: listen.address), !address.isLoopback
        {
            let message =
                "\"\(listen.address)\" is not a loopback address and neither TLS nor clients.allowed_cidrs limits "
                + "who reaches the admin endpoints; set one, or admin.listen.insecure_allow_wide_open: true"
            issues.append(ConfigIssue(keyPath: "\(path).address", message: message))
        }
        configuration.admin.listen = listen
    }
}
