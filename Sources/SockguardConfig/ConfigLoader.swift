import FoundationEssentials
import SockguardPolicy

/// Reads, merges and validates the configuration, then compiles its rules.
///
/// Precedence: `overrides` (flags) > environment > file > defaults. Every problem in every layer is
/// collected before `load` throws, so one run shows them all.
public enum ConfigLoader {
    /// Files above this size are refused before parsing (as in sockguard's Go implementation).
    static let maximumFileBytes = 16 * 1024 * 1024

    public static func load(_ sources: ConfigSources) throws(ConfigError) -> LoadedConfiguration {
        var builder = ConfigurationBuilder()
        var fileRules: [RuleConfig]?
        var text: String?
        var profileEntries: [YAMLConfigReader.ProfileEntry] = []
        var listenerEntries: [YAMLConfigReader.ListenerEntry] = []
        var adminListenEntry: YAMLConfigReader.AdminListenEntry?
        var endpointEntries: [UpstreamEndpointEntry] = []
        let fileUsed: String?
        if let yaml = try readFile(sources) {
            text = yaml
            fileUsed = sources.filePath
            let reader = YAMLConfigReader(yaml: yaml)
            builder.issues += reader.issues
            for setting in reader.settings { builder.apply(setting.key, setting.value, at: setting.keyPath) }
            for (setting, value) in reader.containerCreate {
                setting.apply(value, to: &builder.configuration.requestBody.containerCreate)
            }
            for (setting, value) in reader.requestBodySettings {
                setting.apply(value, to: &builder.configuration.requestBody)
            }
            fileRules = reader.rules
            profileEntries = reader.profiles
            listenerEntries = reader.listeners
            adminListenEntry = reader.adminListen
            builder.configuration.clients.certificateProfiles = reader.certificateProfiles
            builder.configuration.clients.unixPeerProfiles = reader.unixPeerProfiles
            builder.configuration.clients.sourceIPProfiles = reader.sourceIPProfiles
            endpointEntries = reader.upstreamEndpoints ?? []
        } else {
            fileUsed = nil
        }
        applyEnvironment(sources.environment, to: &builder)
        for (name, text) in sources.overrides.sorted(by: { $0.key < $1.key }) {
            guard let key = ConfigKey(rawValue: name) else {
                builder.issues.append(ConfigIssue(keyPath: name, message: "unknown key"))
                continue
            }
            builder.apply(key, text, at: name)
        }
        builder.checkCombinations()
        builder.configuration.requestBody.exec.allowAnyCommand = builder.configuration.insecureAllowBodyBlindWrites
        let upstream = resolveUpstream(endpointEntries, environment: sources.environment, builder: &builder)

        var configuration = builder.configuration
        var issues =
            builder.issues + TecnativaCompat.misplacedVariables(in: sources.environment, mode: configuration.compat)
        let compatVariables = TecnativaCompat.presentVariables(in: sources.environment, mode: configuration.compat)
        let ruleConfigs: [RuleConfig]
        let origins: [String]
        let ruleSource: RuleSource
        var ignored: [String] = []
        let compatWanted = !compatVariables.isEmpty || builder.compatIsExplicit
        // As in sockguard (Go): rules that restate the defaults (the image's own sockguard.yaml) still let the
        // compatibility variables generate the policy.
        if let fileRules, !(compatWanted && fileRules == TecnativaCompat.restatedDefaults) {
            ruleConfigs = fileRules
            origins = fileRules.indices.map { "rules[\($0)]" }
            ruleSource = .configuration
            ignored = compatVariables
        } else if compatWanted {
            let generated = TecnativaCompat.rules(environment: sources.environment, mode: configuration.compat)
            issues += generated.issues
            (ruleConfigs, origins, ruleSource) = (generated.rules, generated.origins, .compatibilityEnvironment)
        } else {
            ruleConfigs = []
            origins = RuleSet.defaults.rules.map { _ in "default" }
            ruleSource = .defaults
        }
        var ruleSet = RuleSet.defaults
        if ruleSource != .defaults {
            let compiled = RuleCompiler.compile(ruleConfigs, keyPathPrefix: "rules")
            issues += compiled.issues
            ruleSet = RuleSet(compiled.rules)
        }
        if issues.isEmpty {
            issues += BodyBlindGuardrail.issues(
                ruleSet: ruleSet,
                origins: origins,
                source: ruleSource,
                configuration: configuration
            )
        }
        let profiles = loadProfiles(
            profileEntries,
            configuration: &configuration,
            issues: &issues
        )
        loadListeners(
            listenerEntries,
            configuration: &configuration,
            issues: &issues,
            listenOrigins: builder.origins.filter { $0.key.rawValue.hasPrefix("listen.") }.map(\.value).sorted()
        )
        let anyTLS = configuration.listen.tls != nil || configuration.listeners.contains { $0.listen.tls != nil }
        if !configuration.clients.certificateProfiles.isEmpty && !anyTLS {
            issues.append(
                ConfigIssue(
                    keyPath: "clients.client_certificate_profiles",
                    message: "needs a TLS listener with client certificates (listen.tls or a listeners entry's tls)"
                )
            )
        }
        if configuration.metrics.enabled, configuration.health.enabled,
            configuration.metrics.path == configuration.health.path
        {
            issues.append(ConfigIssue(keyPath: "metrics.path", message: "must differ from health.path"))
        }
        let readiness = configuration.health.readiness
        if readiness.enabled, configuration.health.enabled, readiness.path == configuration.health.path {
            issues.append(ConfigIssue(keyPath: "health.readiness.path", message: "must differ from health.path"))
        }
        if readiness.enabled, configuration.metrics.enabled, readiness.path == configuration.metrics.path {
            issues.append(ConfigIssue(keyPath: "health.readiness.path", message: "must differ from metrics.path"))
        }
        if configuration.response.allowAttestationStatements {
            issues.append(
                ConfigIssue(
                    keyPath: "response.allow_attestation_statements",
                    message: "only its default is supported yet by this version"
                )
            )
        }
        loadAdminListen(
            adminListenEntry,
            environment: sources.environment,
            configuration: &configuration,
            issues: &issues
        )
        issues += adminIssues(configuration)
        if configuration.log.audit.enabled, configuration.log.audit.format != .json {
            issues.append(ConfigIssue(keyPath: "log.audit.format", message: "only json is supported for the audit log"))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        configuration.rules = ruleConfigs
        var loaded = LoadedConfiguration(
            configuration: configuration,
            ruleSet: ruleSet,
            ruleOrigins: origins,
            ruleSource: ruleSource,
            fileUsed: fileUsed,
            ignoredCompatibilityVariables: ignored,
            resolvedUpstreamEndpoints: upstream.endpoints,
            upstreamSource: upstream.source
        )
        loaded.profiles = profiles
        loaded.configText = text
        return loaded
    }

    /// `upstream.endpoints` > `DOCKER_HOST` > `upstream.socket`, as sockguard (Go) resolves them. `DOCKER_HOST` is
    /// not read at all when the file lists endpoints.
    static func resolveUpstream(
        _ entries: [UpstreamEndpointEntry],
        environment: [String: String],
        builder: inout ConfigurationBuilder
    ) -> (endpoints: [UpstreamEndpointConfig], source: UpstreamSource) {
        if !entries.isEmpty {
            var endpoints: [UpstreamEndpointConfig] = []
            for entry in entries {
                let checked = UpstreamEndpointConfig.validated(entry)
                builder.issues += checked.issues
                if let endpoint = checked.endpoint { endpoints.append(endpoint) }
            }
            builder.configuration.upstream.endpoints = endpoints
            return (endpoints, .endpoints)
        }
        let docker = DockerEnvironment.endpoint(environment)
        builder.issues += docker.issues
        if let endpoint = docker.endpoint { return ([endpoint], .dockerHost) }
        let socket = UpstreamEndpointConfig(address: .unix(path: builder.configuration.upstream.socket))
        return ([socket], .socket)
    }

    /// Aliases first, then `SOCKGUARD_*`, so the `SOCKGUARD_*` name wins. Empty values count as unset.
    static func applyEnvironment(_ environment: [String: String], to builder: inout ConfigurationBuilder) {
        let ordered =
            ConfigEnvironmentVariable.allCases.filter(\.isAlias)
            + ConfigEnvironmentVariable.allCases.filter { !$0.isAlias }
        for variable in ordered {
            guard var text = environment[variable.rawValue], !text.isEmpty else { continue }
            if variable.isAlias, environment[ConfigKey.environmentName(forKeyPath: variable.key.rawValue)] != nil {
                continue
            }
            if variable == .logLevelAlias, let mapped = ConfigEnvironmentVariable.haproxyLogLevels[text] {
                text = mapped
            }
            builder.apply(variable.key, text, at: variable.rawValue)
        }
        applyContainerCreateEnvironment(environment, to: &builder)
        // `upstream.endpoints` entries have no variables (as in sockguard Go); DOCKER_HOST is the environment's way.
        for (name, value) in environment.sorted(by: { $0.key < $1.key })
        where name.hasPrefix("SOCKGUARD_UPSTREAM_ENDPOINTS") && !value.isEmpty {
            builder.issues.append(
                ConfigIssue(
                    keyPath: name,
                    message: "upstream.endpoints can only be set in the configuration file; use DOCKER_HOST "
                        + "(with DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) for one endpoint from the environment"
                )
            )
        }
        builder.issues += unknownEnvironmentIssues(environment)
    }

    /// Every `SOCKGUARD_*` name this version reads.
    static let knownEnvironmentNames: Set<String> = Set(
        ConfigEnvironmentVariable.allCases.filter { !$0.isAlias }.map(\.rawValue)
    ).union(ContainerCreateSetting.allCases.map(\.environmentName))
        .union(RequestBodySetting.allCases.map(\.environmentName))
        .union(adminListenEnvironmentNames.keys)
        .union(["SOCKGUARD_PRESET"])  // read by the command line (`--preset`)

    /// Keys that only the file sets (Go reads no variable for them).
    static let yamlOnlyKeys = ["listen.socket_uid", "listen.socket_gid"]

    /// A `SOCKGUARD_*` variable this version does not read is an error, never ignored: a typo, or a Go sockguard
    /// setting we lack, would otherwise leave the user believing a limit is on when it is not. Go settings not
    /// implemented yet say so; anything else is unknown, with the closest known name.
    static func unknownEnvironmentIssues(_ environment: [String: String]) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for name in environment.keys.sorted() where name.hasPrefix("SOCKGUARD_") {
            guard !knownEnvironmentNames.contains(name), !name.hasPrefix("SOCKGUARD_UPSTREAM_ENDPOINTS") else {
                continue
            }
            let unsupported = ConfigKey.unsupported.contains { keyPath in
                let prefix = ConfigKey.environmentName(forKeyPath: keyPath)
                return name == prefix || name.hasPrefix(prefix + "_")
            }
            if unsupported {
                issues.append(ConfigIssue(keyPath: name, message: "not supported yet by this version"))
                continue
            }
            if let key = yamlOnlyKeys.first(where: { ConfigKey.environmentName(forKeyPath: $0) == name }) {
                issues.append(
                    ConfigIssue(keyPath: name, message: "has no variable, as in sockguard (Go); set \(key) in the file")
                )
                continue
            }
            var message = "unknown variable"
            if let closest = ClosestName.suggestion(for: name, among: knownEnvironmentNames) {
                message += "; did you mean \(closest)?"
            }
            issues.append(ConfigIssue(keyPath: name, message: message))
        }
        return issues
    }

    /// `SOCKGUARD_REQUEST_BODY_<FAMILY>_<KEY>`: booleans as for other keys, lists comma-separated.
    static func applyContainerCreateEnvironment(
        _ environment: [String: String],
        to builder: inout ConfigurationBuilder
    ) {
        for setting in ContainerCreateSetting.allCases {
            let name = setting.environmentName
            guard let text = environment[name], !text.isEmpty else { continue }
            let value: ContainerCreateSetting.Value
            if setting.isList {
                value = .list(
                    text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
                )
            } else {
                do throws(ValueError) {
                    value = .flag(try ValueParser.boolean(text.trimmingSpaces()))
                } catch {
                    builder.issues.append(ConfigIssue(keyPath: name, message: error.message))
                    continue
                }
            }
            if let problem = setting.problem(with: value) {
                builder.issues.append(ConfigIssue(keyPath: name, message: problem))
                continue
            }
            setting.apply(value, to: &builder.configuration.requestBody.containerCreate)
        }
        for setting in RequestBodySetting.allCases {
            guard let text = environment[setting.environmentName], !text.isEmpty else { continue }
            if setting.isCommandList {
                let value = commands(fromJSON: text)
                if let problem = value.problem ?? setting.problem(with: .commands(value.commands)) {
                    builder.issues.append(ConfigIssue(keyPath: setting.environmentName, message: problem))
                } else {
                    setting.apply(.commands(value.commands), to: &builder.configuration.requestBody)
                }
                continue
            }
            if setting.isList {
                let entries = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
                setting.apply(.list(entries), to: &builder.configuration.requestBody)
                continue
            }
            do throws(ValueError) {
                let flag = try ValueParser.boolean(text.trimmingSpaces())
                setting.apply(.flag(flag), to: &builder.configuration.requestBody)
            } catch {
                builder.issues.append(ConfigIssue(keyPath: setting.environmentName, message: error.message))
            }
        }
    }

    /// `SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS`: a JSON array of argv arrays, `[["/bin/echo","*"]]`.
    static func commands(fromJSON text: String) -> (commands: [[String]], problem: String?) {
        let expected = "expected a JSON array of commands, each an array of strings, e.g. [[\"/bin/echo\",\"*\"]]"
        guard let body = try? JSONBody(parsing: Array(text.utf8)), case .array(let entries) = body.root else {
            return ([], expected)
        }
        var commands: [[String]] = []
        for entry in entries {
            guard case .array(let tokens) = entry else { return ([], expected) }
            var command: [String] = []
            for token in tokens {
                guard case .string(let text) = token else { return ([], expected) }
                command.append(text)
            }
            commands.append(command)
        }
        return (commands, nil)
    }

    /// The file's text; nil when the default file does not exist.
    static func readFile(_ sources: ConfigSources) throws(ConfigError) -> String? {
        let path = sources.filePath
        if let yaml = sources.inlineYAML {
            guard yaml.utf8.count <= maximumFileBytes else {
                throw .unreadableFile(path: path, reason: "larger than \(maximumFileBytes) bytes")
            }
            return yaml
        }
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if sources.fileIsExplicit { throw .unreadableFile(path: path, reason: "no such file") }
            return nil
        }
        guard !isDirectory else { throw .unreadableFile(path: path, reason: "is a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileBytes else {
            throw .unreadableFile(path: path, reason: "larger than \(maximumFileBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: "permission denied or not a regular file")
        }
        guard data.count <= maximumFileBytes else {
            throw .unreadableFile(path: path, reason: "larger than \(maximumFileBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(path: path, reason: "not valid UTF-8")
        }
        return text
    }
}
