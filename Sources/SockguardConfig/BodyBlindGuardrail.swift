import SockguardPolicy

/// Refuses a policy whose rules allow a write the proxy cannot constrain by its body, unless
/// `insecure_allow_body_blind_writes: true` says the operator knows. `validate` and `serve` fail with the
/// endpoints named, so a permissive policy is a decision, never an accident.
///
/// Body-blind writes: `POST /containers/{id}/exec` without `request_body.exec.allowed_commands` (any command
/// in any container), `POST /swarm/join` without `request_body.swarm.allowed_join_remote_addrs` (join any
/// swarm, whose managers then schedule anything here), `POST /plugins/{name}/set` without
/// `request_body.plugin.allowed_set_env_prefixes` (rewrite a privileged plugin's mounts, devices and env), and
/// BuildKit's `POST /session` and `POST /grpc` tunnels (opaque streams that drive a build), and Podman's libpod
/// writes that carry a body no inspector reads yet (`libpodWrites`).
///
/// Whether the rules allow an endpoint is asked of the compiled rule set itself, first match wins, with
/// sample paths: a generic one (`/containers/sockguard-probe/exec`) and one made from every allow rule's own
/// pattern (`/containers/web/exec` for a rule on exactly that path, `*` and `**` filled in). A rule that allows
/// only paths no sample reaches is not caught; such a rule names one container on purpose.
enum BodyBlindGuardrail {
    struct Endpoint {
        var name: String
        var shape: GlobPattern
        var sample: String
        /// What makes the endpoint constrained, or nil when nothing can.
        var remedy: String?
    }

    static func blindEndpoints(_ requestBody: RequestBodyConfig) -> [Endpoint] {
        var endpoints: [Endpoint] = []
        if requestBody.exec.allowedCommands.isEmpty {
            for prefix in ["", "/libpod"] {
                endpoints.append(
                    Endpoint(
                        name: "POST \(prefix)/containers/{id}/exec",
                        shape: Self.pattern("\(prefix)/containers/*/exec"),
                        sample: "\(prefix)/containers/sockguard-probe/exec",
                        remedy: "list the commands in request_body.exec.allowed_commands "
                            + "(SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS)"
                    )
                )
            }
        }
        if requestBody.swarm.allowedJoinRemoteAddrs.isEmpty {
            endpoints.append(
                Endpoint(
                    name: "POST /swarm/join",
                    shape: Self.pattern("/swarm/join"),
                    sample: "/swarm/join",
                    remedy: "list the managers it may join in request_body.swarm.allowed_join_remote_addrs "
                        + "(SOCKGUARD_REQUEST_BODY_SWARM_ALLOWED_JOIN_REMOTE_ADDRS)"
                )
            )
        }
        if requestBody.plugin.allowedSetEnvPrefixes.isEmpty {
            endpoints.append(
                Endpoint(
                    name: "POST /plugins/{name}/set",
                    shape: Self.pattern("/plugins/**/set"),
                    sample: "/plugins/sockguard-probe/set",
                    remedy: "list the settings it may change in request_body.plugin.allowed_set_env_prefixes "
                        + "(SOCKGUARD_REQUEST_BODY_PLUGIN_ALLOWED_SET_ENV_PREFIXES)"
                )
            )
        }
        for tunnel in ["/session", "/grpc"] {
            endpoints.append(
                Endpoint(name: "POST \(tunnel) (BuildKit)", shape: Self.pattern(tunnel), sample: tunnel, remedy: nil)
            )
        }
        for path in libpodWrites {
            let sample = Self.sample(of: path)
            endpoints.append(
                Endpoint(
                    name: "POST \(path) (Podman; no libpod inspector yet)",
                    shape: Self.pattern(path),
                    sample: sample,
                    remedy: nil
                )
            )
        }
        return endpoints
    }

    /// Podman's libpod writes whose body (or query) can ask for root on the host: a kube play, a build, a load,
    /// an archive, an update. The container create (`LibpodContainerCreateInspector`), the pod create
    /// (`LibpodPodCreateInspector`), the exec (`ExecInspector`, blind above without allowed commands) and the pull
    /// (`ImagePullInspector.inspectLibpod`) are inspected; every other one is blind.
    static let libpodWrites = [
        "/libpod/containers/*/archive",
        "/libpod/containers/*/update", "/libpod/play/kube", "/libpod/kube/play",
        "/libpod/kube/apply", "/libpod/build", "/libpod/images/load", "/libpod/images/import",
        "/libpod/volumes/create", "/libpod/networks/create", "/libpod/secrets/create", "/libpod/manifests/**",
    ]

    /// One issue per body-blind endpoint the rules allow; empty when none is allowed or the operator opted in.
    static func issues(
        ruleSet: RuleSet,
        origins: [String],
        source: RuleSource,
        configuration: Configuration
    ) -> [ConfigIssue] {
        guard !configuration.insecureAllowBodyBlindWrites else { return [] }
        var issues: [ConfigIssue] = []
        for endpoint in blindEndpoints(configuration.requestBody) {
            guard let index = allowingRule(for: endpoint, in: ruleSet) else { continue }
            let origin = index < origins.count ? origins[index] : "rules[\(index)]"
            let optIn: String
            let keyPath: String
            if source == .compatibilityEnvironment {
                keyPath = origin.split(separator: " ").last.map(String.init) ?? origin
                optIn = "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES=true"
            } else {
                keyPath = origin
                optIn = "insecure_allow_body_blind_writes: true"
            }
            let fix = endpoint.remedy.map { "\($0), or set \(optIn)" } ?? "deny it, or set \(optIn)"
            issues.append(
                ConfigIssue(
                    keyPath: keyPath,
                    message: "allows \(endpoint.name), a write whose body the proxy cannot constrain; \(fix)"
                )
            )
        }
        return issues
    }

    /// The index of the rule that allows a sample of `endpoint`, or nil.
    static func allowingRule(for endpoint: Endpoint, in ruleSet: RuleSet) -> Int? {
        var samples = [endpoint.sample]
        for rule in ruleSet.rules where rule.action == .allow && rule.methods.matches("POST") {
            samples.append(sample(of: rule.path.source))
        }
        for path in samples where endpoint.shape.matches(path) {
            if case .allow(let matched) = ruleSet.evaluate(method: "POST", path: path), let index = matched.index {
                return index
            }
        }
        return nil
    }

    /// A path the pattern matches: each `**` segment and each `*` becomes `sockguard-probe`.
    static func sample(of pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment == "**"
                ? "sockguard-probe" : String(segment.replacing("*", with: "sockguard-probe"))
        }.joined(separator: "/")
    }

    private static func pattern(_ source: String) -> GlobPattern {
        guard let pattern = try? GlobPattern(source) else { preconditionFailure("bad built-in pattern \(source)") }
        return pattern
    }
}
