import SockguardPolicy
import Yams

/// `clients.profiles[]` and the lists that assign clients to them.
extension YAMLConfigReader {
    /// One `clients.profiles` entry as written; the loader applies its settings and compiles its rules.
    struct ProfileEntry {
        var keyPath: String
        var name: String?
        var rules: [RuleConfig]?
        var mode = RolloutMode.enforce
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

    mutating func readProfiles(_ node: Node, keyPath: String) -> [ProfileEntry] {
        if node.null != nil { return [] }
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
                case "limits", "response":
                    issueAt("\(itemPath).\(keyNode.string ?? "?")", "not supported yet by this version")
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

    mutating func readAssignments(_ node: Node, kind: ProfileAssignmentKind) {
        let keyPath = kind.rawValue
        if node.null != nil { return }
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
