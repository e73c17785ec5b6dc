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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = environment
        }
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let stdinPipe: Pipe? = stdin == nil ? nil : Pipe()
        if let stdinPipe {
            process.standardInput = stdinPipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw HarnessError.launchFailed(command: command, reason: "\(error)")
        }

        let stdoutReader = PipeDrainer(stdoutPipe.fileHandleForReading)
        let stderrReader = PipeDrainer(stderrPipe.fileHandleForReading)
        if let stdinPipe, let stdin {
            let handle = stdinPipe.fileHandleForWriting
            Thread.detachNewThread {
                writeAll(stdin, to: handle.fileDescriptor)
                try? handle.close()
            }
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout.timeInterval) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        let result = CommandResult(
            command: command,
            status: process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus,
            stdout: stdoutReader.finish(),
            stderr: stderrReader.finish()
        )
        // A child that exited on its own (not by our SIGKILL) finished in time: only the notification was late,
        // as happens when the whole suite starves this machine's two cores.
        if timedOut && process.terminationReason == .uncaughtSignal {
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

/// Reads a pipe on its own thread until end-of-file.
///
/// Foundation's `Process` closes inherited descriptors in the child, but a pipe created by another thread at the
/// same moment can still leak into an unrelated child, which then holds the write end open. So after the process
/// exits, `finish()` waits only briefly for end-of-file and otherwise returns everything read so far (which is all
/// the exited process wrote).
final class PipeDrainer: Sendable {
    private let buffer = LockedBox(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [buffer, done] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.withLock { $0.append(chunk) }
            }
            done.signal()
        }
    }

    /// Call after the process exited: waits up to `grace` for end-of-file and returns the bytes read.
    func finish(grace: TimeInterval = 3) -> Data {
        if done.wait(timeout: .now() + grace) == .success {
            done.signal()
        }
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
