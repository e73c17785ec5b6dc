/// `response:`: what sockguard tells a client it refused.
public struct ResponseConfig: Sendable, Equatable {
    /// How much a denial body says.
    public enum DenyVerbosity: String, Sendable, Equatable, CaseIterable {
        /// Only that the request was denied (production).
        case minimal
        /// Also the method, path and matched rule (rule authoring).
        case verbose
    }

    public var denyVerbosity: DenyVerbosity = .minimal

    public init() {}
}

/// Shorthand used by the public API description.
public typealias DenyVerbosity = ResponseConfig.DenyVerbosity
