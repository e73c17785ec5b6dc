import Foundation

/// A private rootful Podman API service for the tests, started once per test process by the project's own
/// `scripts/dev-podman.sh` (vfs storage, file locks and events under its directory, a busybox image imported as
/// `localhost/busybox:1`). One unix socket serves both the Docker-compatible API and libpod. It keeps running
/// after the tests (the next run reuses it); `scripts/dev-podman.sh stop --dir DIR` stops it.
public struct PodmanHarness: Sendable {
    /// The service's socket.
    public let socketPath: String
    /// Its directory (`--dir`).
    public let directory: String
    /// The image every test runs.
    public let imageName = "localhost/busybox:1"

    public var dockerHost: String { "unix://" + socketPath }

    private static let startup = Task { try PodmanHarness.start() }

    /// The process-wide service, started on first use. Throws (it never skips) if it cannot start.
    public static func shared() async throws -> PodmanHarness {
        try await startup.value
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SockguardTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    private static func start() throws -> PodmanHarness {
        let directory = "/tmp/sgpod-test"
        let script = repository.appendingPathComponent("scripts/dev-podman.sh").path
        let result = try ProcessRunner.run(
            "/bin/bash",
            [script, "start", "--dir", directory],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"],
            timeout: .seconds(180)
        )
        let socket = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !socket.isEmpty else {
            throw HarnessError.launchFailed(command: [script, "start"], reason: result.description)
        }
        return PodmanHarness(socketPath: socket, directory: directory)
    }

    /// `podman --url HOST ARGS` (the remote client); `host` nil means this service.
    public func podman(
        _ arguments: [String],
        host: String? = nil,
        stdin: Data? = nil,
        timeout: Duration = .seconds(60)
    ) throws -> CommandResult {
        let podman = DockerDaemonHarness.findExecutable("podman") ?? "/usr/bin/podman"
        return try ProcessRunner.run(
            podman,
            ["--url", host ?? dockerHost] + arguments,
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/root",
            ],
            stdin: stdin,
            timeout: timeout
        )
    }

    /// The docker CLI against `host` (nil: this service), with a clean environment.
    public func docker(
        _ arguments: [String],
        host: String? = nil,
        stdin: Data? = nil,
        timeout: Duration = .seconds(60)
    ) throws -> CommandResult {
        try DockerDaemonHarness.docker(
            arguments,
            environment: cliEnvironment(host: host ?? dockerHost),
            stdin: stdin,
            timeout: timeout
        )
    }

    /// The docker CLI's (and docker-py's) environment for `host`.
    public func cliEnvironment(host: String) -> [String: String] {
        DockerDaemonHarness.cliEnvironment(host: host, configDirectory: directory + "/cli-config")
    }
}
