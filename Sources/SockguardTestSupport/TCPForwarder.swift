import Foundation

/// A TCP forwarder on 127.0.0.1 (a small python3 script) that a test can stop and start again on the same
/// port: a real network fault in front of a real daemon, for failover tests. Bytes pass through untouched, so
/// TLS runs end to end through it.
public final class TCPForwarder: Sendable {
    public let port: Int
    public let targetPort: Int
    private let child = LockedBox<ChildProcess?>(nil)

    static let script = """
        import socket, sys, threading
        listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", listen_port))
        server.listen(64)
        print("listening", flush=True)
        def pump(source, sink):
            try:
                while True:
                    data = source.recv(65536)
                    if not data:
                        break
                    sink.sendall(data)
                sink.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        while True:
            client, _ = server.accept()
            print("accepted", flush=True)
            try:
                upstream = socket.create_connection(("127.0.0.1", target_port))
            except OSError:
                client.close()
                continue
            threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
        """

    /// Listens on a free port and forwards to `targetPort`; running when this returns.
    public init(to targetPort: Int) throws {
        self.port = SocketEndpoint.freeTCPPort()
        self.targetPort = targetPort
        try start()
    }

    /// Starts forwarding again (after `stop()`), on the same port.
    public func start() throws {
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let child = try ChildProcess.launch(
            python,
            ["-c", Self.script, String(port), String(targetPort)],
            environment: ["PATH": "/usr/bin:/bin"]
        )
        let deadline = Date().addingTimeInterval(10)
        while !child.stdout.text.contains("listening") {
            guard Date() < deadline else {
                _ = child.stop()
                throw HarnessError.launchFailed(command: ["python3", "forwarder"], reason: child.stderr.text)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        self.child.withLock { $0 = child }
    }

    /// Connections the running forwarder accepted since it was last started.
    public var acceptedConnections: Int {
        child.withLock { $0?.stdout.lines.filter { $0 == "accepted" }.count ?? 0 }
    }

    /// Kills the forwarder: new connections to `port` are refused, open ones die.
    public func stop() {
        let child = self.child.withLock { current -> ChildProcess? in
            defer { current = nil }
            return current
        }
        _ = child?.stop(grace: .milliseconds(100))
    }

    deinit {
        stop()
    }
}
