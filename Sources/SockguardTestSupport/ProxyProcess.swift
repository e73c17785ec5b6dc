import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The built `sockguard` binary, running as a child of the test with its own config and listen socket.
///
/// ```swift
/// let proxy = try await ProxyProcess.start(config: { paths in """
///     listen: \(paths.listenYAML)
///     upstream: { socket: \(daemon.socketPath) }
///     rules:
///       - match: { method: "*", path: "/**" }
///         action: allow
///     """ })
/// let result = try daemon.docker(["ps"], host: proxy.dockerHost)
/// ```
///
/// Each test starts its own proxy in its own `/tmp/sgp-XXXXXX` directory. The proxy's stderr (one JSON access-log
/// line per request) is captured line by line. `stop()`, or releasing the value, sends SIGTERM and then SIGKILL.
public final class ProxyProcess: Sendable {
    /// Where the proxy listens.
    public enum Listen: Sendable {
        /// `proxy.sock` in the proxy's temporary directory.
        case unixSocket
        /// A free port on 127.0.0.1.
        case tcp
        /// Exactly this endpoint.
        case endpoint(SocketEndpoint)
    }

    /// The files a proxy run uses, handed to the config and arguments builders.
    public struct Paths: Sendable {
        /// The proxy's private temporary directory.
        public var directory: String
        /// Where the proxy will listen.
        public var listen: SocketEndpoint
        /// Where the YAML config is written.
        public var configFile: String

        /// The flow-style YAML value for `listen:`, e.g. `{ socket: "/tmp/sgp-x/proxy.sock" }`.
        public var listenYAML: String {
            switch listen {
            case .unix(let path): return "{ socket: \"\(path)\" }"
            case .tcp(let port): return "{ address: \"127.0.0.1:\(port)\" }"
            }
        }

        /// The environment variable that sets this listen address (`SOCKGUARD_LISTEN_SOCKET`/`_ADDRESS`).
        public var listenEnvironment: [String: String] {
            switch listen {
            case .unix(let path): return ["SOCKGUARD_LISTEN_SOCKET": path]
            case .tcp(let port): return ["SOCKGUARD_LISTEN_ADDRESS": "127.0.0.1:\(port)"]
            }
        }
    }

    /// The files this run uses.
    public let paths: Paths
    /// The full command line, for messages.
    public let commandLine: [String]
    /// Where the proxy listens.
    public var endpoint: SocketEndpoint { paths.listen }
    /// `DOCKER_HOST` for clients of the proxy.
    public var dockerHost: String { paths.listen.dockerHost }

    private let directory: TemporaryDirectory
    private let child: ChildProcess

    private init(directory: TemporaryDirectory, paths: Paths, commandLine: [String], child: ChildProcess) {
        self.directory = directory
        self.paths = paths
        self.commandLine = commandLine
        self.child = child
    }

    deinit {
        child.stop()
    }

    /// Starts the proxy and waits until its listen address accepts connections.
    ///
    /// - Parameters:
    ///   - config: YAML written to `paths.configFile`; when given and `arguments` is `nil`, the proxy runs as
    ///     `sockguard serve -c <configFile>`.
    ///   - arguments: the command-line arguments; default `serve -c <configFile>` or just `serve`.
    ///   - environment: variables added to the proxy's environment.
    ///   - listenFromEnvironment: also pass the listen endpoint as `SOCKGUARD_LISTEN_SOCKET` or
    ///     `SOCKGUARD_LISTEN_ADDRESS` (for runs without a config file).
    ///   - inheritEnvironment: when false (the default) the proxy sees only `PATH`, `HOME` and `environment`,
    ///     so variables like `CONTAINERS=1` in the developer's shell cannot change a test's policy.
    ///   - wrapper: a command that execs the proxy, e.g. `["/usr/bin/setpriv", "--inh-caps=-net_admin", ...]`;
    ///     the proxy's path and arguments follow it. It must exec, so `processID` stays the proxy's.
    public static func start(
        listen: Listen = .unixSocket,
        config: ((Paths) -> String)? = nil,
        arguments: ((Paths) -> [String])? = nil,
        environment: [String: String] = [:],
        listenFromEnvironment: Bool = false,
        inheritEnvironment: Bool = false,
        wrapper: [String] = [],
        startupTimeout: Duration = .seconds(30)
    ) async throws -> ProxyProcess {
        let binary = try binaryPath()
        let directory = try TemporaryDirectory(prefix: "sgp")
        let endpoint: SocketEndpoint
        switch listen {
        case .unixSocket: endpoint = .unix(directory.appending("proxy.sock"))
        case .tcp: endpoint = .tcp(port: SocketEndpoint.freeTCPPort())
        case .endpoint(let given): endpoint = given
        }
        let paths = Paths(
            directory: directory.path,
            listen: endpoint,
            configFile: directory.appending("sockguard.yaml")
        )
        if let config {
            try config(paths).write(toFile: paths.configFile, atomically: true, encoding: .utf8)
        }
        let argv = arguments?(paths) ?? (config == nil ? ["serve"] : ["serve", "-c", paths.configFile])
        var extra = environment
        if listenFromEnvironment {
            extra.merge(paths.listenEnvironment) { given, _ in given }
        }
        let commandLine = wrapper + [binary] + argv
        let child = try ChildProcess.launch(
            commandLine[0],
            Array(commandLine.dropFirst()),
            environment: processEnvironment(extra, inherit: inheritEnvironment)
        )
        let proxy = ProxyProcess(directory: directory, paths: paths, commandLine: commandLine, child: child)

        let deadline = ContinuousClock.now + startupTimeout
        while ContinuousClock.now < deadline {
            if let status = child.exitStatus {
                throw HarnessError.proxyDidNotStart(
                    reason: "exited with status \(status): \(proxy.commandLine.joined(separator: " "))",
                    stderr: proxy.stderrText
                )
            }
            if endpoint.acceptsConnections() { return proxy }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Tests that block the cooperative thread pool (synchronous docker CLI runs) can keep this task from
        // resuming until after the deadline: look once more before calling it a failure.
        if child.exitStatus == nil, endpoint.acceptsConnections() { return proxy }
        throw HarnessError.proxyDidNotStart(
            reason: "\(endpoint) did not accept connections within \(startupTimeout)",
            stderr: proxy.stderrText
        )
    }

    /// Runs the binary once (`validate`, `version`, ...) and returns its exit status and output.
    public static func run(
        arguments: [String],
        environment: [String: String] = [:],
        inheritEnvironment: Bool = false,
        stdin: Data? = nil,
        timeout: Duration = .seconds(30)
    ) throws -> CommandResult {
        try ProcessRunner.run(
            try binaryPath(),
            arguments,
            environment: processEnvironment(environment, inherit: inheritEnvironment),
            stdin: stdin,
            timeout: timeout
        )
    }

    // MARK: - Output

    /// Every complete line the proxy wrote to stderr so far.
    public var stderrLines: [String] { child.stderr.lines }
    /// Everything the proxy wrote to stderr so far.
    public var stderrText: String { child.stderr.text }
    /// Every complete line the proxy wrote to stdout so far.
    public var stdoutLines: [String] { child.stdout.lines }

    /// The stderr lines that parse as JSON objects: the access log, one entry per request.
    public func accessLogEntries() -> [[String: Any]] {
        stderrLines.compactMap { line in
            guard line.hasPrefix("{"),
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            else { return nil }
            return object
        }
    }

    /// Waits until some stderr line satisfies `predicate`; returns it, or `nil` after `timeout`.
    public func waitForStderrLine(
        timeout: Duration = .seconds(5),
        where predicate: (String) -> Bool
    ) async -> String? {
        _ = await waitUntil(timeout: timeout) { stderrLines.contains(where: predicate) }
        return stderrLines.first(where: predicate)
    }

    /// The exit status, or `nil` while the proxy runs.
    public var exitStatus: Int32? { child.exitStatus }

    /// The proxy's process id, e.g. to count its open file descriptors in /proc.
    public var processID: Int32 { child.pid }

    /// How many file descriptors the proxy has open (listening socket, client and upstream connections, ...).
    public func openFileDescriptorCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd").count) ?? -1
    }

    /// Sends SIGTERM, waits up to `grace`, then SIGKILL; returns the exit status. Idempotent.
    @discardableResult
    public func stop(grace: Duration = .seconds(5)) -> Int32 {
        child.stop(grace: grace)
    }

    /// Sends `signal` (e.g. SIGHUP) to the proxy.
    public func send(signal: Int32) {
        child.send(signal: signal)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago; see ``SocketEndpoint/freeTCPPort()``.
    public static func freeTCPPort() -> Int {
        SocketEndpoint.freeTCPPort()
    }

    // MARK: - Environment

    static func processEnvironment(_ extra: [String: String], inherit: Bool) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] =
            inherit
            ? inherited
            : [
                "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
                "HOME": inherited["HOME"] ?? "/root",
            ]
        environment.merge(extra) { _, new in new }
        return environment
    }
}
