/// The policy learn mode writes: allow rules for what was seen, a final deny, and the `request_body` options that
/// admit the bodies seen. `yaml` renders it as a configuration `sockguard validate` accepts.
public struct LearnedPolicy: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var methods: [String]
        public var path: String
        public var count: Int
        public var example: String
    }

    public var rules: [Rule] = []
    /// `request_body.container_create`.
    public var allowPrivileged = false
    public var allowHostNetwork = false
    public var allowHostPID = false
    public var allowHostIPC = false
    public var bindMounts: Set<String> = []
    public var capabilities: Set<String> = []
    public var devices: Set<String> = []
    /// `request_body.exec`.
    public var execCommands: Set<[String]> = []
    public var execRoot = false
    public var execPrivileged = false
    /// Requests the starting policy would have refused: listed in a comment, not allowed.
    public var outside: [String] = []
    /// Inspector refusals no option learned from traffic admits: listed, to be set by hand.
    public var unrelaxed: [String] = []
    public var requests = 0
    public var startedFromAllowAll = false

    public init() {}

    /// Widens the options just enough to admit `features`.
    mutating func admit(_ features: BodyFeatures) {
        switch features.kind {
        case .containerCreate:
            allowPrivileged = allowPrivileged || features.privileged
            allowHostNetwork = allowHostNetwork || features.hostNetwork
            allowHostPID = allowHostPID || features.hostPID
            allowHostIPC = allowHostIPC || features.hostIPC
            bindMounts.formUnion(features.bindSources)
            capabilities.formUnion(features.capabilities)
            devices.formUnion(features.devices)
        case .exec:
            if !features.command.isEmpty { execCommands.insert(features.command) }
            execRoot = execRoot || features.rootUser
            execPrivileged = execPrivileged || features.privileged
        }
    }

    /// The configuration, with a comment on each rule giving its count and an example.
    public func yaml(header: [String] = []) -> String {
        var lines = header.map { "# " + $0 }
        lines.append(
            "# \(requests) requests seen, starting from " + (startedFromAllowAll ? "allow-all." : "the given policy.")
        )
        lines.append("# Review it, then: sockguard validate -c FILE; sockguard report -c FILE")
        lines += requestBody()
        lines.append("rules:")
        for rule in rules {
            lines.append("  # \(rule.count) request\(rule.count == 1 ? "" : "s"), e.g. \(rule.example)")
            lines.append("  - match: { method: \(q(rule.methods.joined(separator: ","))), path: \(q(rule.path)) }")
            lines.append("    action: allow")
        }
        lines.append("  - match: { method: \"*\", path: \"/**\" }")
        lines.append("    action: deny")
        lines.append("    reason: \"not seen while learning\"")
        if !outside.isEmpty {
            lines.append("# Seen, but the starting policy would have refused them (not allowed above):")
            lines += outside.map { "#   " + $0 }
        }
        if !unrelaxed.isEmpty {
            lines.append("# Seen and refused by inspectors whose options learn mode does not set (set them by hand):")
            lines += unrelaxed.map { "#   " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func requestBody() -> [String] {
        var create: [String] = []
        if allowPrivileged { create.append("allow_privileged: true") }
        if allowHostNetwork { create.append("allow_host_network: true") }
        if allowHostPID { create.append("allow_host_pid: true") }
        if allowHostIPC { create.append("allow_host_ipc: true") }
        if !bindMounts.isEmpty { create.append("allowed_bind_mounts: " + list(bindMounts.sorted())) }
        if !capabilities.isEmpty { create.append("allowed_capabilities: " + list(capabilities.sorted())) }
        if !devices.isEmpty { create.append("allowed_devices: " + list(devices.sorted())) }
        var exec: [String] = []
        if !execCommands.isEmpty {
            exec.append("allowed_commands:")
            exec += execCommands.sorted { $0.lexicographicallyPrecedes($1) }.map { "  - " + list($0) }
        }
        if execRoot { exec.append("allow_root_user: true") }
        if execPrivileged { exec.append("allow_privileged: true") }
        guard !create.isEmpty || !exec.isEmpty else { return [] }
        var lines = ["request_body:"]
        if !create.isEmpty { lines += ["  container_create:"] + create.map { "    " + $0 } }
        if !exec.isEmpty { lines += ["  exec:"] + exec.map { "    " + $0 } }
        return lines
    }

    private func q(_ text: String) -> String { JSONString.quote(text) }
    private func list(_ items: [String]) -> String { "[" + items.map(q).joined(separator: ", ") + "]" }
}
