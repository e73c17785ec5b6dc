import Foundation

/// What a finished child process left behind: its exit status and everything it wrote.
public struct CommandResult: Sendable, CustomStringConvertible {
    /// The command line that was run, for messages.
    public var command: [String]
    /// The exit status, or `128 + signal` when the process was killed by a signal.
    public var status: Int32
    /// Everything the process wrote to standard output.
    public var stdout: Data
    /// Everything the process wrote to standard error.
    public var stderr: Data

    /// A result as the runner records it.
    public init(command: [String], status: Int32, stdout: Data, stderr: Data) {
        self.command = command
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Standard output decoded as UTF-8 (invalid bytes replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error decoded as UTF-8 (invalid bytes replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    /// Whether the process exited with status 0.
    public var succeeded: Bool { status == 0 }

    public var description: String {
        """
        $ \(command.joined(separator: " "))
        exit status: \(status)
        --- stdout (\(stdout.count) bytes) ---
        \(String(stdoutText.prefix(4000)))
        --- stderr (\(stderr.count) bytes) ---
        \(String(stderrText.prefix(4000)))
        """
    }
}

/// Why a helper could not run a process or bring up a piece of the test environment.
public enum HarnessError: Error, CustomStringConvertible {
    /// The process ran longer than its hard timeout and was killed; `partial` holds what it wrote.
    case timedOut(command: [String], after: Duration, partial: CommandResult)
    /// The process could not be started at all.
    case launchFailed(command: [String], reason: String)
    /// A tool the integration tests need is not installed.
    case missingTool(name: String, hint: String)
    /// The private dockerd did not come up.
    case daemonDidNotStart(reason: String, log: String)
    /// A setup step ran a command that failed.
    case commandFailed(step: String, result: CommandResult)
    /// The sockguard binary could not be found next to the tests or under `.build`.
    case proxyBinaryNotFound(searched: [String])
    /// The proxy exited or never accepted connections.
    case proxyDidNotStart(reason: String, stderr: String)
    /// A socket call failed.
    case socket(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .timedOut(let command, let after, let partial):
            return "timed out after \(after), killed: \(command.joined(separator: " "))\n\(partial)"
        case .launchFailed(let command, let reason):
            return "could not launch \(command.joined(separator: " ")): \(reason)"
        case .missingTool(let name, let hint):
            return "\(name) is not installed: \(hint)"
        case .daemonDidNotStart(let reason, let log):
            return "private dockerd did not start: \(reason)\n--- dockerd log (tail) ---\n\(log)"
        case .commandFailed(let step, let result):
            return "\(step) failed:\n\(result)"
        case .proxyBinaryNotFound(let searched):
            return "sockguard binary not found (run `swift build` first); looked in: "
                + searched.joined(separator: ", ")
        case .proxyDidNotStart(let reason, let stderr):
            return "sockguard did not start: \(reason)\n--- sockguard stderr ---\n\(stderr)"
        case .socket(let operation, let errno):
            return "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        }
    }
}
