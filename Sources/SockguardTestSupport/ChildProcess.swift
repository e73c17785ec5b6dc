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
    private let process: SpawnedProcess

    static func launch(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]
    ) throws
        -> ChildProcess
    {
        ProcessRunner.ignoreSIGPIPE()
        let process = try SpawnedProcess.spawn(
            executable,
            arguments,
            environment: environment,
            stdout: .pipe,
            stderr: .pipe
        )
        let child = ChildProcess(process: process)
        _ = DescriptorReader(process.stdout!) { [collector = child.stdout] in collector.append($0) }
        _ = DescriptorReader(process.stderr!) { [collector = child.stderr] in collector.append($0) }
        return child
    }

    private init(process: SpawnedProcess) {
        self.pid = process.pid
        self.process = process
    }

    /// The exit status (`128 + signal` if killed), or `nil` while running.
    var exitStatus: Int32? { process.exitStatus }

    func send(signal: Int32) {
        process.send(signal)
    }

    /// SIGTERM, wait up to `grace`, SIGKILL, wait. Returns the exit status.
    @discardableResult
    func stop(grace: Duration = .seconds(5)) -> Int32 {
        if let done = exitStatus { return done }
        process.send(SIGTERM)
        if let status = process.wait(timeout: grace) { return status }
        process.send(SIGKILL)
        return process.wait(timeout: .seconds(10)) ?? -1
    }
}
