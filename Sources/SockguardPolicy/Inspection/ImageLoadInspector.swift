/// `POST /images/load`: refuses image archives that name images from registries the operator has not
/// allowed, untagged images, and archives whose names cannot be read.
///
/// The threat: `docker load` is `docker pull` without the pull. The archive names its images (`RepoTags`),
/// and a name such as `ghcr.io/acme/app:1` or `nginx:latest` then stands for attacker-chosen layers: the next
/// `docker run nginx` runs them. So every name must pass the same registry policy as `POST /images/create`
/// (`RegistryAllowlist`, built from this inspector's `allowAllRegistries`, `allowOfficial` and
/// `allowedRegistries`).
///
/// Checked (names read by `ImageArchive`; the body is a tar, plain or gzip):
/// - No switch permits any image (`allowOfficial`, `allowAllRegistries` and `allowUntagged` off and no
///   `allowedRegistries`): every load is refused before the body is read (`image_load_not_allowed`).
/// - An archive without `manifest.json`, `repositories` or `index.json` is refused unless `allowUntagged`,
///   and one whose control files cannot be trusted is refused (`image_load_manifest`).
/// - An image without a name (no `RepoTags`, an empty or `<none>:<none>` tag, an OCI manifest without a
///   name annotation) is refused unless `allowUntagged` (`image_load_untagged`).
/// - A name that is not an image reference, or whose registry is not allowed (`image_load_registry`).
///
/// A body that is not a valid tar is 400 (`request_body_invalid`); one that inflates past `inflatedLimit` is
/// refused as uninspectable (`request_body_uninspectable`).
public struct ImageLoadInspector: ArchiveBodyInspector {
    /// The switches; every default is the safe one, and they are the Go sockguard's. Names follow
    /// `request_body.image_load.*`.
    public struct Options: Sendable, Equatable {
        /// `request_body.image_load.allow_all_registries`: permits names from any registry.
        public var allowAllRegistries = false
        /// `request_body.image_load.allow_official`: permits Docker Hub official images (`nginx`, `library/x`).
        public var allowOfficial = true
        /// `request_body.image_load.allowed_registries`: registry hosts, as for `ImagePullInspector`.
        public var allowedRegistries: [String] = []
        /// `request_body.image_load.allow_untagged`: permits images without a name, and archives without a manifest.
        public var allowUntagged = false

        public init() {}
    }

    /// Largest archive the proxy buffers: the Go sockguard's `maxImageLoadBodyBytes`. Image archives hold
    /// every layer, so this is large; it bounds memory per request.
    public static let bodyLimit = 512 << 20
    /// Most bytes a gzip archive may inflate to: the Go sockguard's `maxImageLoadDecompressedBytes` (2 GiB),
    /// the decompression-bomb guard. Inflated bytes are parsed as they come, never held.
    public static let inflatedLimit = 2 << 30
    /// Largest control file read (`manifest.json`, `repositories`, `index.json`): the Go sockguard's
    /// `maxImageLoadManifestBytes`. Real ones are a few KiB.
    public static let controlFileLimit = 1 << 20

    /// `POST` to this path is the load this inspector decides.
    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.isCollection(.images, "load")
    }

    public let options: Options
    /// The registry policy, the one `POST /images/create` applies.
    let registries: RegistryAllowlist
    let inflatedLimit: Int

    public init(options: Options = .init()) {
        self.init(options: options, inflatedLimit: Self.inflatedLimit)
    }

    init(options: Options, inflatedLimit: Int) {
        self.options = options
        self.inflatedLimit = inflatedLimit
        self.registries = RegistryAllowlist(
            allowAll: options.allowAllRegistries,
            allowOfficial: options.allowOfficial,
            hosts: options.allowedRegistries
        )
    }

    /// Whether any archive could pass: otherwise the request is refused before its body is read.
    public var allowsAnyLoad: Bool {
        options.allowUntagged || options.allowAllRegistries || options.allowOfficial
            || !registries.hosts.isEmpty
    }

    /// The decision the request line alone makes, or nil when the archive must be read.
    public func inspectRequestLine(_ request: InspectedRequest) -> Decision? {
        guard allowsAnyLoad else {
            return Self.refuse(.imageLoadNotAllowed, "loading image archives is not allowed")
        }
        return nil
    }

    public func inspect(_ request: InspectedRequest, archive: UnsafeRawBufferPointer) -> Decision {
        if let decision = inspectRequestLine(request) {
            return decision
        }
        let contents: ImageArchive
        do {
            contents = try ImageArchive(archive, inflatedLimit: inflatedLimit, controlFileLimit: Self.controlFileLimit)
        } catch let error as ArchiveReadError {
            return .deny(error.denial)
        } catch let error as ImageArchive.Unreadable {
            return Self.refuse(.imageLoadManifest, "the image archive cannot be inspected: \(error.message)")
        } catch {
            return Self.refuse(.imageLoadManifest, "the image archive cannot be inspected")
        }

        guard contents.hasManifest else {
            if options.allowUntagged {
                return .allow(MatchedRule(index: nil, reason: "image archive without manifest allowed"))
            }
            return Self.refuse(.imageLoadManifest, "the image archive has no manifest.json or index.json")
        }
        var untagged = contents.hasUntagged
        for name in contents.names {
            let trimmed = String(name.asciiTrimmed())
            if trimmed.isEmpty || trimmed == "<none>:<none>" {
                untagged = true
                continue
            }
            guard let reference = ImageReference(parsing: trimmed) else {
                return Self.refuse(.imageLoadRegistry, "image name \"\(trimmed)\" is not a valid reference")
            }
            if !registries.allows(reference) {
                return Self.refuse(
                    .imageLoadRegistry,
                    "loading images from registry \"\(reference.registry)\" is not allowed (\(trimmed))"
                )
            }
        }
        if untagged, !options.allowUntagged {
            return Self.refuse(.imageLoadUntagged, "loading untagged images is not allowed")
        }
        return .allow(MatchedRule(index: nil, reason: "image archive passed inspection"))
    }

    private static func refuse(_ reasonCode: ReasonCode, _ message: String) -> Decision {
        .deny(Denial(status: 403, reasonCode: reasonCode, message: "sockguard: " + message))
    }
}
