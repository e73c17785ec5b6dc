/// Why a request body was refused before any inspector saw it: not strict JSON, or JSON that dockerd and
/// sockguard could read differently (duplicate or case-variant keys, lone surrogates, invalid UTF-8).
public struct JSONBodyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line, naming the problem and its byte offset where there is one.
    public let message: String

    public var description: String { message }

    init(_ message: String) {
        self.message = message
    }

    /// The denial the proxy sends for a body that did not parse: 400, `request_body_invalid`.
    public var denial: Denial {
        Denial(status: 400, reasonCode: .requestBodyInvalid, message: "sockguard: request body rejected: \(message)")
    }
}
