/// One compiled rule: methods + path glob -> allow or deny.
public struct Rule: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable { case allow, deny }

    public var methods: MethodMatcher
    public var path: GlobPattern
    public var action: Action
    public var reason: String

    public init(methods: MethodMatcher, path: GlobPattern, action: Action, reason: String = "") {
        self.methods = methods
        self.path = path
        self.action = action
        self.reason = reason
    }
}
