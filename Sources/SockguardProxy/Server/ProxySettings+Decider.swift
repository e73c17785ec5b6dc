import SockguardPolicy

/// What `RequestDecider` reads of the settings: the same for `serve` (once per policy in force) and for
/// `sockguard match`.
extension ProxySettings {
    /// The top-level rules, inspectors, rollout mode and redaction: for every client when `clients.profiles` is not
    /// set, and for clients no profile applies to otherwise. Built anew on each call: call it once per policy.
    public var basePolicy: ClientPolicy {
        ClientPolicy(profile: nil, ruleSet: ruleSet, inspectors: inspectors, mode: mode, redactor: redactor)
    }

    public var deciderSettings: DeciderSettings {
        var settings = DeciderSettings(
            healthPath: healthPath,
            metricsPath: metricsPath,
            readinessPath: readiness?.path,
            admin: admin?.endpoints,
            globalMaxInflight: globalMaxInflight,
            ownership: ownership,
            containerLabelsRequired: containerLabelsRequired
        )
        settings.recordsBodyFeatures = learner != nil
        return settings
    }

    /// `listeners[].allowed_profiles` of the listener `name`; nil admits every client.
    public func allowedProfiles(listener name: String) -> Set<String>? {
        listeners.first { $0.name == name }?.allowedProfiles
    }

    /// Whether the listener `name` serves the admin endpoints, and how.
    public func adminPlacement(listener name: String) -> AdminPlacement {
        guard let admin else { return .absent }
        let role = listeners.first { $0.name == name }?.role ?? .main
        if role == .admin { return .dedicated }
        if listeners.contains(where: { $0.role == .admin }) { return .absent }
        return admin.mountOn == nil || admin.mountOn == name ? .mounted : .absent
    }

    /// Whether a TCP client at `address` (4 or 16 bytes) may talk to the proxy at all (`clients.allowed_cidrs`).
    public func admits(address: [UInt8]) -> Bool {
        allowedClients.isEmpty || allowedClients.contains { $0.contains(address) }
    }
}
