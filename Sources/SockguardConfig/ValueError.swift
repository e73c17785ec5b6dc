/// A value that did not parse; the message becomes a `ConfigIssue` at the key path the value came from.
struct ValueError: Error, Sendable, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
