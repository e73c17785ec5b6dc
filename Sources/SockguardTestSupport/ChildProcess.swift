import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A long-running child whose stdout and stderr are collected line by line on background threads.
final class ChildProcess: Sendable {
    /// Lines collected from one pipe.
    final class LineCollector: Sendable {
        private let buffer = LockedBox((lines: [String](), partial: Data(), all: Data()))

        /// Complete lines so far.
        var lines: [String] { buffer.current.lines }
        /// Every byte so far, decoded as UTF-8.
        var text: String { String(decoding: buffer.current.all, as: UTF8.self) }

        func append(_ data: Data) {
            buffer.withLock { state in
                state.all.append(data)
                state.partial.append(data)
                while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = state.partial[state.partial.startIndex..<newline]
                    state.lines.append(String(decoding: line, as: UTF8.self))
                    state.partial = Data(state.partial[(newline + 1)...])
                }
            }
        }
    }

    let pid: Int32
    let stdout = LineCollector()
    let stderr = LineCollector()
    private let status: LockedBox<Int32?>
    private let exited: DispatchSemaphore
    // Foundation's Process must stay alive until the child is reaped; it is only touched under the lock.
    private let process: LockedBox<Process>

    static func launch(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]
    ) throws
        -> ChildProcess
    {
        ProcessRunner.ignoreSIGPIPE()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let statusBox = LockedBox<Int32?>(nil)
        let semaphore = DispatchSemaphore(value: 0)
        process.terminationHandler = { finished in
            let code =
                finished.terminationReason == .uncaughtSignal
                ? 128 + finished.terminationStatus : finished.terminationStatus
            statusBox.withLock { $0 = code }
            semaphore.signal()
        }
        do {
            try process.run()
        } catch {
            throw HarnessError.launchFailed(command: [executable] + arguments, reason: "\(error)")
        }
        let child = ChildProcess(pid: process.processIdentifier, process: process, status: statusBox, exited: semaphore)
        drain(outPipe.fileHandleForReading, into: child.stdout)
        drain(errPipe.fileHandleForReading, into: child.stderr)
        return child
    }

    private init(pid: Int32, process: Process, status: LockedBox<Int32?>, exited: DispatchSemaphore) {
        self.pid = pid
        self.process = LockedBox(process)
        self.status = status
        self.exited = exited
    }

    private static func drain(_ handle: FileHandle, into collector: LineCollector) {
        Thread.detachNewThread {
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                collector.append(data)
            }
        }
    }

    /// The exit status (`128 + signal` if killed), or `nil` while running.
    var exitStatus: Int32? { status.current }

    func send(signal: Int32) {
        if exitStatus == nil { kill(pid, signal) }
    }

    /// SIGTERM, wait up to `grace`, SIGKILL, wait. Returns the exit status.
    @discardableResult
    func stop(grace: Duration = .seconds(5)) -> Int32 {
        if let done = exitStatus { return done }
        kill(pid, SIGTERM)
        if exited.wait(timeout: .now() + grace.timeInterval) == .timedOut {
            kill(pid, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
        }
        return exitStatus ?? -1
    }
}
