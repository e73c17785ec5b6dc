#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What is at a unix listen path before the proxy binds it, decided as the Go sockguard decides it: nothing; a
/// socket file a crashed run left behind (connecting is refused), which is removed; or something that must be
/// kept: another file, a socket a live process serves, or one whose state is unclear.
enum StaleSocket {
    /// Removes a stale socket at `path`; throws when the path must not be taken over.
    static func clear(_ path: String) throws(ProxyServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else { throw .pathNotASocket(path: path) }
        switch probe(path) {
        case .refused:
            // Remove only the file we probed: another process may have replaced it meanwhile.
            var again = stat()
            guard lstat(path, &again) == 0, again.st_dev == info.st_dev, again.st_ino == info.st_ino else {
                throw .socketInUse(path: path, reason: "it changed while being checked")
            }
            unlink(path)
        case .serving:
            throw .socketInUse(path: path, reason: "another process is serving it; refusing to steal a live listener")
        case .unclear(let code):
            throw .socketInUse(
                path: path,
                reason: "cannot tell whether it is in use (\(String(cString: strerror(code))))"
            )
        }
    }

    enum Probe: Equatable {
        case refused
        case serving
        case unclear(Int32)
    }

    /// A non-blocking connect: a unix socket answers at once, so no timeout is needed.
    static func probe(_ path: String) -> Probe {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .unclear(errno) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return .unclear(ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if status == 0 { return .serving }
        switch errno {
        case ECONNREFUSED: return .refused
        // A full backlog: someone listens.
        case EAGAIN, EINPROGRESS: return .serving
        case let code: return .unclear(code)
        }
    }
}
