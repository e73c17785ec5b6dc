/// `log:`: the process log and the access log.
public struct LogConfig: Sendable, Equatable {
    /// The lowest level that is written. Spelled as in sockguard's Go implementation.
    public enum Level: String, Sendable, Equatable, CaseIterable {
        case debug, info, warn, error
    }

    /// The line format.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case json, text
    }

    public var level: Level = .info
    public var format: Format = .json
    /// `"stderr"`, `"stdout"`, or a file path.
    public var output: String = "stderr"
    /// Whether every request gets an access log line.
    public var accessLog: Bool = true
    public var audit = AuditConfig()

    /// `log.audit`: one JSON event per request (the Go sockguard's `http_request` schema), on a sink of its own.
    public struct AuditConfig: Sendable, Equatable {
        public var enabled = false
        /// Only `json` is accepted while auditing is on, as in Go.
        public var format: Format = .json
        /// `stderr`, `stdout`, a file path, or `file:` and a path.
        public var output = "stderr"

        public init() {}
    }

    public init() {}
}

/// Shorthand used by the public API description.
public typealias LogLevel = LogConfig.Level
/// Shorthand used by the public API description.
public typealias LogFormat = LogConfig.Format
