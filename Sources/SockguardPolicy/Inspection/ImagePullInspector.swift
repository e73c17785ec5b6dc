/// `POST /images/create`: refuses pulls from registries the operator has not allowed, and imports.
///
/// Decides on the request line alone; no body is read. dockerd reads the query with Go's `r.Form.Get`, so
/// this inspector decodes it the same way (`QueryParameters`) and then follows dockerd's own branch:
/// - A non-empty `fromImage` is a pull. Its registry (`ImageReference`) must be allowed: any registry with
///   `allowAllRegistries`; Docker Hub official images (`busybox`, `library/nginx`, `docker.io/library/x`)
///   with `allowOfficial`; otherwise a host in `allowedRegistries` (`docker.io` there means all of Docker
///   Hub). The threat: an image from an untrusted registry runs attacker code as soon as it is started,
///   and the pull itself makes the daemon connect to any host the client names (`localhost:5000`,
///   `169.254.169.254`), with the daemon's registry credentials for it (`image_pull_registry`).
/// - Without `fromImage`, dockerd imports: `fromSrc=-` stores the request body as a root filesystem, any
///   other value (even none) makes the daemon fetch a URL, an SSRF from the daemon's network. Refused
///   unless `allowImports` (`image_pull_import`). A request naming both is checked as both: dockerd would
///   pull, but `allowImports` never lets an unchecked `fromImage` through.
///
/// Refused with 400 (`image_pull_invalid_query`): a query Go would fail to decode, a `fromImage`,
/// `fromSrc` or `tag` given more than once (dockerd reads the first; sockguard will not guess which one a
/// client meant), and a `fromImage` that is not an image reference. `tag` never changes the registry and
/// is not otherwise checked.
///
/// Not covered here: `X-Registry-Auth` (checked for every request by `RegistryAuth`), and a form body. For a `POST` with `Content-Type:
/// application/x-www-form-urlencoded`, Go's `r.ParseForm` reads `fromImage` from the body before the query,
/// so such a request must be refused before it gets here.
public struct ImagePullInspector: Sendable {
    /// The switches. Names follow `request_body.image_pull.*`; the defaults are the Go sockguard's.
    public struct Options: Sendable, Equatable {
        /// Permits `fromSrc` (URL imports and tarball uploads).
        public var allowImports = false
        /// Permits a pull from any registry.
        public var allowAllRegistries = false
        /// Permits Docker Hub official images.
        public var allowOfficial = true
        /// Registry hosts, with the port if the registry has one: `ghcr.io`, `registry.example.com:5000`.
        /// Matched case-insensitively and exactly (`ghcr.io` does not allow `ghcr.io:443`). `docker.io` (or
        /// `index.docker.io`) allows all of Docker Hub. Entries that are not bare hosts are ignored; the
        /// configuration layer reports them.
        public var allowedRegistries: [String] = []

        public init() {}
    }

    public let options: Options
    let registries: RegistryAllowlist

    public init(options: Options = .init()) {
        self.options = options
        self.registries = RegistryAllowlist(
            allowAll: options.allowAllRegistries,
            allowOfficial: options.allowOfficial,
            hosts: options.allowedRegistries
        )
    }

    /// Names whose repetition is refused: each one changes what is pulled or imported.
    static let singleValued = ["fromImage", "fromSrc", "tag"]

    public func inspect(_ request: InspectedRequest) -> Decision {
        let query: QueryParameters
        do throws(QueryParameters.Failure) {
            query = try QueryParameters(parsing: request.query)
        } catch {
            return Self.invalid(error.message)
        }
        for name in Self.singleValued where query.values(name).count > 1 {
            return Self.invalid("\(name) appears more than once in the query")
        }

        let fromImage = query.first("fromImage")
        let fromSrc = query.first("fromSrc")
        if !fromSrc.isEmpty || fromImage.isEmpty, !options.allowImports {
            let what =
                switch fromSrc {
                case "-": "uploading an image"
                case "": "importing images"
                default: "importing an image from a URL"
                }
            return Self.refuse(.imagePullImport, "\(what) is not allowed (fromSrc)")
        }
        guard !fromImage.isEmpty else {
            return .allow(MatchedRule(index: nil, reason: "image import allowed"))
        }

        guard let reference = ImageReference(parsing: fromImage) else {
            return Self.invalid("fromImage is not a valid image reference")
        }
        if registries.allows(reference) {
            return .allow(MatchedRule(index: nil, reason: "image pull passed inspection"))
        }
        return Self.refuse(
            .imagePullRegistry,
            "pulling from registry \"\(reference.registry)\" is not allowed (fromImage)"
        )
    }

    static func refuse(_ reasonCode: ReasonCode, _ message: String) -> Decision {
        .deny(Denial(status: 403, reasonCode: reasonCode, message: "sockguard: " + message))
    }

    static func invalid(_ message: String) -> Decision {
        .deny(
            Denial(status: 400, reasonCode: .imagePullInvalidQuery, message: "sockguard: request rejected: " + message)
        )
    }
}
