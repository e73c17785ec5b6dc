import ArgumentParser
import FoundationEssentials
import SockguardConfig

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `sockguard health`: asks the running proxy for `health.path` on its first listener, as the configuration (or
/// preset) says, and exits 0 when it answers 200, 1 otherwise. Needs no shell, so an image without one can use it
/// as its `HEALTHCHECK`.
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Exit 0 when the running proxy reports itself healthy (GET health.path), 1 otherwise."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Seconds to wait for the answer.")
    var timeout: Int = 3

    func run() throws {
        let loaded = try self.common.load()
        let configuration = loaded.configuration
        guard configuration.health.enabled else {
            throw failOnConfigError("health.enabled: false; nothing to ask")
        }
        let listen = configuration.listeners.first?.listen ?? configuration.listen
        guard listen.tls == nil else {
            throw failOnConfigError("health: the first listener needs TLS client certificates; probe it with curl")
        }
        let status: Int
        do {
            status = try HealthProbe.status(
                of: configuration.health.path,
                at: listen.endpoint,
                timeout: max(1, self.timeout)
            )
        } catch {
            Console.writeError("sockguard health: \(error)\n")
            throw ExitCode(1)
        }
        print("health: \(status)")
        if status != 200 { throw ExitCode(1) }
    }
}

/// One `GET` over a plain socket, with a deadline: the status code of the answer.
enum HealthProbe {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func status(of path: String, at endpoint: ListenEndpoint, timeout: Int) throws -> Int {
        let fd: Int32
        switch endpoint {
        case .unix(let socketPath, _):
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(socketPath.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                close(fd)
                throw Failure(description: "socket path too long: \(socketPath)")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            }
            try connectOrThrow(fd, &address, "unix://\(socketPath)")
        case .tcp(let host, let port):
            // A wildcard listener is reached on loopback.
            let target = host.isEmpty || host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "::1" : host
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(target, String(port), &hints, &result) == 0, let info = result else {
                throw Failure(description: "cannot resolve \(target)")
            }
            defer { freeaddrinfo(result) }
            fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
            guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw Failure(description: "connect \(target):\(port): \(reason)")
            }
        }
        defer { close(fd) }
        var deadline = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: sockguard\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
            throw Failure(description: "send: \(String(cString: strerror(errno)))")
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !answer.contains(UInt8(ascii: "\n")) {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer += buffer[..<count]
        }
        let line = String(
            decoding: answer.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") },
            as: UTF8.self
        )
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Failure(description: "no HTTP answer (\(answer.isEmpty ? "connection closed or timed out" : line))")
        }
        return status
    }

    private static func connectOrThrow(_ fd: Int32, _ address: inout sockaddr_un, _ name: String) throws {
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "connect \(name): \(reason)")
        }
    }
}
