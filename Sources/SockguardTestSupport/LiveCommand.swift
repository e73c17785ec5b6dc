import Foundation

/// A long-running command whose output the test reads while it runs (`docker events`, `docker logs -f`), so a test
/// waits for the line it expects instead of for a fixed window. Stopped (SIGTERM, then SIGKILL) by `stop()` or
/// on release.
public final class LiveCommand: Sendable {
    private let child: ChildProcess

    public init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        self.child = try ChildProcess.launch(executable, arguments, environment: environment)
    }

    deinit {
        child.stop()
    }

    /// Every complete stdout line so far.
    public var stdoutLines: [String] { child.stdout.lines }
    /// Everything written to stderr so far.
    public var stderrText: String { child.stderr.text }
    /// The exit status, or nil while it runs.
    public var exitStatus: Int32? { child.exitStatus }

    /// Waits until a stdout line satisfies `predicate`, or the command ends, or `timeout` passes.
    public func waitForLine(timeout: Duration, where predicate: (String) -> Bool) async -> Bool {
        _ = await waitUntil(timeout: timeout) { stdoutLines.contains(where: predicate) || exitStatus != nil }
        return stdoutLines.contains(where: predicate)
    }

    /// Stops the command; returns its exit status.
    @discardableResult
    public func stop() -> Int32 { child.stop() }
}

extension DockerDaemonHarness {
    /// Starts `docker <arguments>` against `host` and returns while it runs.
    public func liveDocker(_ arguments: [String], host: String? = nil) throws -> LiveCommand {
        try LiveCommand(Self.dockerCLI, arguments, environment: cliEnvironment(host: host ?? dockerHost))
    }
}
