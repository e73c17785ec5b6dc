import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process to completion with a hard timeout, feeding it stdin and collecting its output.
///
/// Output is drained on dedicated threads, never on the Swift concurrency pool, so a blocked test cannot stop
/// another test's process from finishing.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` and waits for it to exit.
    ///
    /// - Parameters:
    ///   - environment: the child's complete environment; `nil` inherits the test process's environment.
    ///   - stdin: bytes written to the child's standard input, which is then closed; `nil` gives it `/dev/null`.
    ///   - timeout: after this long the child is killed with SIGKILL and
    ///     ``HarnessError/timedOut(command:after:partial:)`` is thrown, carrying whatever it wrote so far.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        stdin: Data? = nil,
        timeout: Duration = .seconds(60)
    ) throws -> CommandResult {
        ignoreSIGPIPE()
        let command = [executable] + arguments
        let process = try SpawnedProcess.spawn(
            executable,
            arguments,
            environment: environment,
            stdin: stdin == nil ? .null : .pipe,
            stdout: .pipe,
            stderr: .pipe
        )
        let stdoutReader = PipeDrainer(process.stdout!)
        let stderrReader = PipeDrainer(process.stderr!)
        if let fd = process.stdin, let stdin {
            Thread.detachNewThread {
                writeAll(stdin, to: fd)
                close(fd)
            }
        }

        var status = process.wait(timeout: timeout)
        let timedOut = status == nil
        if timedOut {
            process.send(SIGKILL)
            // SIGKILL cannot be caught; the bound only guards against a child stuck in the kernel.
            status = process.wait(timeout: .seconds(30))
        }
        let result = CommandResult(
            command: command,
            status: status ?? 128 + SIGKILL,
            stdout: stdoutReader.finish(),
            stderr: stderrReader.finish()
        )
        // A child that exited on its own just as the wait ended finished in time (its status is its own).
        if timedOut && (status == nil || status == 128 + SIGKILL) {
            throw HarnessError.timedOut(command: command, after: timeout, partial: result)
        }
        return result
    }

    /// Writing to a child that already exited must fail with EPIPE, not kill the test process.
    static func ignoreSIGPIPE() {
        _ = sigpipeIgnored
    }

    private static let sigpipeIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    private static func writeAll(_ data: Data, to fd: Int32) {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// Collects a pipe's bytes on its own thread until end-of-file.
///
/// Every descriptor above 2 is closed in the children ``SpawnedProcess`` starts, but a grandchild the command
/// starts in the background can still hold the write end. So after the process exits, `finish()` waits only
/// briefly for end-of-file and otherwise returns everything read so far (which is all the exited process wrote).
final class PipeDrainer: Sendable {
    private let buffer = LockedBox(Data())
    private let reader: DescriptorReader

    init(_ fd: Int32) {
        let buffer = self.buffer
        reader = DescriptorReader(fd) { chunk in buffer.withLock { $0.append(chunk) } }
    }

    /// Call after the process exited: waits up to `grace` for end-of-file and returns the bytes read.
    func finish(grace: TimeInterval = 3) -> Data {
        reader.waitForEnd(timeout: grace)
        return buffer.current
    }
}

extension Duration {
    /// The duration in seconds, for Dispatch and Foundation APIs.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
