import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, whose exit is seen by `waitpid` on a thread of its own.
///
/// Foundation's `Process` is not used: on Linux it learns of a child's exit when a socket it shares with the child
/// closes, so a grandchild that outlives the child (a daemon a script starts in the background, such as the Podman
/// service) keeps that socket open and the exit is never reported. Here the child gets only its standard
/// descriptors (every other one is closed in the child), default signal dispositions and an empty signal mask.
final class SpawnedProcess: Sendable {
    /// Where one of the child's standard descriptors goes.
    enum Stream {
        /// `/dev/null`.
        case null
        /// A new pipe; the parent's end is in ``SpawnedProcess/stdin``, ``stdout`` or ``stderr``.
        case pipe
        /// A descriptor the caller owns (a log file), duplicated into the child.
        case descriptor(Int32)
    }

    let pid: pid_t
    /// The parent's ends of the pipes asked for (close-on-exec; the caller closes them).
    let stdin: Int32?
    let stdout: Int32?
    let stderr: Int32?
    private let status = LockedBox<Int32?>(nil)
    private let exited = DispatchSemaphore(value: 0)

    private init(pid: pid_t, stdin: Int32?, stdout: Int32?, stderr: Int32?) {
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Starts `executable` with `arguments`; `environment` nil inherits this process's environment.
    static func spawn(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]?,
        stdin: Stream = .null,
        stdout: Stream = .null,
        stderr: Stream = .null
    ) throws -> SpawnedProcess {
        let command = [executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32?] = []
        var childEnds: [Int32] = []
        defer { childEnds.forEach { _ = close($0) } }
        do {
            for (target, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
                switch stream {
                case .null:
                    posix_spawn_file_actions_addopen(
                        &actions,
                        target,
                        "/dev/null",
                        target == 0 ? O_RDONLY : O_WRONLY,
                        0
                    )
                    parentEnds.append(nil)
                case .descriptor(let fd):
                    posix_spawn_file_actions_adddup2(&actions, fd, target)
                    parentEnds.append(nil)
                case .pipe:
                    var fds: [Int32] = [-1, -1]
                    // Close-on-exec at once; the children this type starts close every inherited descriptor anyway.
                    guard pipe(&fds) == 0 else { throw SpawnError.system("pipe", errno) }
                    fds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
                    let (parent, child) = target == 0 ? (fds[1], fds[0]) : (fds[0], fds[1])
                    childEnds.append(child)
                    parentEnds.append(parent)
                    posix_spawn_file_actions_adddup2(&actions, child, target)
                }
            }
        } catch {
            parentEnds.compactMap { $0 }.forEach { _ = close($0) }
            throw HarnessError.launchFailed(command: command, reason: "\(error)")
        }
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStrings(command) { argv in
            withCStrings(environmentLines) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            parentEnds.compactMap { $0 }.forEach { _ = close($0) }
            throw HarnessError.launchFailed(command: command, reason: String(cString: strerror(result)))
        }
        let process = SpawnedProcess(pid: pid, stdin: parentEnds[0], stdout: parentEnds[1], stderr: parentEnds[2])
        process.watchExit()
        return process
    }

    /// The exit status (`128 + signal` when killed by one), or nil while it runs.
    var exitStatus: Int32? { status.current }

    /// Waits up to `timeout` for the exit; returns the status, or nil if it still runs.
    func wait(timeout: Duration) -> Int32? {
        guard exited.wait(timeout: .now() + timeout.timeInterval) == .success else { return nil }
        exited.signal()
        return exitStatus
    }

    /// Sends `signal` unless the child has been reaped (its pid could belong to another process by then).
    func send(_ signal: Int32) {
        status.withLock { current in
            if current == nil { kill(pid, signal) }
        }
    }

    /// `waitpid` on a thread of its own: sees this child's exit and nothing else's.
    private func watchExit() {
        Thread.detachNewThread { [pid, status, exited] in
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 {
                guard errno == EINTR else {
                    raw = 0x7f00  // cannot happen for our own child; reported as exit status 127
                    break
                }
            }
            let signal = raw & 0x7f
            let code = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            status.withLock { $0 = code }
            exited.signal()
        }
    }

    /// Closes every descriptor above 2 in the child: others' pipes must not leak into long-lived children.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        // glibc before 2.34: close what is open now (a descriptor opened meanwhile is close-on-exec or leaks).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    private static func withCStrings<R>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    enum SpawnError: Error, CustomStringConvertible {
        case system(String, Int32)
        var description: String {
            switch self {
            case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
            }
        }
    }
}

/// Reads a descriptor on a thread of its own until end-of-file, retrying interrupted reads.
final class DescriptorReader: Sendable {
    private let done = DispatchSemaphore(value: 0)

    /// Calls `onData` with each chunk read from `fd`, on the reader's thread; closes `fd` at end-of-file.
    init(_ fd: Int32, onData: @escaping @Sendable (Data) -> Void) {
        Thread.detachNewThread { [done] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                onData(Data(buffer[0..<count]))
            }
            close(fd)
            done.signal()
        }
    }

    /// Waits up to `timeout` for end-of-file; returns whether it came.
    @discardableResult
    func waitForEnd(timeout: TimeInterval) -> Bool {
        guard done.wait(timeout: .now() + timeout) == .success else { return false }
        done.signal()
        return true
    }
}
