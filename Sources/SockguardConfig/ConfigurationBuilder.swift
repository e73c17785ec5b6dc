/// Applies layered `key = text` settings to a `Configuration`, collecting an issue for every value that
/// does not parse. Later calls win, so callers apply defaults, file, environment, flags in that order.
struct ConfigurationBuilder {
    var configuration = Configuration.defaults
    var issues: [ConfigIssue] = []
    /// Whether `compat` was set anywhere; an explicit mode turns on rule generation even without variables.
    var compatIsExplicit = false

    /// Sets `key` from `text`; on failure records `keyPath: message` and leaves the previous value.
    mutating func apply(_ key: ConfigKey, _ text: String, at keyPath: String) {
        do throws(ValueError) {
            try set(key, text)
        } catch {
            issues.append(ConfigIssue(keyPath: keyPath, message: error.message))
        }
    }

    private mutating func set(_ key: ConfigKey, _ text: String) throws(ValueError) {
        switch key {
        case .listenAddress:
            _ = try ListenAddress(parsing: text)
            configuration.listen.address = text
        case .listenSocket:
            // An empty socket means "listen on TCP", as in sockguard's Go implementation.
            configuration.listen.socket = text.isEmpty ? nil : try ValueParser.unixSocketPath(text)
        case .listenSocketMode:
            configuration.listen.socketMode = try ValueParser.socketMode(text)
        case .listenInsecureAllowPlainTCP:
            configuration.listen.insecureAllowPlainTCP = try ValueParser.boolean(text)
        case .upstreamSocket:
            configuration.upstream.socket = try ValueParser.unixSocketPath(text)
        case .upstreamRequestTimeout:
            configuration.upstream.requestTimeout = try ValueParser.timeout(text)
        case .responseDenyVerbosity:
            configuration.response.denyVerbosity = try ValueParser.choice(text, DenyVerbosity.self, noun: "verbosity")
        case .logLevel:
            configuration.log.level = try ValueParser.choice(text, LogLevel.self, noun: "level")
        case .logFormat:
            configuration.log.format = try ValueParser.choice(text, LogFormat.self, noun: "format")
        case .logOutput:
            configuration.log.output = try ValueParser.nonEmpty(text)
        case .logAccessLog:
            configuration.log.accessLog = try ValueParser.boolean(text)
        case .healthEnabled:
            configuration.health.enabled = try ValueParser.boolean(text)
        case .healthPath:
            configuration.health.path = try ValueParser.httpPath(text)
        case .compat:
            configuration.compat = try ValueParser.choice(text, CompatMode.self, noun: "compatibility mode")
            compatIsExplicit = true
        case .insecureAllowBodyBlindWrites:
            configuration.insecureAllowBodyBlindWrites = try ValueParser.boolean(text)
        }
    }

    /// Checks that need more than one key. Runs once, after every layer is applied.
    mutating func checkCombinations() {
        let listen = configuration.listen
        guard listen.socket == nil, !listen.insecureAllowPlainTCP,
            let address = try? ListenAddress(parsing: listen.address), !address.isLoopback
        else { return }
        issues.append(
            ConfigIssue(
                keyPath: ConfigKey.listenAddress.rawValue,
                message: "\"\(listen.address)\" is not a loopback address and TLS is not configured, so anyone "
                    + "who can reach it controls the Docker daemon; listen on 127.0.0.1 or a unix socket "
                    + "(listen.socket), or set listen.insecure_allow_plain_tcp: true "
                    + "(SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP=true) to accept plaintext TCP on a trusted network"
            )
        )
    }
}
