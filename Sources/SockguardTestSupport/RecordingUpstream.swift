import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fake Docker daemon on a unix socket that records every byte it receives and answers with a canned response.
///
/// Deny tests point the proxy at it and then check ``receivedBytes`` is empty: the proof that a denied request
/// never left the proxy. It speaks just enough HTTP/1.1 to frame requests (head up to CRLFCRLF, then a
/// Content-Length or chunked body) and keeps connections alive.
///
/// It runs on plain threads with blocking sockets, so it works no matter how busy the Swift concurrency pool is.
public final class RecordingUpstream: Sendable {

    /// `HTTP/1.1 200 OK` with a `{}` JSON body.
    public static let defaultResponse = json("{}")

    /// A daemon-style answer: `status` (e.g. `404 Not Found`) with `body` as `application/json`, framed by length.
    public static func json(_ body: String, status: String = "200 OK") -> Data {
        Data(
            "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                .utf8
        )
    }

    /// The socket the proxy should use as its upstream.
    public let socketPath: String
    /// ``socketPath`` as an endpoint.
    public var endpoint: SocketEndpoint { .unix(socketPath) }

    private let directory: TemporaryDirectory
    private let core: Core

    /// Starts listening; every request gets `response`.
    public convenience init(response: Data = RecordingUpstream.defaultResponse) throws {
        try self.init(responder: { _ in response })
    }

    /// Starts listening; each request is answered with whatever `responder` returns for it.
    public init(responder: @escaping @Sendable (HTTPMessage) -> Data) throws {
        ProcessRunner.ignoreSIGPIPE()
        directory = try TemporaryDirectory(prefix: "sgu")
        socketPath = directory.appending("upstream.sock")
        core = Core(socketPath: socketPath, listenFD: try Core.listen(on: socketPath), responder: responder)
        let core = core
        Thread.detachNewThread { core.acceptLoop() }
    }

    deinit {
        core.stop()
    }

    /// Every byte received on every connection, in arrival order.
    public var receivedBytes: Data { core.state.current.received }
    /// ``receivedBytes`` decoded as UTF-8.
    public var receivedText: String { String(decoding: receivedBytes, as: UTF8.self) }
    /// The complete requests received so far.
    public var requests: [HTTPMessage] { core.state.current.requests }
    /// How many connections were accepted.
    public var connectionCount: Int { core.state.current.perConnection.count }
    /// The bytes received on each connection, in accept order (a connection that sent nothing has empty data).
    ///
    /// Lets a test set aside traffic it expects, such as a proxy's periodic health probe, and still account for
    /// every other byte.
    public var connectionBytes: [Data] { core.state.current.perConnection }

    /// Stops accepting, closes every connection, and removes the socket. Idempotent.
    public func stop() {
        core.stop()
    }
}

/// The listener and connection threads. Threads hold this, not the ``RecordingUpstream``, so dropping the
/// upstream stops them.
private final class Core: Sendable {
    struct State {
        var received = Data()
        var requests: [HTTPMessage] = []
        var perConnection: [Data] = []
        var stopped = false
    }

    let socketPath: String
    let listenFD: Int32
    let responder: @Sendable (HTTPMessage) -> Data
    let state = LockedBox(State())
    let acceptLoopFinished = DispatchSemaphore(value: 0)

    init(socketPath: String, listenFD: Int32, responder: @escaping @Sendable (HTTPMessage) -> Data) {
        self.socketPath = socketPath
        self.listenFD = listenFD
        self.responder = responder
    }

    func stop() {
        let wasStopped = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !wasStopped else { return }
        acceptLoopFinished.wait()
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    func acceptLoop() {
        defer {
            close(listenFD)
            unlink(socketPath)
            acceptLoopFinished.signal()
        }
        while !isStopped {
            var pollFD = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&pollFD, 1, 100) > 0 else { continue }
            let connection = accept(listenFD, nil, nil)
            guard connection >= 0 else { continue }
            let index = state.withLock { state -> Int in
                state.perConnection.append(Data())
                return state.perConnection.count - 1
            }
            Thread.detachNewThread { [self] in serve(connection, index: index) }
        }
    }

    private func serve(_ fd: Int32, index: Int) {
        defer { close(fd) }
        var framer = HTTPMessageFramer()
        while !isStopped {
            switch SocketIO.read(fd, timeout: 0.1) {
            case .timedOut:
                continue
            case .closed:
                return
            case .data(let data):
                state.withLock { state in
                    state.received.append(data)
                    state.perConnection[index].append(data)
                }
                framer.append(data)
                while let request = framer.next(isResponse: false, peerClosed: false) {
                    state.withLock { $0.requests.append(request) }
                    guard (try? SocketIO.sendAll(fd, responder(request))) != nil else { return }
                }
            }
        }
    }

    static func listen(on path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError.socket(operation: "socket(AF_UNIX)", errno: errno) }
        var address = try SocketEndpoint.unixAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            let error = errno
            close(fd)
            throw HarnessError.socket(operation: "bind/listen(\(path))", errno: error)
        }
        return fd
    }
}
