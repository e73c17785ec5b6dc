/// Why a path pattern was refused, as one human sentence that names the pattern and the problem.
public struct GlobPatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public var description: String { message }

    init(_ message: String) {
        self.message = message
    }
}
