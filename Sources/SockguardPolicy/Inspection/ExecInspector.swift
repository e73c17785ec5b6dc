/// `POST /containers/{id}/exec` (exec create) and `POST /exec/{id}/start`: only allowlisted commands run, never
/// privileged and never as root unless allowed.
///
/// The threat: exec runs any program inside a container, with the container's mounts and capabilities, and
/// `Privileged: true` gives it every capability and device on top. An allowed exec endpoint without an argv
/// allowlist is a shell in every container.
///
/// Create is judged on its body: `Cmd` (an array, or a string dockerd reads as a one-element array) must match
/// one `allowed_commands` template token by token (`ArgumentPattern` globs, same length); `Privileged: true`
/// and a root `User` (empty, `root`, `0`, with or without group: an empty user runs as the image's user, which
/// is root for almost every image) are refused unless allowed; `Env` names are checked against the allow and
/// deny lists (the deny list wins).
///
/// Start is judged on the exec instance it would start, as dockerd reports it (`GET /exec/{id}/json`,
/// `inspectInstance`): an exec created directly on the daemon, or by a client with other rights, passes the
/// same argv, privilege and user checks before it runs. Its `Env` is not reported, so it is checked at create
/// only.
public struct ExecInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.exec.*`.
    public struct Options: Sendable, Equatable {
        /// `allowed_commands`: argv templates; a command runs only if one matches it token by token. Empty
        /// refuses every exec, unless `allowAnyCommand`.
        public var allowedCommands: [[ArgumentPattern]] = []
        /// `allow_privileged`: permits `Privileged: true`.
        public var allowPrivileged = false
        /// `allow_root_user`: permits an empty, `root` or uid 0 `User`.
        public var allowRootUser = false
        /// `allowed_env_vars`: when non-empty, every `Env` name must match one (globs).
        public var allowedEnvVars: [ArgumentPattern] = []
        /// `denied_env_vars`: `Env` names that are refused even when allowed (globs).
        public var deniedEnvVars: [ArgumentPattern] = []
        /// `allowed_env_values`: exact `NAME=VALUE` entries. A name listed here may carry only these values; other
        /// names follow the two lists above. Values are compared, never repeated in a refusal.
        public var allowedEnvValues: [String] = []
        /// Set by the top-level `insecure_allow_body_blind_writes`: any argv runs when `allowedCommands` is
        /// empty. The privilege, user and env checks still apply.
        public var allowAnyCommand = false

        public init() {}
    }

    /// Largest exec create body: real ones are a few hundred bytes.
    public static let bodyLimit = 64 << 10

    public let options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    /// The exec id of `POST /exec/{id}/start` (or Podman's `/libpod/exec/{id}/start`), whose instance must pass
    /// `inspectInstance` before it is started; nil for any other path.
    public static func startedExecID(_ endpoint: DockerEndpoint) -> String? {
        endpoint.object(of: .exec, "start") ?? endpoint.libpodObject("exec", "start")
    }

    /// `/containers/{id}/exec`, or Podman's `/libpod/containers/{id}/exec`, whose body is the same `ExecConfig`.
    static func isCreate(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.object(of: .containers, "exec") != nil || endpoint.libpodObject("containers", "exec") != nil
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("an exec configuration must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            let argv = try Self.command(root)
            try check(
                argv: argv,
                privileged: try root.bool("Privileged", in: "") ?? false,
                user: try root.string("User", in: "") ?? ""
            )
            try checkEnvironment(try root.strings("Env", in: ""))
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "exec create body passed inspection"))
    }

    /// Decides `POST /exec/{id}/start` from the daemon's `GET /exec/{id}/json` answer: its
    /// `ProcessConfig.entrypoint` and `arguments` are the argv, `privileged` and `user` as created.
    public func inspectInstance(_ instance: JSONBody) -> Decision {
        do throws(BodyFieldRefusal) {
            guard case .object(let root) = instance.root,
                let process = try root.object("ProcessConfig", in: "")
            else {
                throw BodyFieldRefusal(.execInstanceUnreadable, "the exec instance could not be inspected")
            }
            let entrypoint = try process.string("entrypoint", in: "ProcessConfig.") ?? ""
            let argv = [entrypoint] + (try process.strings("arguments", in: "ProcessConfig."))
            try check(
                argv: argv,
                privileged: try process.bool("privileged", in: "ProcessConfig.") ?? false,
                user: try process.string("user", in: "ProcessConfig.") ?? ""
            )
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "exec instance passed inspection"))
    }

    /// `Cmd` as dockerd reads it (`strslice.StrSlice`): an array of strings, or one string as a one-element
    /// array. Missing or empty is refused, as dockerd refuses it.
    static func command(_ root: JSONObject) throws(BodyFieldRefusal) -> [String] {
        let argv: [String]
        switch root.value(forKey: "Cmd") {
        case .string(let single)?: argv = [single]
        case .array?: argv = try root.strings("Cmd", in: "")
        case nil, .null?: argv = []
        case let other?: throw .wrongType("Cmd", expected: "an array of strings", found: other)
        }
        guard !argv.isEmpty else {
            throw BodyFieldRefusal(.requestBodyInvalidField, "an exec needs a command (Cmd)")
        }
        return argv
    }

    private func check(argv: [String], privileged: Bool, user: String) throws(BodyFieldRefusal) {
        if privileged, !options.allowPrivileged {
            throw BodyFieldRefusal(.execPrivileged, "privileged exec is not allowed (Privileged)")
        }
        if !options.allowRootUser, ContainerUser.isRoot(user) {
            let shown = user.isEmpty ? "the image default user" : "user \"\(user)\""
            throw BodyFieldRefusal(
                .execRootUser,
                "exec as root is not allowed: \(shown) (User); run it as a non-root user, e.g. docker exec -u 1000"
            )
        }
        if options.allowedCommands.isEmpty {
            if options.allowAnyCommand { return }
            throw BodyFieldRefusal(
                .execCommand,
                "exec is not allowed: no commands are allowlisted (request_body.exec.allowed_commands)"
            )
        }
        let allowed = options.allowedCommands.contains { template in
            template.count == argv.count && zip(template, argv).allSatisfy { $0.matches($1) }
        }
        if !allowed {
            throw BodyFieldRefusal(
                .execCommand,
                "exec command \(Self.quoted(argv)) is not allowlisted (request_body.exec.allowed_commands)"
            )
        }
    }

    private func checkEnvironment(_ environment: [String]) throws(BodyFieldRefusal) {
        for entry in environment {
            let name = String(entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if options.deniedEnvVars.contains(where: { $0.matches(name) }) {
                throw BodyFieldRefusal(.execEnv, "exec environment variable \(name) is denied (Env)")
            }
            if !options.allowedEnvVars.isEmpty, !options.allowedEnvVars.contains(where: { $0.matches(name) }) {
                throw BodyFieldRefusal(.execEnv, "exec environment variable \(name) is not allowlisted (Env)")
            }
            let pinned = options.allowedEnvValues.filter { $0.utf8.starts(with: (name + "=").utf8) }
            if !pinned.isEmpty, !pinned.contains(where: { $0.utf8.elementsEqual(entry.utf8) }) {
                throw BodyFieldRefusal(
                    .execEnv,
                    "exec environment variable \(name) has a value that is not allowed (request_body.exec.allowed_env_values)"
                )
            }
        }
    }

    /// `["sh", "-c", "id"]`, shortened so a huge argv does not make a huge message.
    static func quoted(_ argv: [String]) -> String {
        let shown = argv.prefix(8).map { "\"" + String($0.prefix(64)) + "\"" }
        return "[" + shown.joined(separator: ", ") + (argv.count > 8 ? ", ..." : "") + "]"
    }
}
