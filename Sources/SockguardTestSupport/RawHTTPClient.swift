import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A client that writes exact bytes to a socket and reports exactly what came back.
///
/// Used to send requests no well-behaved client would (smuggling attempts, odd paths) and to check the proxy's
/// answer byte for byte.
public final class RawHTTPClient: @unchecked Sendable {
    // Safe: a client belongs to one test and is used from one task at a time; `framer` is only touched by
    // the calling thread.
    private let fd: Int32
    private var framer = HTTPMessageFramer()
    private var peerClosed = false

    /// What arrived before the peer closed or the timeout ran out.
    public struct ReadOutcome: Sendable {
        /// Every byte received.
        public var data: Data
        /// True if the peer closed the connection; false if the timeout expired first.
        public var peerClosed: Bool
        /// The bytes decoded as UTF-8.
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// Connects to `endpoint`.
    public init(endpoint: SocketEndpoint) throws {
        fd = try endpoint.connect()
    }

    deinit {
        close(fd)
    }

    /// Sends `bytes` as they are.
    public func send(_ bytes: Data) throws {
        try SocketIO.sendAll(fd, bytes)
    }

    /// Sends the UTF-8 bytes of `text` as they are (write `\r\n` yourself).
    public func send(_ text: String) throws {
        try send(Data(text.utf8))
    }

    /// Closes the write side, so the peer sees end-of-stream while the client can still read.
    public func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads until the peer closes or `timeout` passes, returning everything received (including bytes already
    /// buffered by ``readResponse(timeout:)``).
    public func readUntilClose(timeout: Duration = .seconds(5)) -> ReadOutcome {
        let deadline = Date().addingTimeInterval(timeout.timeInterval)
        while !peerClosed {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { break }
            switch SocketIO.read(fd, timeout: remaining) {
            case .data(let data): framer.append(data)
            case .closed: peerClosed = true
            case .timedOut: break
            }
        }
        let data = framer.buffer
        framer = HTTPMessageFramer()
        return ReadOutcome(data: data, peerClosed: peerClosed)
    }

    /// Reads exactly one HTTP response (head plus Content-Length, chunked or read-until-close body).
    ///
    /// Returns `nil` if the peer closed or the timeout passed before a whole response arrived.
    public func readResponse(timeout: Duration = .seconds(5)) -> HTTPMessage? {
        let deadline = Date().addingTimeInterval(timeout.timeInterval)
        while true {
            if let message = framer.next(isResponse: true, peerClosed: peerClosed) {
                return message
            }
            let remaining = deadline.timeIntervalSinceNow
            guard !peerClosed, remaining > 0 else { return nil }
            switch SocketIO.read(fd, timeout: remaining) {
            case .data(let data): framer.append(data)
            case .closed: peerClosed = true
            case .timedOut: return nil
            }
        }
    }

    /// Connects, sends `request`, and reads one response.
    public static func exchange(
        _ request: String,
        with endpoint: SocketEndpoint,
        timeout: Duration = .seconds(5)
    ) throws -> HTTPMessage? {
        let client = try RawHTTPClient(endpoint: endpoint)
        try client.send(request)
        return client.readResponse(timeout: timeout)
    }
}
