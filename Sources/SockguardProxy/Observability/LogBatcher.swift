import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Access-log lines from every event loop, written to one descriptor by a thread of its own every 20 ms. A request
/// costs a copy into a buffer under a lock: no `write(2)`, and no wake-up of the writer (a condition signalled per
/// line costs a context switch per request). Lines stay whole and in the order they were finished. `shutdown()`
/// writes what is left.
///
/// Bounded: past 4 MiB waiting (a sink that stopped reading), lines are dropped rather than held, and the count
/// is written as a line of its own once the sink takes bytes again.
final class LogBatcher: Sendable {
    static let limitBytes = 4 << 20
    static let flushInterval: TimeAmount = .milliseconds(20)

    private struct Pending {
        var bytes: [UInt8] = []
        var dropped = 0
        var stopping = false
    }

    private let pending = NIOLockedValueBox(Pending())
    private let fileDescriptor: Int32
    private let writer = NIOThreadPool(numberOfThreads: 1)

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        writer.start()
        writer.submit { [self] _ in self.run() }
    }

    func append(_ line: [UInt8]) {
        pending.withLockedValue { pending in
            if pending.bytes.count + line.count > Self.limitBytes {
                pending.dropped += 1
            } else {
                pending.bytes.append(contentsOf: line)
            }
        }
    }

    /// Writes what is waiting, then stops the writer.
    func shutdown() async {
        pending.withLockedValue { $0.stopping = true }
        try? await writer.shutdownGracefully()
    }

    private func run() {
        var spare: [UInt8] = []
        while true {
            PeriodicWriter.sleep(Self.flushInterval)
            let taken = pending.withLockedValue { pending in
                defer {
                    pending.dropped = 0
                    swap(&pending.bytes, &spare)
                }
                return (stopping: pending.stopping, dropped: pending.dropped)
            }
            // `spare` now holds what was waiting; the buffer it replaced keeps its capacity for the next round.
            PeriodicWriter.writeAll(spare, to: fileDescriptor)
            spare.removeAll(keepingCapacity: true)
            if taken.dropped > 0 {
                let note = Array("{\"msg\":\"access log lines dropped\",\"dropped\":\(taken.dropped)}\n".utf8)
                PeriodicWriter.writeAll(note, to: fileDescriptor)
            }
            if taken.stopping { return }
        }
    }

}

/// What the log writers share: their clock, and one way to put bytes on a descriptor.
enum PeriodicWriter {
    /// Writes every byte (short writes continue); stops at an error, as a log line is never worth blocking on.
    static func writeAll(_ bytes: [UInt8], to fileDescriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fileDescriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    static func sleep(_ interval: TimeAmount) {
        var request = timespec(tv_sec: 0, tv_nsec: Int(interval.nanoseconds))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
