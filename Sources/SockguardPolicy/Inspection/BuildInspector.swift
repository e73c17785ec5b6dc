/// `POST /build`: refuses image builds that run commands, use the host network, fetch a remote context, or
/// pick their own frontend.
///
/// The threat: a build is arbitrary code on the daemon's host. Every `RUN` executes a command in a container
/// the client designed, with the network mode the client asked for; `networkmode=host` (and
/// `container:<id>`) puts it in another network namespace, reaching whatever the host can reach. A
/// `# syntax=` directive or a `BUILDKIT_SYNTAX` build argument makes BuildKit pull and run a frontend image
/// of the client's choosing, which is arbitrary code too. A remote context (`remote=` a git or tarball URL)
/// makes the daemon fetch from any host, and its Dockerfile never passes through sockguard.
///
/// The request line is decided first (`inspectRequestLine`), so the proxy can refuse before reading a
/// large context:
/// - `networkmode` `host` (trimmed, any case) or `container:<id>`, unless `allowHostNetwork`
///   (`build_host_network`).
/// - A non-empty `remote` unless `allowRemoteContext`; even then, unless `allowRunInstructions`, since its
///   Dockerfile cannot be inspected (`build_remote_context`).
/// - A non-null `BUILDKIT_SYNTAX` in `buildargs`, unless `allowRunInstructions` (`build_custom_frontend`).
/// - A query Go would fail to decode, `buildargs` that is not a JSON object, or `networkmode`, `remote`,
///   `dockerfile` or `buildargs` given twice: 400 (`build_invalid_query`).
///
/// Then the body, the build context: a tar, plain or gzip (bzip2, xz and zstd are refused as uninspectable).
/// The Dockerfile is the entry at `dockerfile` (default `Dockerfile`), cleaned and relative to the context
/// root; the last entry of that name wins, as it does when dockerd extracts the context; for the default
/// name dockerd falls back to `dockerfile`, and so does this inspector. It is read with
/// `DockerfileScanner`, once with heredocs and once without (as a parser without heredoc support reads it);
/// either reading finding `RUN` or `ONBUILD RUN` refuses the build unless `allowRunInstructions`
/// (`build_run_instruction`), and so does a `syntax` directive (`build_custom_frontend`): a frontend is
/// arbitrary code just as `RUN` is, and the Go sockguard ties both to the same switch. A context that is not
/// a valid tar is 400 (`request_body_invalid`); a Dockerfile that is missing, a link (or under a linked
/// directory), not a regular file, larger than `dockerfileLimit` or unparseable is refused
/// (`build_dockerfile_uninspectable`): sockguard cannot know what dockerd would read.
///
/// Not covered: `FROM` an image whose own `ONBUILD RUN` triggers fire in this build; `FROM` and
/// `COPY --from` images from registries `ImagePullInspector` would refuse; `ADD <url>` fetches made by the
/// daemon; build secrets or SSH forwarded over a BuildKit session (`/session` is a separate endpoint).
public struct BuildInspector: ArchiveBodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.build.*`.
    public struct Options: Sendable, Equatable {
        /// `request_body.build.allow_remote_context`: permits `remote=` (git URLs, remote tarballs).
        public var allowRemoteContext = false
        /// `request_body.build.allow_host_network`: permits `networkmode=host` and `container:<id>`.
        public var allowHostNetwork = false
        /// `request_body.build.allow_run_instructions`: permits `RUN`, `ONBUILD RUN` and custom frontends
        /// (`# syntax=` directives, the `BUILDKIT_SYNTAX` build argument), and so any build context.
        public var allowRunInstructions = false

        public init() {}
    }

    /// Largest build context the proxy buffers: the Go sockguard's `maxBuildContextBytes`. Contexts are
    /// whole source trees, so this is large; it bounds memory per request, not what a build may need.
    public static let bodyLimit = 512 << 20
    /// Largest Dockerfile read, the Go sockguard's `maxBuildDockerfileBytes`; real ones are a few KiB.
    public static let dockerfileLimit = 1 << 20
    /// Most bytes a gzip context may inflate to: four times `bodyLimit` is room for ordinary source trees
    /// while a decompression bomb stops after a few seconds of CPU. Inflated bytes are parsed as they come,
    /// never held.
    public static let inflatedLimit = 2 << 30

    /// The default Dockerfile name, and the lower-case name dockerd falls back to for it.
    static let defaultDockerfile = "Dockerfile"
    static let fallbackDockerfile = "dockerfile"
    /// Query names whose repetition is refused: each one changes what is checked.
    static let singleValued = ["networkmode", "remote", "dockerfile", "buildargs"]

    /// `POST` to this path is the build this inspector decides.
    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.isCollection(.build)
    }

    public let options: Options
    let inflatedLimit: Int

    public init(options: Options = .init()) {
        self.init(options: options, inflatedLimit: Self.inflatedLimit)
    }

    init(options: Options, inflatedLimit: Int) {
        self.options = options
        self.inflatedLimit = inflatedLimit
    }

    /// Whether the body must be read at all: with `RUN` and custom frontends allowed, nothing in the context
    /// can change the decision.
    public var inspectsBody: Bool { !options.allowRunInstructions }

    /// The decision the request line alone makes, or nil when the context must be read.
    public func inspectRequestLine(_ request: InspectedRequest) -> Decision? {
        let query: QueryParameters
        do throws(QueryParameters.Failure) {
            query = try QueryParameters(parsing: request.query)
        } catch {
            return Self.invalid(error.message)
        }
        for name in Self.singleValued where query.values(name).count > 1 {
            return Self.invalid("\(name) appears more than once in the query")
        }

        let networkMode = query.first("networkmode").asciiTrimmed().lowercased()
        if !options.allowHostNetwork {
            if networkMode == "host" {
                return Self.refuse(.buildHostNetwork, "building with the host network is not allowed (networkmode)")
            }
            if networkMode.hasPrefix("container:") {
                return Self.refuse(
                    .buildHostNetwork,
                    "building in another container's network is not allowed (networkmode)"
                )
            }
        }

        if let refusal = checkBuildArgs(query.first("buildargs")) {
            return refusal
        }

        if !query.first("remote").asciiTrimmed().isEmpty {
            guard options.allowRemoteContext else {
                return Self.refuse(.buildRemoteContext, "building from a remote context is not allowed (remote)")
            }
            guard !inspectsBody else {
                return Self.refuse(
                    .buildRemoteContext,
                    "a remote context's Dockerfile cannot be inspected while RUN instructions are refused"
                )
            }
            return .allow(MatchedRule(index: nil, reason: "remote build context allowed"))
        }
        guard inspectsBody else {
            return .allow(MatchedRule(index: nil, reason: "build allowed without context inspection"))
        }
        return nil
    }

    public func inspect(_ request: InspectedRequest, archive: UnsafeRawBufferPointer) -> Decision {
        if let decision = inspectRequestLine(request) {
            return decision
        }
        let requested = (try? QueryParameters(parsing: request.query))?.first("dockerfile") ?? ""
        let name = requested.isEmpty ? Self.defaultDockerfile : requested
        guard var path = ArchivePath.underRoot(name) else {
            return Self.refuse(.buildDockerfileUninspectable, "the Dockerfile path leaves the build context")
        }
        if ArchivePath.same(path, ".") {
            path = Self.defaultDockerfile
        }
        // dockerd falls back to `dockerfile` only for the name `Dockerfile` exactly as sent.
        let fallback = ArchivePath.same(name, Self.defaultDockerfile) ? Self.fallbackDockerfile : nil

        let found: BuildContext.Dockerfile
        do throws(ArchiveReadError) {
            var context = try BuildContext(archive, inflatedLimit: inflatedLimit)
            found = try context.dockerfile(at: path, fallback: fallback, limit: Self.dockerfileLimit)
        } catch {
            return .deny(error.denial)
        }
        switch found {
        case .missing:
            return Self.refuse(.buildDockerfileUninspectable, "the build context has no Dockerfile at \"\(path)\"")
        case .uninspectable(let reason):
            return Self.refuse(.buildDockerfileUninspectable, "the Dockerfile cannot be inspected: \(reason)")
        case .contents(let bytes):
            return check(bytes)
        }
    }

    /// The decision for the Dockerfile's contents.
    func check(_ dockerfile: [UInt8]) -> Decision {
        let readings: [DockerfileScanner]
        do throws(DockerfileScanner.Failure) {
            readings = [try DockerfileScanner(dockerfile), try DockerfileScanner(dockerfile, readingHeredocs: false)]
        } catch {
            return Self.refuse(.buildDockerfileUninspectable, "the Dockerfile cannot be inspected: \(error.message)")
        }
        if !options.allowRunInstructions, let syntax = readings[0].syntax {
            return Self.refuse(.buildCustomFrontend, "custom Dockerfile frontends are not allowed (syntax=\(syntax))")
        }
        if !options.allowRunInstructions {
            for reading in readings {
                if let run = reading.instructions.first(where: { $0.keyword == "run" || $0.triggerKeyword == "run" }) {
                    let what = run.keyword == "run" ? "RUN" : "ONBUILD RUN"
                    return Self.refuse(
                        .buildRunInstruction,
                        "\(what) instructions are not allowed (Dockerfile line \(run.line))"
                    )
                }
            }
        }
        return .allow(MatchedRule(index: nil, reason: "build context passed inspection"))
    }

    /// `buildargs` is a JSON object of names to strings or null; BuildKit reads `BUILDKIT_SYNTAX` (exact
    /// name) as the frontend image.
    private func checkBuildArgs(_ buildArgs: String) -> Decision? {
        guard !buildArgs.isEmpty else { return nil }
        guard let parsed = try? JSONBody(parsing: Array(buildArgs.utf8)), case .object(let arguments) = parsed.root
        else {
            return Self.invalid("buildargs is not a JSON object")
        }
        if !options.allowRunInstructions, let value = arguments.value(forExactKey: "BUILDKIT_SYNTAX"),
            value != .null
        {
            return Self.refuse(.buildCustomFrontend, "custom Dockerfile frontends are not allowed (BUILDKIT_SYNTAX)")
        }
        return nil
    }

    private static func refuse(_ reasonCode: ReasonCode, _ message: String) -> Decision {
        .deny(Denial(status: 403, reasonCode: reasonCode, message: "sockguard: " + message))
    }

    private static func invalid(_ message: String) -> Decision {
        .deny(Denial(status: 400, reasonCode: .buildInvalidQuery, message: "sockguard: request rejected: " + message))
    }
}
