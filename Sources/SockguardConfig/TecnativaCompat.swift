import SockguardPolicy

/// Generates rules from Tecnativa/LinuxServer environment variables, as data tables.
///
/// Used only when no `rules:` are configured and at least one variable of the active `CompatMode` is present
/// (or `compat:` is set explicitly). Rule order, first match wins:
/// 1. `ALLOW_*` grants, so a single container operation works with `POST=0` (as in LinuxServer's haproxy.cfg,
///    where these lines precede the POST check).
/// 2. `compat: linuxserver` with `CONTAINERS=1` only: denies for container lifecycle operations no grant
///    covered (LinuxServer's nginx templates refused them unless `ALLOW_*` was set) and for the
///    logs/top/export/changes/archive/attach sub-resources unless their `CONTAINERS_ID_*` variable is true.
/// 3. One rule per enabled section: `GET,HEAD` on `/<section>/**`, every method when `POST=1` (Tecnativa's
///    `http-request deny unless METH_GET || { env(POST) -m bool }`).
/// 4. `deny * /**`.
///
/// Values are read as HAProxy and sockguard (Go) read them: see `value(of:in:)`.
enum TecnativaCompat {
    /// sockguard (Go)'s five default rules as its configuration files write them: a file whose `rules:` are exactly
    /// these still lets compatibility variables decide (Go's `rulesMatchDefaults`).
    static let restatedDefaults = [
        RuleConfig(method: "GET", path: "/_ping", action: .allow),
        RuleConfig(method: "HEAD", path: "/_ping", action: .allow),
        RuleConfig(method: "GET", path: "/version", action: .allow),
        RuleConfig(method: "GET", path: "/events", action: .allow),
        RuleConfig(method: "*", path: "/**", action: .deny, reason: "no matching allow rule"),
    ]

    /// An API section: its variable and the glob covering it (the glob also matches the bare prefix).
    static let sections: [(CompatVariable, String)] = [
        (.auth, "/auth/**"), (.build, "/build/**"), (.commit, "/commit/**"), (.configs, "/configs/**"),
        (.containers, "/containers/**"), (.distribution, "/distribution/**"), (.events, "/events/**"),
        (.exec, "/exec/**"), (.grpc, "/grpc/**"), (.images, "/images/**"), (.info, "/info/**"),
        (.networks, "/networks/**"), (.nodes, "/nodes/**"), (.ping, "/_ping/**"), (.plugins, "/plugins/**"),
        (.secrets, "/secrets/**"), (.services, "/services/**"), (.session, "/session/**"), (.swarm, "/swarm/**"),
        (.system, "/system/**"), (.tasks, "/tasks/**"), (.version, "/version/**"), (.volumes, "/volumes/**"),
        (.libpodContainers, "/libpod/containers/**"), (.libpodEvents, "/libpod/events/**"),
        (.libpodExec, "/libpod/exec/**"), (.libpodGenerate, "/libpod/generate/**"),
        (.libpodImages, "/libpod/images/**"), (.libpodInfo, "/libpod/info/**"),
        (.libpodManifests, "/libpod/manifests/**"), (.libpodNetworks, "/libpod/networks/**"),
        (.libpodPing, "/libpod/_ping/**"), (.libpodPlay, "/libpod/play/**"), (.libpodPods, "/libpod/pods/**"),
        (.libpodSecrets, "/libpod/secrets/**"), (.libpodSystem, "/libpod/system/**"),
        (.libpodVersion, "/libpod/version/**"), (.libpodVolumes, "/libpod/volumes/**"),
    ]

    /// One container operation each `ALLOW_*` grants: (method, path).
    static let grants: [(CompatVariable, [(String, String)])] = [
        (.allowStart, [("POST", "/containers/*/start")]),
        (.allowStop, [("POST", "/containers/*/stop")]),
        (
            .allowRestarts,
            [("POST", "/containers/*/stop"), ("POST", "/containers/*/restart"), ("POST", "/containers/*/kill")]
        ),
        (.allowRestart, [("POST", "/containers/*/restart")]),
        (.allowPause, [("POST", "/containers/*/pause")]),
        (.allowUnpause, [("POST", "/containers/*/unpause")]),
        (.allowKill, [("POST", "/containers/*/kill")]),
        (.allowCreate, [("POST", "/containers/create")]),
        (
            .allowExec,
            [
                ("POST", "/containers/*/exec"), ("POST", "/exec/*/start"), ("POST", "/exec/*/resize"),
                ("GET,HEAD", "/exec/*/json"),
            ]
        ),
        (.allowDelete, [("DELETE", "/containers/*")]),
        (.allowPrune, [("POST", "/containers/prune")]),
        (.libpodAllowStart, [("POST", "/libpod/containers/*/start")]),
        (.libpodAllowStop, [("POST", "/libpod/containers/*/stop")]),
        (
            .libpodAllowRestarts,
            [
                ("POST", "/libpod/containers/*/stop"), ("POST", "/libpod/containers/*/restart"),
                ("POST", "/libpod/containers/*/kill"),
            ]
        ),
        (.libpodAllowPause, [("POST", "/libpod/containers/*/pause")]),
        (.libpodAllowUnpause, [("POST", "/libpod/containers/*/unpause")]),
        (.libpodAllowPodStart, [("POST", "/libpod/pods/*/start")]),
        (.libpodAllowPodStop, [("POST", "/libpod/pods/*/stop")]),
        (
            .libpodAllowPodRestarts,
            [("POST", "/libpod/pods/*/stop"), ("POST", "/libpod/pods/*/restart"), ("POST", "/libpod/pods/*/kill")]
        ),
        (.libpodAllowPodPause, [("POST", "/libpod/pods/*/pause")]),
        (.libpodAllowPodUnpause, [("POST", "/libpod/pods/*/unpause")]),
    ]

    /// LinuxServer: container lifecycle operations denied unless an `ALLOW_*` grant above covers them.
    static let linuxServerLifecycle: [String] = [
        "/containers/*/start", "/containers/*/stop", "/containers/*/restart", "/containers/*/kill",
        "/containers/*/pause", "/containers/*/unpause",
    ]

    /// LinuxServer: sub-resources denied (any method) unless their variable is true.
    static let linuxServerSubresources: [(CompatVariable, [String])] = [
        (.containersIdLogs, ["/containers/*/logs"]),
        (.containersIdTop, ["/containers/*/top"]),
        (.containersIdExport, ["/containers/*/export"]),
        (.containersIdChanges, ["/containers/*/changes"]),
        (.containersIdArchive, ["/containers/*/archive"]),
        (.containersIdAttach, ["/containers/*/attach", "/containers/*/attach/**"]),
    ]

    /// LinuxServer-only variables (`CONTAINERS_ID_LOGS`, `ALLOW_LOGS`, ...) set while `mode` is Tecnativa's: each
    /// is an issue, since ignoring `ALLOW_LOGS=0` would allow the logs its user meant to refuse.
    static func misplacedVariables(in environment: [String: String], mode: CompatMode) -> [ConfigIssue] {
        CompatVariable.allCases.filter { !$0.applies(to: mode) }.flatMap { variable in
            [variable.rawValue, variable.alias].compactMap { $0 }.filter { environment[$0] != nil }.map { name in
                ConfigIssue(
                    keyPath: name,
                    message:
                        "a LinuxServer variable; set SOCKGUARD_COMPAT=linuxserver (or compat: linuxserver) to use it"
                )
            }
        }
    }

    /// The variables of `mode` present in `environment`, in table order.
    static func presentVariables(in environment: [String: String], mode: CompatMode) -> [String] {
        CompatVariable.allCases.filter { $0.applies(to: mode) && $0.rawValue(in: environment) != nil }.map(\.rawValue)
    }

    /// Generated rules with one origin each, plus an issue per unparsable value (treated as false).
    static func rules(
        environment: [String: String],
        mode: CompatMode
    ) -> (rules: [RuleConfig], origins: [String], issues: [ConfigIssue]) {
        var issues: [ConfigIssue] = []
        var values: [CompatVariable: Bool] = [:]
        for variable in CompatVariable.allCases where variable.applies(to: mode) {
            do throws(ValueError) {
                values[variable] = try value(of: variable, in: environment)
            } catch {
                issues.append(ConfigIssue(keyPath: variable.rawValue, message: error.message))
            }
        }
        func isOn(_ variable: CompatVariable) -> Bool { values[variable] ?? false }
        var rules: [RuleConfig] = []
        var origins: [String] = []
        func add(_ method: String, _ path: String, _ action: Rule.Action, origin: String) {
            rules.append(RuleConfig(method: method, path: path, action: action, reason: origin))
            origins.append(origin)
        }
        for (variable, operations) in grants where isOn(variable) {
            for (method, path) in operations { add(method, path, .allow, origin: "env \(variable.rawValue)") }
        }
        let post = isOn(.post)
        if mode == .linuxserver, isOn(.containers) {
            let granted = Set(rules.map(\.path))
            for path in linuxServerLifecycle where !granted.contains(path) {
                add("POST", path, .deny, origin: "linuxserver \(lifecycleVariable(for: path))")
            }
            for (variable, paths) in linuxServerSubresources where !isOn(variable) {
                for path in paths { add("*", path, .deny, origin: "linuxserver \(variable.rawValue)") }
            }
        }
        for (variable, path) in sections where isOn(variable) {
            add(post ? "*" : "GET,HEAD", path, .allow, origin: "env \(variable.rawValue)")
        }
        add("*", "/**", .deny, origin: RuleSet.noMatchReason)
        return (rules, origins, issues)
    }

    /// Unset means the variable's default. A value is read as either peer reads it: HAProxy (Tecnativa,
    /// LinuxServer) takes the leading integer (`env(CONTAINERS) -m bool`), so `2` or `10` mean on and `0` or an
    /// empty value off; sockguard (Go) takes `true`/`yes` and `false`/`no`. A value neither would read as a number
    /// or a boolean (`on`, `enabled`) is refused, naming the variable, rather than guessed.
    static func value(of variable: CompatVariable, in environment: [String: String]) throws(ValueError) -> Bool {
        guard let raw = variable.rawValue(in: environment) else { return variable.defaultsOn }
        let text = raw.trimmingSpaces().lowercased()
        switch text {
        case "true", "yes": return true
        case "false", "no", "": return false
        default: break
        }
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        let leading = digits.prefix { $0.isASCII && $0.isNumber }
        guard !leading.isEmpty else {
            throw ValueError("expected a number (1, 0) or true/false, yes/no, got \"\(raw)\"")
        }
        return leading.contains { $0 != "0" }
    }

    /// The variable to set to lift a LinuxServer lifecycle deny, for its origin label.
    private static func lifecycleVariable(for path: String) -> String {
        let operation = path.split(separator: "/").last.map(String.init) ?? ""
        let variable: CompatVariable =
            switch operation {
            case "start": .allowStart
            case "stop": .allowStop
            case "pause": .allowPause
            case "unpause": .allowUnpause
            case "kill": .allowKill
            default: .allowRestarts
            }
        return variable.rawValue
    }
}
