/// Why a configuration could not be loaded. `validate` and `serve` print the same `description`.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read: an explicit `--config` that is missing, a directory, unreadable, too big.
    case unreadableFile(path: String, reason: String)
    /// Every problem found, in file order, then environment, then flags, then cross-key checks.
    case invalid([ConfigIssue])

    /// One line per problem.
    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "cannot read configuration file \(path): \(reason)"
        case .invalid(let issues):
            issues.map(\.description).joined(separator: "\n")
        }
    }

    /// The issues, or an empty list for `.unreadableFile`.
    public var issues: [ConfigIssue] {
        if case .invalid(let issues) = self { return issues }
        return []
    }
}
