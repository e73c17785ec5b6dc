/// What the decider reads of a request head: the method, the request-target as sent, and the few headers a
/// decision depends on. The proxy fills it from the parsed HTTP head, `sockguard match` from its arguments.
public struct RequestHead: Sendable {
    public var method: String
    /// The request-target as the client sent it (path and query, not yet canonical).
    public var uri: String
    /// `Content-Length`, when the client declared one.
    public var contentLength: Int?
    /// Whether a body follows (a non-zero `Content-Length`, or `Transfer-Encoding`).
    public var hasBody: Bool
    /// `Content-Type: application/x-www-form-urlencoded`: dockerd's `ParseForm` reads such a body as query.
    public var isFormEncoded: Bool
    /// `Connection: Upgrade` with an `Upgrade` header: the client asks for a raw stream (attach, exec start).
    public var requestsUpgrade: Bool
    /// `Transfer-Encoding` absent or exactly `chunked` (any case): the one framing both sides read alike.
    public var framingIsValid: Bool
    public var registryAuth: [String]
    public var registryConfig: [String]

    public init(
        method: String,
        uri: String,
        contentLength: Int? = nil,
        hasBody: Bool = false,
        isFormEncoded: Bool = false,
        requestsUpgrade: Bool = false,
        framingIsValid: Bool = true,
        registryAuth: [String] = [],
        registryConfig: [String] = []
    ) {
        self.method = method
        self.uri = uri
        self.contentLength = contentLength
        self.hasBody = hasBody
        self.isFormEncoded = isFormEncoded
        self.requestsUpgrade = requestsUpgrade
        self.framingIsValid = framingIsValid
        self.registryAuth = registryAuth
        self.registryConfig = registryConfig
    }

    /// Whether `Content-Type` values name `application/x-www-form-urlencoded` (any case, any parameters).
    public static func isFormEncoded(contentTypes: [String]) -> Bool {
        contentTypes.contains { value in
            let mediaType = value.lowercased().split(separator: ";").first ?? ""
            return mediaType.filter { $0 != " " && $0 != "\t" } == "application/x-www-form-urlencoded"
        }
    }

    /// Whether `Transfer-Encoding` (its comma-separated codings, each trimmed) is absent or chunked alone, in any
    /// case: the one framing the proxy and the daemon read alike.
    public static func framingIsValid(transferCodings: [Substring]) -> Bool {
        transferCodings.isEmpty || (transferCodings.count == 1 && transferCodings[0].lowercased() == "chunked")
    }

    /// Whether `Connection` (its comma-separated tokens, each trimmed) names `upgrade` and an `Upgrade` header is
    /// present: the modern handshake of attach and exec start.
    public static func requestsUpgrade(connectionTokens: [Substring], hasUpgradeHeader: Bool) -> Bool {
        hasUpgradeHeader && connectionTokens.contains { $0.lowercased() == "upgrade" }
    }
}
