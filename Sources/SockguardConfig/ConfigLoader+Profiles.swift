import SockguardPolicy

/// `clients.profiles` and their assignments: applied, compiled and cross-checked after every layer is read.
extension ConfigLoader {
    static func loadProfiles(
        _ entries: [YAMLConfigReader.ProfileEntry],
        configuration: inout Configuration,
        issues: inout [ConfigIssue]
    ) -> [LoadedProfile] {
        let clients = configuration.clients
        let assignments =
            clients.certificateProfiles.map { ("clients.client_certificate_profiles", $0) }
            + clients.unixPeerProfiles.map { ("clients.unix_peer_profiles", $0) }
            + clients.sourceIPProfiles.map { ("clients.source_ip_profiles", $0) }
        guard !entries.isEmpty else {
            if clients.defaultProfile != nil || !assignments.isEmpty {
                issues.append(
                    ConfigIssue(keyPath: "clients.profiles", message: "profiles are assigned but none is defined")
                )
            }
            return []
        }
        var loaded: [LoadedProfile] = []
        var seen: Set<String> = []
        for entry in entries {
            guard let name = entry.name, let rules = entry.rules else { continue }
            if !seen.insert(name).inserted {
                issues.append(
                    ConfigIssue(keyPath: "\(entry.keyPath).name", message: "another profile is named \"\(name)\"")
                )
            }
            var requestBody = RequestBodyConfig()
            for (setting, value) in entry.containerCreate { setting.apply(value, to: &requestBody.containerCreate) }
            for (setting, value) in entry.requestBodySettings { setting.apply(value, to: &requestBody) }
            requestBody.exec.allowAnyCommand = configuration.insecureAllowBodyBlindWrites
            let compiled = RuleCompiler.compile(rules, keyPathPrefix: "\(entry.keyPath).rules")
            issues += compiled.issues
            let ruleSet = RuleSet(compiled.rules)
            let origins = rules.indices.map { "\(entry.keyPath).rules[\($0)]" }
            if compiled.issues.isEmpty {
                var profileConfiguration = configuration
                profileConfiguration.requestBody = requestBody
                issues += BodyBlindGuardrail.issues(
                    ruleSet: ruleSet,
                    origins: origins,
                    source: .configuration,
                    configuration: profileConfiguration
                )
            }
            var response = ConfigurationBuilder()
            response.configuration.response = configuration.response
            for setting in entry.responseSettings { response.apply(setting.key, setting.value, at: setting.keyPath) }
            issues += response.issues
            let redaction = Self.mergedVisibility(
                response.configuration.response.redaction,
                over: configuration.response.redaction,
                set: Set(entry.responseSettings.map(\.key))
            )
            configuration.clients.profiles.append(
                ClientProfileConfig(
                    name: name,
                    rules: rules,
                    requestBody: requestBody,
                    mode: entry.mode,
                    redaction: redaction,
                    limits: entry.limits
                )
            )
            loaded.append(
                LoadedProfile(
                    name: name,
                    ruleSet: ruleSet,
                    ruleOrigins: origins,
                    requestBody: requestBody,
                    mode: entry.mode,
                    redaction: redaction
                )
            )
        }
        if let name = clients.defaultProfile, !seen.contains(name) {
            issues.append(ConfigIssue(keyPath: "clients.default_profile", message: "no profile is named \"\(name)\""))
        }
        var index: [String: Int] = [:]
        for (keyPath, assignment) in assignments {
            index[keyPath, default: 0] += 1
            if !seen.contains(assignment.profile) {
                issues.append(
                    ConfigIssue(
                        keyPath: "\(keyPath)[\(index[keyPath]! - 1)].profile",
                        message: "no profile is named \"\(assignment.profile)\""
                    )
                )
            }
        }
        return loaded
    }

    /// A profile's visibility adds to the top-level one, as in sockguard (Go): its label selectors join the
    /// top-level ones (every one must match), its name and image patterns join theirs (any one may match). The
    /// redactions it sets replace the top-level ones.
    static func mergedVisibility(
        _ profile: ResponseRedaction,
        over root: ResponseRedaction,
        set keys: Set<ConfigKey>
    ) -> ResponseRedaction {
        var merged = profile
        if keys.contains(.responseVisibleResourceLabels) {
            merged.visibleResourceLabels =
                root.visibleResourceLabels
                + profile.visibleResourceLabels.filter { !root.visibleResourceLabels.contains($0) }
        }
        if keys.contains(.responseNamePatterns) { merged.namePatterns = root.namePatterns + profile.namePatterns }
        if keys.contains(.responseImagePatterns) { merged.imagePatterns = root.imagePatterns + profile.imagePatterns }
        return merged
    }
}
