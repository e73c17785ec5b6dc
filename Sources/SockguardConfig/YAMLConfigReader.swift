import SockguardPolicy

/// Walks a composed YAML document (a `YAMLNode` tree, not `Codable`) so every problem can name its key
/// path, unknown keys are refused instead of ignored, and every issue is collected before failing.
struct YAMLConfigReader {
    /// A setting found in the file, as text (or a list of texts), with the key path it was found at.
    struct Setting: Equatable {
        var key: ConfigKey
        var value: SettingValue
        var keyPath: String
    }

    private(set) var settings: [Setting] = []
    /// nil when the file has no `rules:` key.
    private(set) var rules: [RuleConfig]? = nil
    private(set) var issues: [ConfigIssue] = []
    /// `request_body.container_create` settings, in file order.
    private(set) var containerCreate: [(setting: ContainerCreateSetting, value: ContainerCreateSetting.Value)] = []
    /// `request_body.volume` / `.network` / `.image_pull` settings, in file order.
    private(set) var requestBodySettings: [(setting: RequestBodySetting, value: ContainerCreateSetting.Value)] = []
    /// `upstream.endpoints`, as written; nil when the file does not set it.
    private(set) var upstreamEndpoints: [UpstreamEndpointEntry]? = nil
    /// `listeners`, as written.
    var listeners: [ListenerEntry] = []
    /// `admin.listen`, as written; nil when the file does not set it.
    var adminListen: AdminListenEntry?
    /// `clients.profiles`, as written.
    var profiles: [ProfileEntry] = []
    /// `clients.client_certificate_profiles`, `unix_peer_profiles`, `source_ip_profiles`.
    var certificateProfiles: [ProfileAssignment] = []
    var unixPeerProfiles: [ProfileAssignment] = []
    var sourceIPProfiles: [ProfileAssignment] = []

    /// An empty reader, for a nested mapping read on its own (a profile's rules and request_body).
    init() {}

    init(yaml: String) {
        let root: YAMLNode?
        do {
            root = try YAMLComposer.compose(yaml)
        } catch {
            let location = error.line.map { "line \($0)" } ?? "(document)"
            issues.append(ConfigIssue(keyPath: location, message: "invalid YAML: \(error.problem)"))
            return
        }
        guard let root else { return }  // an empty file is all defaults
        guard case .mapping(let mapping) = root else {
            issueAt("(document)", "expected a mapping of sections (listen, upstream, rules, ...)")
            return
        }
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else {
                issueAt("(document)", "keys must be strings")
                continue
            }
            readTopLevel(name, value)
        }
    }

    private mutating func readTopLevel(_ name: String, _ value: YAMLNode) {
        if name == "rules" {
            rules = readRules(value)
        } else if name == "listeners" {
            listeners = readListeners(value)
        } else if name == "request_body" {
            readRequestBody(value)
        } else if let key = ConfigKey(rawValue: name) {
            readValue(key, value, keyPath: name)
        } else if ConfigKey.sections.contains(name) {
            readSection(name, value)
        } else {
            rejectUnknown(name)
        }
    }

    /// A mapping of keys at any depth: `listen`, `listen.tls`, `upstream.failover`.
    mutating func readSection(_ section: String, _ value: YAMLNode) {
        if value.isNull { return }  // `listen:` with nothing under it
        guard case .mapping(let mapping) = value else {
            issueAt(section, "expected a mapping")
            return
        }
        for (keyNode, child) in mapping {
            let keyPath = "\(section).\(keyNode.string ?? "?")"
            if let key = ConfigKey(rawValue: keyPath) {
                readValue(key, child, keyPath: keyPath)
            } else if keyPath == Self.adminListenPath {
                adminListen = readAdminListen(child)
            } else if keyPath == "upstream.endpoints" {
                upstreamEndpoints = readEndpoints(child)
            } else if keyPath == "clients.profiles" {
                profiles = readProfiles(child, keyPath: keyPath)
            } else if let kind = ProfileAssignmentKind(rawValue: keyPath) {
                readAssignments(child, kind: kind)
            } else if ConfigKey.sections.contains(keyPath) {
                readSection(keyPath, child)
            } else {
                rejectUnknown(keyPath)
            }
        }
    }

    mutating func rejectUnknown(_ keyPath: String) {
        if let current = ConfigKey.renamed[keyPath] {
            issueAt(keyPath, "unknown key; sockguard now spells it \(current)")
        } else {
            issueAt(
                keyPath,
                ConfigKey.isUnsupported(keyPath) ? "not supported yet by this version" : "unknown key"
            )
        }
    }

    private mutating func readValue(_ key: ConfigKey, _ node: YAMLNode, keyPath: String) {
        if key.kind == .list {
            if let entries = readStrings(node, keyPath: keyPath) {
                settings.append(Setting(key: key, value: .list(entries), keyPath: keyPath))
            }
            return
        }
        let expected = key.kind == .boolean ? "expected a boolean" : "expected a string"
        guard case .scalar(let scalar) = node, !node.isNull else {
            issueAt(keyPath, expected)
            return
        }
        switch key.kind {
        case .boolean:
            guard let flag = node.bool else {
                issueAt(keyPath, "\(expected), got \"\(scalar.string)\"")
                return
            }
            settings.append(Setting(key: key, value: .text(flag ? "true" : "false"), keyPath: keyPath))
        case .string, .scalar, .list:
            settings.append(Setting(key: key, value: .text(scalar.string), keyPath: keyPath))
        }
    }

    /// A scalar as text; an issue at `keyPath` for anything else.
    mutating func string(_ node: YAMLNode, keyPath: String, hint: String = "") -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            issueAt(keyPath, "expected a string\(hint)")
            return nil
        }
        return scalar.string
    }

    /// A name (of a profile, a listener): a non-empty string.
    mutating func name(_ node: YAMLNode, keyPath: String) -> String? {
        guard let text = string(node, keyPath: keyPath) else { return nil }
        guard !text.isEmpty else {
            issueAt(keyPath, "expected a non-empty string")
            return nil
        }
        return text
    }

    /// A list of strings; `key:` with nothing under it is an empty list.
    mutating func readStrings(_ node: YAMLNode, keyPath: String) -> [String]? {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            issueAt(keyPath, "expected a list of strings")
            return nil
        }
        var entries: [String] = []
        for item in sequence {
            guard case .scalar(let scalar) = item, !item.isNull else {
                issueAt(keyPath, "expected a list of strings")
                return nil
            }
            entries.append(scalar.string)
        }
        return entries
    }

    mutating func appendRequestBodySetting(_ setting: RequestBodySetting, _ value: ContainerCreateSetting.Value) {
        requestBodySettings.append((setting, value))
    }

    mutating func appendContainerCreate(_ setting: ContainerCreateSetting, _ value: ContainerCreateSetting.Value) {
        containerCreate.append((setting, value))
    }

    mutating func issueAt(_ keyPath: String, _ message: String) {
        issues.append(ConfigIssue(keyPath: keyPath, message: message))
    }
}
