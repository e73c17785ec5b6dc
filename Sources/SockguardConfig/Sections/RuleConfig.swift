import SockguardPolicy

/// One entry of `rules:` as written: `{match: {method: "GET,HEAD", path: "/_ping"}, action: allow, reason: "..."}`.
///
/// `method` is a comma-separated list or `*`, as sockguard's Go implementation spells it; `path` is a glob in
/// `GlobPattern`'s dialect. Both are checked when the rule is compiled.
public struct RuleConfig: Sendable, Equatable {
    public var method: String
    public var path: String
    public var action: Rule.Action
    public var reason: String

    public init(method: String, path: String, action: Rule.Action, reason: String = "") {
        self.method = method
        self.path = path
        self.action = action
        self.reason = reason
    }
}
