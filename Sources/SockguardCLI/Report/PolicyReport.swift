import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// What a policy exposes: every endpoint of the Engine API catalog, for every client group, judged by the decider
/// with a harmless request and its dangerous variants (`RiskProbe`).
struct PolicyReport {
    /// A group of clients the policy treats alike: a profile, or every client when there are none.
    struct Group {
        /// The profile's name; `(all clients)` when the configuration has no profiles, `(no profile)` for clients none selects.
        var name: String
        /// The `match` flags that judge a request as this group's client.
        var matchArguments: [String]
        var client: DeciderClient
        /// Where each of the group's rules was written (`env CONTAINERS`, `rules[2]`), when known.
        var ruleOrigins: [String] = []
    }

    var groups: [Group]
    var rows: [ReportRow]

    /// Whether Podman's libpod endpoints are among the rows.
    var listsLibpod: Bool { rows.contains(where: \.isLibpod) }

    /// Judges the whole catalog for every group of clients on `listener` (the first one when nil). Podman's libpod
    /// endpoints are listed when `libpod` says so or, when it is nil, when the policy opens one of them.
    init(settings: ProxySettings, loaded: LoadedConfiguration, listener: String? = nil, libpod: Bool? = nil) {
        var groups = Self.groups(settings, listener: listener ?? settings.listeners.first?.name ?? "default")
        for index in groups.indices {
            let profile = loaded.profiles.first { $0.name == groups[index].name }
            groups[index].ruleOrigins = profile?.ruleOrigins ?? loaded.ruleOrigins
        }
        self.groups = groups
        let judged = groups.map { group in
            let probe = DecisionProbe(settings: settings.deciderSettings, client: group.client)
            return EngineCatalog.endpoints.map { endpoint in
                ReportRow(
                    group: group.name,
                    ruleOrigins: group.ruleOrigins,
                    endpoint: endpoint,
                    results: RiskProbe.probes(for: endpoint).map {
                        ProbeResult(probe: $0, judgedBy: probe, endpoint: endpoint)
                    }
                )
            }
        }
        // Podman's libpod endpoints are listed only when the policy opens one of them for some client: a policy
        // for dockerd is not padded with fifty rows it denies.
        let opensLibpod = libpod ?? judged.joined().contains { $0.isLibpod && $0.decision != .denied }
        self.rows = judged.flatMap { rows in opensLibpod ? rows : rows.filter { !$0.isLibpod } }
    }

    /// Each profile by name; before them the clients no profile selects, unless a default profile takes them.
    static func groups(_ settings: ProxySettings, listener: String) -> [Group] {
        let base = DeciderClient(
            policy: settings.basePolicy,
            listenerProfiles: settings.allowedProfiles(listener: listener),
            admin: settings.adminPlacement(listener: listener)
        )
        let listenerFlag = ["--listener", listener]
        guard let profiles = settings.clientProfiles else {
            return [Group(name: "(all clients)", matchArguments: listenerFlag, client: base)]
        }
        var groups: [Group] = []
        if profiles.policy(for: ClientIdentity()) == nil {
            groups.append(Group(name: "(no profile)", matchArguments: listenerFlag, client: base))
        }
        for name in profiles.policies.keys.sorted() {
            var client = base
            client.policy = profiles.policies[name]!
            groups.append(Group(name: name, matchArguments: listenerFlag + ["--profile", name], client: client))
        }
        return groups
    }

    /// The widest class exposed anywhere, nil when nothing is.
    var widestExposure: RiskClass? { rows.compactMap(\.exposure).min() }
}

/// What the decider made of one concrete request.
struct ProbeResult {
    var probe: RiskProbe
    /// As `match` prints it: `allow`, `deny`, `would_deny`, `ask_daemon`.
    var decision: String
    var reasonCode: String?
    var stage: Verdict.Stage
    var ruleIndex: Int?
    /// The response is rewritten (`response.*`): environment, mounts and tokens do not reach the client.
    var redacted: Bool
    /// The daemon is asked this first (`GET /exec/{id}/json`, an owner check); its answer decides.
    var lookup: String?

    init(probe: RiskProbe, judgedBy judge: DecisionProbe, endpoint: EngineEndpoint) {
        self.probe = probe
        let head = DecisionProbe.head(method: endpoint.method, target: probe.target, bodyLength: probe.body?.count)
        let (step, verdict) = judge.judge(head, body: probe.body)
        self.decision = DecisionProbe.decision(step, verdict)
        self.reasonCode = verdict.reasonCode?.rawValue
        self.stage = verdict.stage
        self.ruleIndex = verdict.ruleIndex
        self.redacted = false
        switch step {
        case .forward(let plan): self.redacted = plan.redaction != nil
        case .lookup(let path): self.lookup = "GET " + path
        default: break
        }
    }

    /// The request reaches the daemon (allowed, let through by warn or audit, or up to the daemon's answer).
    var getsThrough: Bool { decision == "allow" || decision == "would_deny" || decision == "ask_daemon" }

    /// Refused by a check of the request's content, not by the rules: the endpoint is open, this use is not.
    var refusedByInspection: Bool {
        guard decision == "deny" else { return false }
        return [.body, .requestLine, .execInstance, .ownerCheck, .bodyLimit].contains(stage)
    }

    /// What the client can do when it gets through: nil when it cannot, or when redaction takes the secrets out.
    var exposure: RiskClass? {
        guard getsThrough else { return nil }
        if probe.risk == .secret && redacted { return .readOnly }
        return probe.risk
    }
}

/// One endpoint for one group of clients.
struct ReportRow {
    enum Decision: String, Comparable {
        case allowed
        /// Open, but its content is checked: some variants (or the harmless request) are refused by an inspector,
        /// the daemon's answer decides (ownership), or the response is redacted.
        case inspected = "allowed-with-inspection"
        case denied

        static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.rank < rhs.rank }
        private var rank: Int { self == .allowed ? 0 : self == .inspected ? 1 : 2 }
    }

    var group: String
    var ruleOrigins: [String]
    var endpoint: EngineEndpoint
    /// The harmless request first, then its dangerous variants.
    var results: [ProbeResult]

    var base: ProbeResult { results[0] }
    /// One of Podman's libpod endpoints (`EngineCatalog.libpodData`).
    var isLibpod: Bool { endpoint.since == "libpod" }
    var variants: ArraySlice<ProbeResult> { results.dropFirst() }

    var decision: Decision {
        if base.decision == "ask_daemon" || base.refusedByInspection { return .inspected }
        guard base.getsThrough else { return .denied }
        return variants.contains { !$0.getsThrough } || base.redacted ? .inspected : .allowed
    }

    /// The widest class a client of the group can reach through this endpoint, nil when none.
    var exposure: RiskClass? { results.compactMap(\.exposure).min() }

    /// The variants that get through and those refused, by name.
    var openVariants: [String] { variants.filter(\.getsThrough).map(\.probe.name) }
    var blockedVariants: [String] { variants.filter { !$0.getsThrough }.map(\.probe.name) }

    /// The check that decided the harmless request: `rule N`, or the stage and reason code.
    var decidedBy: String {
        if let index = base.ruleIndex, base.stage == .rules {
            // The origin when it says more than the index: `env CONTAINERS`, `clients.profiles[1].rules[0]`.
            guard index < ruleOrigins.count, ruleOrigins[index] != "rules[\(index)]" else { return "rule \(index)" }
            return "rule \(index) (\(ruleOrigins[index]))"
        }
        let code = base.reasonCode.map { " (\($0))" } ?? ""
        return base.stage.rawValue + code
    }
}
