/// A request target in the one form the policy decides on and the proxy forwards. Only
/// `PathCanonicalizer` makes these, so holding one means the path is canonical.
public struct CanonicalRequestTarget: Sendable, Equatable {
    /// Canonical, percent-decoded, without the version prefix; starts with "/", no trailing "/" (except
    /// the root), no empty, "." or ".." segments. This is what rules match.
    public let path: String
    /// "1.41" when the raw path started with /v1.41 (also /v1, /v1.41.2).
    public let apiVersion: String?
    /// The raw query (without "?"), untouched; nil if the target had no "?". Never part of a decision.
    public let query: String?

    init(path: String, apiVersion: String?, query: String?) {
        self.path = path
        self.apiVersion = apiVersion
        self.query = query
    }

    /// The same path with another query (one sockguard rewrote, e.g. with an owner filter).
    public func replacingQuery(_ query: String?) -> CanonicalRequestTarget {
        CanonicalRequestTarget(path: path, apiVersion: apiVersion, query: query)
    }

    /// What is sent upstream: ("/v" + apiVersion if any) + percentEncoded(path) + ("?" + query if any).
    ///
    /// The daemon receives the path the policy decided on, re-encoded, rather than the client's bytes, so
    /// the two cannot disagree about which endpoint a request names. Canonicalizing this value again
    /// yields the same target.
    public var forwardTarget: String {
        var target = ""
        if let apiVersion {
            target += "/v" + apiVersion
        }
        target += PercentEncoding.encodePath(path)
        if let query {
            target += "?" + query
        }
        return target
    }
}
