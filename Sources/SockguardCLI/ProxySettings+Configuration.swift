import FoundationEssentials
import NIOCore
import SockguardConfig
import SockguardPolicy
import SockguardProxy

extension ProxySettings {
    /// The engine's settings for a loaded configuration. Loads the TLS files of the listener and of every
    /// upstream endpoint, so `validate` and `serve` both fail on a file that does not load, naming it. `environment`
    /// is what a candidate configuration sent to the admin endpoint is loaded with.
    static func make(
        from loaded: LoadedConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProxySettings {
        let configuration = loaded.configuration
        let failover = configuration.upstream.failover
        let listenerTLS = configuration.listen.tls.map(listenerTLS)
        try listenerTLS?.check()
        let listeners = try configuration.listeners.map { entry in
            let tls = entry.listen.tls.map(Self.listenerTLS)
            try tls?.check()
            return ListenerSettings(
                name: entry.name ?? "default",
                listener: listener(entry.listen),
                tls: tls,
                allowedProfiles: entry.allowedProfiles.isEmpty ? nil : Set(entry.allowedProfiles)
            )
        }
        var settings = ProxySettings(
            listener: listener(configuration.listen),
            listenerTLS: listenerTLS,
            listeners: listeners,
            allowedClients: configuration.clients.allowedCIDRs,
            upstreams: try loaded.resolvedUpstreamEndpoints.map(upstream),
            upstreamProbeInterval: failover.healthInterval.map(timeAmount),
            upstreamProbeTimeout: timeAmount(failover.healthTimeout),
            ruleSet: loaded.ruleSet,
            inspectors: configuration.requestBody.inspectorRegistry,
            denyVerbosity: configuration.response.denyVerbosity == .verbose ? .verbose : .minimal,
            redaction: configuration.response.redaction,
            ownership: configuration.ownership.policy,
            clientProfiles: clientProfiles(loaded),
            containerLabelPrefix: configuration.clients.containerLabelsEnabled
                ? configuration.clients.containerLabelPrefix : nil,
            containerLabelsRequired: configuration.clients.containerLabelsRequired,
            healthPath: configuration.health.enabled ? configuration.health.path : nil,
            accessLog: configuration.log.accessLog,
            requestTimeout: configuration.upstream.requestTimeout.map(timeAmount),
            version: SockguardVersion.current
        )
        settings.mode = configuration.mode
        settings.hijackInactivityTimeout = Self.timeAmount(configuration.upstream.hijackInactivityTimeout)
        settings.metricsPath = configuration.metrics.enabled ? configuration.metrics.path : nil
        let readiness = configuration.health.readiness
        if readiness.enabled {
            settings.readiness = ProxySettings.Readiness(
                path: readiness.path,
                interval: timeAmount(readiness.interval),
                timeout: timeAmount(readiness.timeout)
            )
        }
        settings.globalMaxInflight = configuration.clients.globalMaxInflight
        let watchdog = configuration.health.watchdog
        settings.watchdogInterval = watchdog.enabled ? timeAmount(watchdog.interval) : nil
        let admin = configuration.admin
        if admin.enabled, let listen = admin.listen {
            let tls = listen.tls.map(Self.listenerTLS)
            try tls?.check()
            var dedicated = ListenerSettings(name: "admin", listener: listener(listen), tls: tls)
            dedicated.role = .admin
            settings.listeners.append(dedicated)
        }
        if admin.enabled {
            settings.admin = AdminSettings(
                endpoints: AdminEndpoints(
                    validatePath: admin.path,
                    policyVersionPath: admin.policyVersionPath,
                    maxRequestBytes: admin.maxRequestBytes
                ),
                mountOn: admin.mountOn,
                validator: AdminCandidate.validator(environment: environment)
            )
        }
        settings.policySummary = AdminCandidate.summary(loaded)
        return settings
    }

    /// `clients.profiles` with their compiled rules and inspectors; nil when no profile is configured.
    static func clientProfiles(_ loaded: LoadedConfiguration) -> ClientProfiles? {
        guard !loaded.profiles.isEmpty else { return nil }
        let clients = loaded.configuration.clients
        var policies: [String: ClientPolicy] = [:]
        for profile in loaded.profiles {
            policies[profile.name] = ClientPolicy(
                profile: profile.name,
                ruleSet: profile.ruleSet,
                inspectors: profile.requestBody.inspectorRegistry,
                mode: profile.mode,
                redactor: ResponseRedactor(profile.redaction),
                limits: clients.profiles.first { $0.name == profile.name }?.limits
            )
        }
        return ClientProfiles(
            policies: policies,
            assignments: ProfileAssignments(
                certificate: clients.certificateProfiles,
                unixPeer: clients.unixPeerProfiles,
                sourceIP: clients.sourceIPProfiles,
                defaultProfile: clients.defaultProfile
            )
        )
    }

    static func listenerTLS(_ tls: ListenTLSConfig) -> ListenerTLSSettings {
        ListenerTLSSettings(
            certFile: tls.certFile,
            keyFile: tls.keyFile,
            clientCAFile: tls.clientCAFile,
            selectors: tls.selectors
        )
    }

    /// One upstream endpoint, its TLS files loaded.
    static func upstream(_ endpoint: UpstreamEndpointConfig) throws -> UpstreamEndpoint {
        let address: UpstreamEndpoint.Address =
            switch endpoint.address {
            case .unix(let path): .unix(path: path)
            case .tcp(let host, let port): .tcp(host: host, port: port)
            }
        guard endpoint.usesTLS else { return try UpstreamEndpoint(address: address) }
        let tls = UpstreamEndpoint.TLS(
            caFile: endpoint.tls?.caFile,
            certFile: endpoint.tls?.certFile,
            keyFile: endpoint.tls?.keyFile,
            serverName: endpoint.tls?.serverName,
            skipVerify: endpoint.insecureSkipTLSVerify
        )
        return try UpstreamEndpoint(address: address, tls: tls)
    }

    static func listener(_ listen: ListenConfig) -> ProxySettings.Listener {
        switch listen.endpoint {
        case .tcp(let host, let port): return .tcp(host: host, port: port)
        case .unix(let path, let mode):
            let owned = listen.socketUID != nil || listen.socketGID != nil
            let owner = owned ? ProxySettings.SocketOwner(uid: listen.socketUID, gid: listen.socketGID) : nil
            return .unix(path: path, mode: mode, owner: owner)
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
