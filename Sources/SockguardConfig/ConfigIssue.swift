/// One problem with the configuration, located by YAML key path (`rules[3].match.path`) or by the
/// environment variable that carried the value (`SOCKGUARD_LOG_LEVEL`, `CONTAINERS`).
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public var keyPath: String
    public var message: String

    public init(keyPath: String, message: String) {
        self.keyPath = keyPath
        self.message = message
    }

    /// `<keyPath>: <message>`.
    public var description: String { "\(keyPath): \(message)" }
}
