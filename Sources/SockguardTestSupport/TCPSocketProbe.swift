import Foundation

/// Reads the options of another process's connected TCP sockets, from outside: each socket is copied into a
/// helper with `pidfd_getfd(2)` (needs ptrace rights over the process: root, or the same user) and asked with
/// `getsockopt`. Used to prove what the proxy set on its client and upstream connections.
public enum TCPSocketProbe {
    /// One connected TCP socket of the process.
    public struct Connection: Sendable, Equatable {
        public var localPort: Int
        public var peerPort: Int
        public var noDelay: Bool
    }

    /// The helper: Python's socket module does the getsockopt, ctypes the pidfd_getfd system call.
    static let script = """
        import ctypes, json, os, socket, sys
        pid = int(sys.argv[1])
        libc = ctypes.CDLL(None, use_errno=True)
        pidfd = os.pidfd_open(pid)
        found = []
        for name in os.listdir(f"/proc/{pid}/fd"):
            try:
                if not os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                    continue
            except OSError:
                continue
            fd = libc.syscall(438, pidfd, int(name), 0)  # pidfd_getfd
            if fd < 0:
                continue
            s = socket.socket(fileno=fd)
            try:
                if s.family in (socket.AF_INET, socket.AF_INET6) and s.type == socket.SOCK_STREAM:
                    try:
                        peer = s.getpeername()
                    except OSError:
                        continue
                    nodelay = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                    found.append({"local": s.getsockname()[1], "peer": peer[1], "nodelay": nodelay != 0})
            finally:
                s.close()
        print(json.dumps(found))
        """

    /// Every connected TCP socket `pid` has open now.
    public static func connections(ofProcess pid: Int32) throws -> [Connection] {
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let result = try ProcessRunner.run(python, ["-c", script, String(pid)], timeout: .seconds(20))
        guard result.status == 0,
            let entries = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
        else {
            throw HarnessError.commandFailed(step: "probe the TCP sockets of pid \(pid)", result: result)
        }
        return entries.compactMap { entry in
            guard let local = entry["local"] as? Int, let peer = entry["peer"] as? Int,
                let noDelay = entry["nodelay"] as? Bool
            else { return nil }
            return Connection(localPort: local, peerPort: peer, noDelay: noDelay)
        }
    }
}
