import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a test connects: a unix socket path or a loopback TCP port.
public enum SocketEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// A unix domain socket at this path (at most 107 bytes).
    case unix(String)
    /// `127.0.0.1:port`.
    case tcp(port: Int)

    /// The value for `DOCKER_HOST`: `unix:///path` or `tcp://127.0.0.1:port`.
    public var dockerHost: String {
        switch self {
        case .unix(let path): return "unix://\(path)"
        case .tcp(let port): return "tcp://127.0.0.1:\(port)"
        }
    }

    public var description: String { dockerHost }

    /// The socket path; empty for TCP.
    public var socketPath: String {
        if case .unix(let path) = self { return path }
        return ""
    }

    /// The TCP port; nil for a unix socket.
    public var port: Int? {
        if case .tcp(let port) = self { return port }
        return nil
    }

    /// Opens a blocking stream socket connected to the endpoint.
    public func connect() throws -> Int32 {
        switch self {
        case .unix(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw HarnessError.socket(operation: "socket(AF_UNIX)", errno: errno) }
            var address = try Self.unixAddress(path)
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard status == 0 else {
                let error = errno
                close(fd)
                throw HarnessError.socket(operation: "connect(\(path))", errno: error)
            }
            return fd
        case .tcp(let port):
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw HarnessError.socket(operation: "socket(AF_INET)", errno: errno) }
            var address = Self.loopbackAddress(port: port)
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard status == 0 else {
                let error = errno
                close(fd)
                throw HarnessError.socket(operation: "connect(127.0.0.1:\(port))", errno: error)
            }
            return fd
        }
    }

    /// Whether something currently accepts connections here.
    public func acceptsConnections() -> Bool {
        guard let fd = try? connect() else { return false }
        close(fd)
        return true
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back, close).
    public static func freeTCPPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return 0 }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return 0 }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }

    static func unixAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw HarnessError.socket(
                operation: "unix socket path too long (\(bytes.count) bytes): \(path)",
                errno: ENAMETOOLONG
            )
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }
}

/// Small blocking-socket helpers shared by ``RawHTTPClient`` and ``RecordingUpstream``.
enum SocketIO {
    /// Sends every byte, without raising SIGPIPE if the peer is gone.
    static func sendAll(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let sent = send(fd, base + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    throw HarnessError.socket(operation: "send", errno: errno)
                }
                offset += sent
            }
        }
    }

    /// The outcome of one bounded read.
    enum ReadResult {
        case data(Data)
        case closed
        case timedOut
    }

    /// Waits up to `timeout` seconds for bytes, then reads what is there.
    static func read(_ fd: Int32, timeout: TimeInterval, maxBytes: Int = 65536) -> ReadResult {
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min(timeout, 86_400)) * 1000)
        while true {
            let ready = poll(&pollFD, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { return ready == 0 ? .timedOut : .closed }
            break
        }
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        while true {
            let count = recv(fd, &buffer, maxBytes, 0)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return .closed }
            return .data(Data(buffer[0..<count]))
        }
    }
}
