import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One private dockerd per test process, with the busybox test image imported, shared by every test.
///
/// The daemon runs from `/tmp/sgtd-XXXXXX` with the vfs storage driver, `--bridge=none` and `--iptables=false`,
/// so it never fights the host's daemon (or another test run's) over `docker0` or firewall rules; tests that need
/// a network create their own. It is stopped and its directory removed at process exit, by a reaper if the
/// process dies abruptly, or by the next run's sweep.
///
/// ```swift
/// let daemon = try await DockerDaemonHarness.shared()
/// let result = try daemon.docker(["run", "--rm", "--network", "none", daemon.imageName, "echo", "hi"])
/// ```
public final class DockerDaemonHarness: Sendable {
    /// The name every integration test uses for its containers' image.
    public static let testImageName = "sockguard-test/busybox:latest"

    /// The daemon's API socket.
    public let socketPath: String
    /// The imported busybox image, ``testImageName``.
    public let imageName: String
    /// The daemon's private directory (data, exec root, log, cleanup script).
    public let directory: String

    /// `unix://` + ``socketPath``, for `DOCKER_HOST`.
    public var dockerHost: String { "unix://" + socketPath }
    /// The daemon's socket as an endpoint for ``RawHTTPClient`` and ``RecordingUpstream``-style tests.
    public var endpoint: SocketEndpoint { .unix(socketPath) }
    /// The daemon's log file, for failure messages.
    public var logPath: String { directory + "/dockerd.log" }

    /// The daemon's TLS side: besides its unix socket it listens on ``tlsPorts`` of 127.0.0.1 with
    /// `--tlsverify`, its certificate (IP 127.0.0.1, DNS localhost) signed by ``tlsAuthority``, which also
    /// signed ``tlsClient``, a client certificate it accepts.
    public let tlsAuthority: TestCertificateAuthority
    public let tlsServer: TestCertificateAuthority.Pair
    public let tlsClient: TestCertificateAuthority.Pair
    /// Two TLS listeners of the one daemon: two upstream endpoints that reach the same engine.
    public let tlsPorts: [Int]

    private init(directory: String) throws {
        self.directory = directory
        self.socketPath = directory + "/docker.sock"
        self.imageName = Self.testImageName
        self.tlsAuthority = try TestCertificateAuthority(name: "dockerd-ca")
        self.tlsServer = try tlsAuthority.issue("dockerd", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        self.tlsClient = try tlsAuthority.issue("sockguard", client: true)
        self.tlsPorts = [SocketEndpoint.freeTCPPort(), SocketEndpoint.freeTCPPort()]
    }

    // A static let is initialised exactly once, even when many tests ask at the same moment; every caller
    // awaits the same task, and a failure is reported to each of them.
    private static let startup = Task { try await DockerDaemonHarness.start() }

    /// The process-wide daemon, started on first use. Throws (it never skips) if it cannot start.
    public static func shared() async throws -> DockerDaemonHarness {
        try await startup.value
    }

    // MARK: - Running commands

    /// The docker CLI: `/usr/local/bin/docker` (the current CLI) when present, else the first `docker` on `PATH`.
    public static let dockerCLI: String = {
        if FileManager.default.isExecutableFile(atPath: "/usr/local/bin/docker") { return "/usr/local/bin/docker" }
        return findExecutable("docker") ?? "/usr/bin/docker"
    }()

    /// Runs the docker CLI against `host` (`unix:///path` or `tcp://127.0.0.1:port`; `nil` means this daemon).
    ///
    /// The CLI gets a clean environment: `PATH`, `HOME`, `DOCKER_HOST`, and an empty `DOCKER_CONFIG`, so the
    /// developer's contexts and credential helpers never take part.
    public func docker(
        _ arguments: [String],
        host: String? = nil,
        stdin: Data? = nil,
        timeout: Duration = .seconds(60)
    ) throws -> CommandResult {
        try Self.docker(
            arguments,
            environment: cliEnvironment(host: host ?? dockerHost),
            stdin: stdin,
            timeout: timeout
        )
    }

    /// The docker CLI with `environment` (``cliEnvironment(host:configDirectory:)``).
    static func docker(
        _ arguments: [String],
        environment: [String: String],
        stdin: Data?,
        timeout: Duration
    ) throws -> CommandResult {
        try ProcessRunner.run(Self.dockerCLI, arguments, environment: environment, stdin: stdin, timeout: timeout)
    }

    /// The environment ``docker(_:host:stdin:timeout:)`` uses; handy for docker-py (`docker.from_env()`).
    public func cliEnvironment(host: String) -> [String: String] {
        Self.cliEnvironment(host: host, configDirectory: directory + "/cli-config")
    }

    /// `PATH`, `HOME`, `DOCKER_HOST` and an empty `DOCKER_CONFIG`: the developer's contexts and credential helpers
    /// never take part.
    public static func cliEnvironment(host: String, configDirectory: String) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return [
            "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": inherited["HOME"] ?? "/root",
            "DOCKER_HOST": host,
            "DOCKER_CONFIG": configDirectory,
            "DOCKER_CLI_HINTS": "false",
        ]
    }

    /// Runs any process with a hard timeout; see ``ProcessRunner/run(_:_:environment:stdin:timeout:)``.
    public func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        stdin: Data? = nil,
        timeout: Duration = .seconds(60)
    ) throws -> CommandResult {
        try ProcessRunner.run(executable, arguments, environment: environment, stdin: stdin, timeout: timeout)
    }

    /// A container or network name no other test (or test run) uses: `sgt-<prefix>-<random>`.
    public static func uniqueName(_ prefix: String) -> String {
        "sgt-\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The last `lines` lines of the daemon log.
    public func logTail(lines: Int = 40) -> String {
        Self.tail(of: logPath, lines: lines)
    }

    // MARK: - Startup

    private static func start() async throws -> DockerDaemonHarness {
        guard getuid() == 0 else {
            throw HarnessError.missingTool(name: "root privileges", hint: "the private dockerd must run as root")
        }
        guard let dockerd = findExecutable("dockerd") else {
            throw HarnessError.missingTool(name: "dockerd", hint: BusyboxImage.installHint)
        }
        guard FileManager.default.isExecutableFile(atPath: dockerCLI) else {
            throw HarnessError.missingTool(name: "the docker CLI", hint: BusyboxImage.installHint)
        }
        let busybox = try BusyboxImage.locateStaticBusybox()

        DaemonCleanup.sweepStaleDirectories()
        // The cleanup script, not a `TemporaryDirectory`, owns this directory: it must outlive every test.
        let harness = try DockerDaemonHarness(
            directory: try TemporaryDirectory.create(prefix: DaemonCleanup.directoryPrefix)
        )
        try DaemonCleanup.arrange(for: harness.directory)
        try FileManager.default.createDirectory(
            atPath: harness.directory + "/cli-config",
            withIntermediateDirectories: true
        )

        let daemon = try harness.launchDaemon(dockerd)
        try await harness.waitForPing(daemon: daemon)
        try harness.importImage(busybox: busybox)
        return harness
    }

    private func launchDaemon(_ dockerd: String) throws -> SpawnedProcess {
        // An explicit empty config file, so the host's /etc/docker/daemon.json cannot clash with our flags.
        try "{}\n".write(toFile: directory + "/daemon.json", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw HarnessError.daemonDidNotStart(reason: "cannot open \(logPath)", log: "")
        }
        log.write(Data("harness: launching dockerd at \(Date())\n".utf8))
        defer { try? log.close() }
        return try SpawnedProcess.spawn(
            dockerd,
            [
                "--config-file", directory + "/daemon.json",
                "--storage-driver", "vfs",
                "--data-root", directory + "/data",
                "--exec-root", directory + "/x",
                "--pidfile", directory + "/dockerd.pid",
                "--host", dockerHost,
                "--tlsverify",
                "--tlscacert", tlsAuthority.certFile,
                "--tlscert", tlsServer.certFile,
                "--tlskey", tlsServer.keyFile,
            ] + tlsPorts.flatMap { ["--host", "tcp://127.0.0.1:\($0)"] } + [
                "--bridge", "none",
                "--iptables=false",
                "--ip-forward=false",
                "--shutdown-timeout", "2",
            ],
            environment: nil,
            stdout: .descriptor(log.fileDescriptor),
            stderr: .descriptor(log.fileDescriptor)
        )
    }

    /// How long a private dockerd may take to answer `/_ping`. It usually takes about a second; a fresh CI machine
    /// under the whole test run's load once took over a minute, so the bound is generous.
    static let startupTimeout: Duration = .seconds(240)

    private func waitForPing(daemon: SpawnedProcess) async throws {
        let started = ContinuousClock.now
        let deadline = started + Self.startupTimeout
        while ContinuousClock.now < deadline {
            if let status = daemon.exitStatus {
                throw HarnessError.daemonDidNotStart(
                    reason: "dockerd exited with status \(status)",
                    log: logTail()
                )
            }
            if let response = try? RawHTTPClient.exchange(
                "GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n",
                with: endpoint,
                timeout: .seconds(2)
            ),
                response.statusCode == 200
            {
                let took = ContinuousClock.now - started
                if took > .seconds(20) {
                    FileHandle.standardError.write(
                        Data("note: the private dockerd took \(took) to answer /_ping\n".utf8)
                    )
                }
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError.daemonDidNotStart(
            reason: "/_ping did not answer within \(Self.startupTimeout)",
            log: Self.head(of: logPath, lines: 15) + "\n[...]\n" + logTail()
        )
    }

    private func importImage(busybox: String) throws {
        let tarball = try BusyboxImage.makeRootfsTarball(in: directory, busybox: busybox)
        let result = try docker(BusyboxImage.importArguments(tarball: tarball, name: imageName), timeout: .seconds(120))
        guard result.succeeded else {
            throw HarnessError.commandFailed(step: "importing \(imageName)", result: result)
        }
    }

    // MARK: - Helpers

    /// The first executable called `name` on `PATH` or in the usual system directories.
    public static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func head(of path: String, lines: Int) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log at \(path))" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n")
    }

    static func tail(of path: String, lines: Int) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log at \(path))" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
