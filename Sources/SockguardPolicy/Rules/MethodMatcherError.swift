/// Why a method list was refused, as one human sentence that names the bad token.
public struct MethodMatcherError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public var description: String { message }

    init(_ message: String) {
        self.message = message
    }
}
