import SockguardPolicy

/// A value as written: text from the environment, flags and YAML scalars, or a YAML list.
enum SettingValue: Equatable {
    case text(String)
    case list([String])
}

/// Applies layered `key = value` settings to a `Configuration`, collecting an issue for every value that
/// does not parse. Later calls win, so callers apply defaults, file, environment, flags in that order.
struct ConfigurationBuilder {
    var configuration = Configuration.defaults
    var issues: [ConfigIssue] = []
    /// Whether `compat` was set anywhere; an explicit mode turns on rule generation even without variables.
    var compatIsExplicit = false
    /// Where each key was last set (`listen.tls.cert_file`, `SOCKGUARD_LISTEN_TLS_CERT_FILE`), so checks that run
    /// after every layer can name the place to fix.
    var origins: [ConfigKey: String] = [:]
    /// `listen.tls.*` as set so far; `checkCombinations` turns it into `configuration.listen.tls`.
    var listenTLS = ListenTLSDraft()

    /// Sets `key` from `text`; on failure records `keyPath: message` and leaves the previous value. List keys
    /// read `text` as comma-separated entries.
    mutating func apply(_ key: ConfigKey, _ text: String, at keyPath: String) {
        if key.kind == .list {
            let entries = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
            apply(key, .list(entries), at: keyPath)
        } else {
            apply(key, .text(text), at: keyPath)
        }
    }

    mutating func apply(_ key: ConfigKey, _ value: SettingValue, at keyPath: String) {
        do throws(ValueError) {
            switch value {
            case .text(let text): try set(key, text)
            case .list(let entries): try setList(key, entries)
            }
            origins[key] = keyPath
        } catch {
            issues.append(ConfigIssue(keyPath: keyPath, message: error.message))
        }
    }

    private mutating func set(_ key: ConfigKey, _ text: String) throws(ValueError) {
        switch key {
        case .listenAddress:
            try ListenAddress(parsing: text).checkResolvable()
            configuration.listen.address = text
        case .listenSocket:
            // An empty socket means "listen on TCP", as in sockguard's Go implementation.
            configuration.listen.socket = text.isEmpty ? nil : try ValueParser.unixSocketPath(text)
        case .listenSocketMode:
            configuration.listen.socketMode = try ValueParser.socketMode(text)
        case .listenSocketUID:
            configuration.listen.socketUID = try ValueParser.socketOwnerID(text)
        case .listenSocketGID:
            configuration.listen.socketGID = try ValueParser.socketOwnerID(text)
        case .listenInsecureAllowPlainTCP:
            configuration.listen.insecureAllowPlainTCP = try ValueParser.boolean(text)
        case .listenTLSCertFile:
            listenTLS.certFile = text.isEmpty ? nil : text
        case .listenTLSKeyFile:
            listenTLS.keyFile = text.isEmpty ? nil : text
        case .listenTLSClientCAFile:
            listenTLS.clientCAFile = text.isEmpty ? nil : text
        case .listenTLSCommonNames, .listenTLSDNSNames, .listenTLSIPAddresses, .listenTLSURISANs,
            .listenTLSPublicKeySHA256Pins, .clientsAllowedCIDRs, .responseVisibleResourceLabels, .responseNamePatterns,
            .responseImagePatterns:
            try setList(key, [text])
        case .responseAllowAttestationStatements:
            configuration.response.allowAttestationStatements = try ValueParser.boolean(text)
        case .clientsDefaultProfile:
            configuration.clients.defaultProfile = text.isEmpty ? nil : text
        case .clientsContainerLabelsEnabled:
            configuration.clients.containerLabelsEnabled = try ValueParser.boolean(text)
        case .clientsContainerLabelsRequired:
            configuration.clients.containerLabelsRequired = try ValueParser.boolean(text)
        case .clientsContainerLabelsPrefix:
            guard !text.isEmpty, !text.contains("=") else {
                throw ValueError("\"\(text)\" is not a label prefix (non-empty, no '=')")
            }
            configuration.clients.containerLabelPrefix = text
        case .ownershipOwner:
            // Empty means off, as an empty variable does.
            configuration.ownership.owner = text.isEmpty ? nil : text
        case .ownershipLabelKey:
            guard !text.isEmpty, !text.contains("="), !text.contains(",") else {
                throw ValueError("\"\(text)\" is not a label key (non-empty, no '=' or ',')")
            }
            configuration.ownership.labelKey = text
        case .ownershipAllowUnownedImages:
            configuration.ownership.allowUnownedImages = try ValueParser.boolean(text)
        case .upstreamSocket:
            configuration.upstream.socket = try ValueParser.unixSocketPath(text)
        case .upstreamRequestTimeout:
            configuration.upstream.requestTimeout = try ValueParser.timeout(text)
        case .upstreamHijackInactivityTimeout:
            // No "off", as in sockguard (Go): an empty, zero or negative value is an error.
            configuration.upstream.hijackInactivityTimeout = try ValueParser.positiveDuration(text)
        case .upstreamFailoverHealthInterval:
            // Empty means the default, as in sockguard (Go).
            configuration.upstream.failover.healthInterval =
                text.isEmpty ? UpstreamFailoverConfig().healthInterval : try ValueParser.healthInterval(text)
        case .upstreamFailoverHealthTimeout:
            configuration.upstream.failover.healthTimeout =
                text.isEmpty ? UpstreamFailoverConfig().healthTimeout : try ValueParser.positiveDuration(text)
        case .responseDenyVerbosity:
            configuration.response.denyVerbosity = try ValueParser.choice(text, DenyVerbosity.self, noun: "verbosity")
        case .responseRedactContainerEnv:
            configuration.response.redaction.containerEnv = try ValueParser.boolean(text)
        case .responseRedactMountPaths:
            configuration.response.redaction.mountPaths = try ValueParser.boolean(text)
        case .responseRedactNetworkTopology:
            configuration.response.redaction.networkTopology = try ValueParser.boolean(text)
        case .responseRedactSensitiveData:
            configuration.response.redaction.sensitiveData = try ValueParser.boolean(text)
        case .responseRedactHostTopology:
            configuration.response.redaction.hostTopology = try ValueParser.boolean(text)
        case .logLevel:
            configuration.log.level = try ValueParser.choice(text, LogLevel.self, noun: "level")
        case .logFormat:
            configuration.log.format = try ValueParser.choice(text, LogFormat.self, noun: "format")
        case .logOutput:
            configuration.log.output = try ValueParser.nonEmpty(text)
        case .logAccessLog:
            configuration.log.accessLog = try ValueParser.boolean(text)
        case .logAuditEnabled:
            configuration.log.audit.enabled = try ValueParser.boolean(text)
        case .logAuditFormat:
            configuration.log.audit.format = try ValueParser.choice(text, LogFormat.self, noun: "format")
        case .logAuditOutput:
            configuration.log.audit.output = try ValueParser.nonEmpty(text)
        case .healthEnabled:
            configuration.health.enabled = try ValueParser.boolean(text)
        case .healthPath:
            configuration.health.path = try ValueParser.httpPath(text)
        case .clientsGlobalConcurrencyMaxInflight:
            configuration.clients.globalMaxInflight = try ValueParser.positiveInteger(text)
        case .healthWatchdogEnabled:
            configuration.health.watchdog.enabled = try ValueParser.boolean(text)
        case .healthWatchdogInterval:
            configuration.health.watchdog.interval = try ValueParser.positiveDuration(text)
        case .healthReadinessEnabled:
            configuration.health.readiness.enabled = try ValueParser.boolean(text)
        case .healthReadinessPath:
            configuration.health.readiness.path = try ValueParser.httpPath(text)
        case .healthReadinessInterval:
            configuration.health.readiness.interval = try ValueParser.positiveDuration(text)
        case .healthReadinessTimeout:
            configuration.health.readiness.timeout = try ValueParser.positiveDuration(text)
        case .adminEnabled:
            configuration.admin.enabled = try ValueParser.boolean(text)
        case .adminPath:
            configuration.admin.path = try ValueParser.httpPath(text)
        case .adminMaxRequestBytes:
            configuration.admin.maxRequestBytes = try ValueParser.positiveInteger(text)
        case .adminPolicyVersionPath:
            configuration.admin.policyVersionPath = try ValueParser.httpPath(text)
        case .adminMountOn:
            configuration.admin.mountOn = text.isEmpty ? nil : text
        case .metricsEnabled:
            configuration.metrics.enabled = try ValueParser.boolean(text)
        case .metricsPath:
            configuration.metrics.path = try ValueParser.httpPath(text)
        case .reloadEnabled:
            configuration.reload.enabled = try ValueParser.boolean(text)
        case .reloadDebounce:
            configuration.reload.debounce = try ValueParser.nonNegativeDuration(text)
        case .reloadPollInterval:
            // Empty is Go's default: no polling.
            let interval = text.isEmpty ? Duration.zero : try ValueParser.nonNegativeDuration(text)
            configuration.reload.pollInterval = interval == .zero ? nil : interval
        case .compat:
            configuration.compat = try ValueParser.choice(text, CompatMode.self, noun: "compatibility mode")
            compatIsExplicit = true
        case .insecureAllowBodyBlindWrites:
            configuration.insecureAllowBodyBlindWrites = try ValueParser.boolean(text)
        case .mode:
            configuration.mode = text.isEmpty ? .enforce : try ValueParser.choice(text, RolloutMode.self, noun: "mode")
        case .insecureAllowReadExfiltration:
            configuration.insecureAllowReadExfiltration = try ValueParser.boolean(text)
        case .listenInsecureAllowUnauthenticatedClients:
            configuration.listen.insecureAllowUnauthenticatedClients = try ValueParser.boolean(text)
        }
    }

    /// The client-certificate selectors; a later layer replaces the whole list.
    private mutating func setList(_ key: ConfigKey, _ entries: [String]) throws(ValueError) {
        switch key {
        case .listenTLSCommonNames: listenTLS.selectors.commonNames = try ValueParser.nonEmptyEntries(entries)
        case .clientsAllowedCIDRs:
            configuration.clients.allowedCIDRs = try entries.map { (entry) throws(ValueError) in
                let trimmed = entry.trimmingSpaces()
                guard let range = AddressRange(trimmed) else {
                    throw ValueError("\"\(entry)\" is not an IP address or CIDR (10.0.0.0/8, fd00::/8)")
                }
                return range
            }
        case .responseNamePatterns:
            configuration.response.redaction.namePatterns = try ValueParser.nameGlobs(entries)
        case .responseImagePatterns:
            configuration.response.redaction.imagePatterns = try ValueParser.nameGlobs(entries)
        case .responseVisibleResourceLabels:
            configuration.response.redaction.visibleResourceLabels = try entries.map { (entry) throws(ValueError) in
                guard let selector = LabelSelector(parsing: entry.trimmingSpaces()) else {
                    throw ValueError("\"\(entry)\" is not a label selector (key or key=value)")
                }
                return selector
            }
        case .listenTLSDNSNames: listenTLS.selectors.dnsNames = try ValueParser.nonEmptyEntries(entries)
        case .listenTLSIPAddresses: listenTLS.selectors.ipAddresses = try ValueParser.ipAddresses(entries)
        case .listenTLSURISANs: listenTLS.selectors.uriSANs = try ValueParser.uris(entries)
        case .listenTLSPublicKeySHA256Pins:
            listenTLS.selectors.publicKeySHA256Pins = try entries.map { (entry) throws(ValueError) in
                try ValueParser.publicKeyPin(entry)
            }
        default:
            throw ValueError("expected a single value, not a list")
        }
    }

    /// Checks that need more than one key. Runs once, after every layer is applied.
    mutating func checkCombinations() {
        let tlsConfigured = finishListenTLS()
        if configuration.listen.socket == nil {
            for (key, id) in [
                ("listen.socket_uid", configuration.listen.socketUID),
                ("listen.socket_gid", configuration.listen.socketGID),
            ]
            where id != nil {
                issues.append(
                    ConfigIssue(keyPath: key, message: "only valid for a unix socket listener (listen.socket)")
                )
            }
        }
        let listen = configuration.listen
        guard listen.socket == nil, !listen.insecureAllowPlainTCP, !tlsConfigured,
            let address = try? ListenAddress(parsing: listen.address), !address.isLoopback
        else { return }
        issues.append(
            ConfigIssue(
                keyPath: ConfigKey.listenAddress.rawValue,
                message: "\"\(listen.address)\" is not a loopback address and TLS is not configured, so anyone "
                    + "who can reach it controls the Docker daemon; configure mutual TLS (listen.tls.cert_file, "
                    + "key_file, client_ca_file), listen on 127.0.0.1 or a unix socket (listen.socket), or set "
                    + "listen.insecure_allow_plain_tcp: true (SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP=true) to "
                    + "accept plaintext TCP on a trusted network"
            )
        )
    }
}
