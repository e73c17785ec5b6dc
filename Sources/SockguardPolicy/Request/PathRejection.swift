/// Why a request target was refused before any rule saw it. The message names the problem, never the
/// path itself, so it is safe to log and to return to the client.
public struct PathRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public var description: String { message }

    init(_ message: String) {
        self.message = message
    }
}
