import SockguardConfig

/// What a reload would change, by top-level field, split the way the Go sockguard splits it: fields a running proxy
/// can take (rules, clients, request bodies, responses, ownership, the request timeout, listeners' allowed profiles)
/// and fields only a restart applies (listeners, upstream daemons, logging, health, reload itself).
struct ConfigChange: Equatable {
    var mutable: [String] = []
    var immutable: [String] = []

    init(from old: LoadedConfiguration, to new: LoadedConfiguration) {
        let a = old.configuration
        let b = new.configuration
        func check(_ name: String, _ changed: Bool, immutable isImmutable: Bool) {
            guard changed else { return }
            if isImmutable { immutable.append(name) } else { mutable.append(name) }
        }
        check("listen", a.listen != b.listen, immutable: true)
        check("listeners", Self.bindings(a.listeners) != Self.bindings(b.listeners), immutable: true)
        check(
            "listeners[].allowed_profiles",
            a.listeners.map(\.allowedProfiles) != b.listeners.map(\.allowedProfiles)
                && Self.bindings(a.listeners) == Self.bindings(b.listeners),
            immutable: false
        )
        check("upstream.socket", a.upstream.socket != b.upstream.socket, immutable: true)
        check("upstream.endpoints", old.resolvedUpstreamEndpoints != new.resolvedUpstreamEndpoints, immutable: true)
        check("upstream.failover", a.upstream.failover != b.upstream.failover, immutable: true)
        check("upstream.request_timeout", a.upstream.requestTimeout != b.upstream.requestTimeout, immutable: false)
        check(
            "upstream.hijack_inactivity_timeout",
            a.upstream.hijackInactivityTimeout != b.upstream.hijackInactivityTimeout,
            immutable: false
        )
        check("log", a.log != b.log, immutable: true)
        check("health", a.health != b.health, immutable: true)
        check("metrics", a.metrics != b.metrics, immutable: true)
        check("admin", a.admin != b.admin, immutable: true)
        check("reload", a.reload != b.reload, immutable: true)
        check("rules", a.rules != b.rules || old.ruleSource != new.ruleSource, immutable: false)
        check("request_body", a.requestBody != b.requestBody, immutable: false)
        check("response", a.response != b.response, immutable: false)
        check("clients", a.clients != b.clients, immutable: false)
        check("ownership", a.ownership != b.ownership, immutable: false)
        check(
            "insecure_allow_body_blind_writes",
            a.insecureAllowBodyBlindWrites != b.insecureAllowBodyBlindWrites,
            immutable: false
        )
    }

    /// Listeners without their `allowed_profiles`: what binding them depends on.
    private static func bindings(_ listeners: [ListenerConfig]) -> [ListenerConfig] {
        listeners.map { ListenerConfig(name: $0.name, listen: $0.listen) }
    }
}
