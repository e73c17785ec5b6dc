import SockguardPolicy

/// `clients.profiles[]` and the lists that assign clients to them.
extension YAMLConfigReader {
    /// One `clients.profiles` entry as written; the loader applies its settings and compiles its rules.
    struct ProfileEntry {
        var keyPath: String
        var name: String?
        var rules: [RuleConfig]?
        var mode = RolloutMode.enforce
        var limits: ProfileLimits?
        /// `response:` settings (`response.redact_*`, `response.visible_resource_labels`), applied over the
        /// top-level `response` when the profile is loaded.
        var responseSettings: [Setting] = []
        var containerCreate: [(setting: ContainerCreateSetting, value: ContainerCreateSetting.Value)] = []
        var requestBodySettings: [(setting: RequestBodySetting, value: ContainerCreateSetting.Value)] = []
    }

    enum ProfileAssignmentKind: String {
        case certificate = "clients.client_certificate_profiles"
        case unixPeer = "clients.unix_peer_profiles"
        case sourceIP = "clients.source_ip_profiles"

        /// The keys an entry may have besides `profile`.
        var selectorKeys: [String] {
            switch self {
            case .certificate: ["common_names", "dns_names", "ip_addresses", "uri_sans", "public_key_sha256_pins"]
            case .unixPeer: ["uids", "gids"]
            case .sourceIP: ["cidrs"]
            }
        }
    }

    mutating func readProfiles(_ node: YAMLNode, keyPath: String) -> [ProfileEntry] {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            issueAt(keyPath, "expected a list of profiles ({name, rules, request_body})")
            return []
        }
        var entries: [ProfileEntry] = []
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(keyPath)[\(index)]"
            guard case .mapping(let mapping) = item else {
                issueAt(itemPath, "expected a mapping with name, rules and request_body")
                continue
            }
            var entry = ProfileEntry(keyPath: itemPath)
            // Rules and request_body are read by a reader of their own, so their issues can be placed here.
            var nested = YAMLConfigReader()
            for (keyNode, value) in mapping {
                switch keyNode.string {
                case "name":
                    entry.name = name(value, keyPath: "\(itemPath).name")
                case "rules":
                    entry.rules = nested.readRules(value)
                case "request_body":
                    nested.readRequestBody(value)
                case "mode":
                    // Empty is Go's default, enforce.
                    let text = value.string ?? "?"
                    if let mode = text.isEmpty ? .enforce : RolloutMode(rawValue: text) {
                        entry.mode = mode
                    } else {
                        issueAt("\(itemPath).mode", "expected enforce, warn or audit, got \"\(text)\"")
                    }
                case "response":
                    entry.responseSettings = readProfileResponse(value, keyPath: "\(itemPath).response")
                case "limits":
                    entry.limits = readLimits(value, keyPath: "\(itemPath).limits")
                default:
                    issueAt("\(itemPath).\(keyNode.string ?? "?")", "unknown key")
                }
            }
            for issue in nested.issues {
                issueAt("\(itemPath).\(issue.keyPath)", issue.message)
            }
            entry.containerCreate = nested.containerCreate
            entry.requestBodySettings = nested.requestBodySettings
            if entry.name == nil { issueAt("\(itemPath).name", "every profile needs a name") }
            if entry.rules == nil { issueAt("\(itemPath).rules", "every profile needs rules") }
            entries.append(entry)
        }
        return entries
    }

    /// A profile's `response:`: what this profile's clients see redacted (`redact_*`) and which resources they see
    /// at all (`visible_resource_labels`, `name_patterns`, `image_patterns`); the message wording and other
    /// `response` keys are global.
    mutating func readProfileResponse(_ node: YAMLNode, keyPath: String) -> [Setting] {
        if node.isNull { return [] }
        guard case .mapping(let mapping) = node else {
            issueAt(keyPath, "expected a mapping")
            return []
        }
        let perProfile: Set<String> = [
            "redact_container_env", "redact_mount_paths", "redact_network_topology", "redact_sensitive_data",
            "visible_resource_labels", "name_patterns", "image_patterns",
        ]
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "?"
            if perProfile.contains(name) {
                pairs.append((keyNode, value))
            } else {
                issueAt(
                    "\(keyPath).\(name)",
                    "unknown key (a profile's response sets redact_*, visible_resource_labels, name_patterns and "
                        + "image_patterns)"
                )
            }
        }
        var nested = YAMLConfigReader()
        nested.readSection("response", .mapping(pairs))
        for issue in nested.issues {
            issueAt(keyPath + issue.keyPath.dropFirst("response".count), issue.message)
        }
        return nested.settings.map { setting in
            var setting = setting
            setting.keyPath = keyPath + setting.keyPath.dropFirst("response".count)
            return setting
        }
    }

    mutating func readAssignments(_ node: YAMLNode, kind: ProfileAssignmentKind) {
        let keyPath = kind.rawValue
        if node.isNull { return }
        guard case .sequence(let sequence) = node else {
            issueAt(keyPath, "expected a list of {profile, \(kind.selectorKeys.joined(separator: ", "))}")
            return
        }
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(keyPath)[\(index)]"
            guard case .mapping(let mapping) = item else {
                issueAt(itemPath, "expected a mapping with profile and \(kind.selectorKeys.joined(separator: ", "))")
                continue
            }
            var profile: String?
            var assignment = ProfileAssignment(profile: "")
            var hasSelector = false
            for (keyNode, value) in mapping {
                let name = keyNode.string ?? "?"
                let valuePath = "\(itemPath).\(name)"
                if name == "profile" {
                    profile = self.name(value, keyPath: valuePath)
                    continue
                }
                guard kind.selectorKeys.contains(name) else {
                    // sockguard (Go) selectors this version does not match on yet.
                    let later = (kind == .certificate && name == "spiffe_ids") || (kind == .unixPeer && name == "pids")
                    issueAt(valuePath, later ? "not supported yet by this version" : "unknown key")
                    continue
                }
                guard let entries = readStrings(value, keyPath: valuePath) else { continue }
                do throws(ValueError) {
                    try Self.setSelector(name, entries, on: &assignment)
                    hasSelector = hasSelector || !entries.isEmpty
                } catch {
                    issueAt(valuePath, error.message)
                }
            }
            guard let profile else {
                issueAt("\(itemPath).profile", "every entry names the profile it assigns")
                continue
            }
            if !hasSelector {
                issueAt(itemPath, "names no clients (set one of \(kind.selectorKeys.joined(separator: ", ")))")
                continue
            }
            assignment.profile = profile
            switch kind {
            case .certificate: certificateProfiles.append(assignment)
            case .unixPeer: unixPeerProfiles.append(assignment)
            case .sourceIP: sourceIPProfiles.append(assignment)
            }
        }
    }

    private static func setSelector(
        _ name: String,
        _ entries: [String],
        on assignment: inout ProfileAssignment
    ) throws(ValueError) {
        switch name {
        case "cidrs":
            assignment.cidrs = try entries.map { (entry) throws(ValueError) in
                guard let range = AddressRange(entry.trimmingSpaces()) else {
                    throw ValueError("\"\(entry)\" is not an IP address or CIDR (10.0.0.0/8, fd00::/8)")
                }
                return range
            }
        case "uids", "gids":
            let ids = try entries.map { (entry) throws(ValueError) in
                guard let id = UInt32(entry.trimmingSpaces()) else {
                    throw ValueError("\"\(entry)\" is not a numeric user or group id")
                }
                return id
            }
            if name == "uids" { assignment.uids = ids } else { assignment.gids = ids }
        case "common_names": assignment.certificate.commonNames = try ValueParser.nonEmptyEntries(entries)
        case "dns_names": assignment.certificate.dnsNames = try ValueParser.nonEmptyEntries(entries)
        case "ip_addresses": assignment.certificate.ipAddresses = try ValueParser.ipAddresses(entries)
        case "uri_sans": assignment.certificate.uriSANs = try ValueParser.uris(entries)
        default:
            assignment.certificate.publicKeySHA256Pins = try entries.map { (entry) throws(ValueError) in
                try ValueParser.publicKeyPin(entry)
            }
        }
    }
}
