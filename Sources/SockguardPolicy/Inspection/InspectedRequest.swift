/// What an inspector sees besides the body: the method and the canonical path (API version prefix already
/// stripped by `PathCanonicalizer`), so inspectors never parse paths again.
public struct InspectedRequest: Sendable {
    public var method: String
    /// Canonical, e.g. `/containers/create`.
    public var path: String
    /// The endpoint `method` and `path` name; inspectors read it rather than the path.
    public var endpoint: DockerEndpoint
    /// The raw query string without `?`, or nil when there is none.
    public var query: String?
    /// Every `X-Registry-Auth` value as sent (normally none or one); never logged.
    public var registryAuth: [String]
    /// Every `X-Registry-Config` value as sent (builds); never logged.
    public var registryConfig: [String]

    public init(
        method: String,
        path: String,
        query: String? = nil,
        registryAuth: [String] = [],
        registryConfig: [String] = [],
        endpoint: DockerEndpoint? = nil
    ) {
        self.method = method
        self.path = path
        self.endpoint = endpoint ?? DockerEndpoint(method: method, canonicalPath: path)
        self.query = query
        self.registryAuth = registryAuth
        self.registryConfig = registryConfig
    }
}
