import Logging
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

/// `log.audit`: one JSON event per request (`AuditEvent`), allowed, denied and would-deny alike, written by a thread
/// of its own so the data path never waits for the disk.
///
/// Requests hand their events to a bounded queue (1,024, as in Go) that the writer empties every 10 ms. A full queue drops the event rather than slow
/// the request down; drops are counted (`sockguard_audit_events_dropped_total`) and logged as `audit events
/// dropped` with how many. A file output is reopened after `reopen()` (SIGHUP), so logrotate can move it away;
/// `stdout` and `stderr` are never reopened. `shutdown()` writes what is queued, then stops the writer.
public final class AuditLog: Sendable {
    public static let queueLimit = 1024

    struct OpenError: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "log.audit.output: cannot open \(path): \(String(cString: strerror(code)))" }
    }

    private struct Queue {
        var events: [AuditEvent] = []
        var dropped = 0
        var reopenRequested = false
        var stopping = false
    }

    private let queue = NIOLockedValueBox(Queue())
    private let path: String?
    private let descriptor: NIOLockedValueBox<Int32>
    private let logger: Logger
    /// Where drops are counted, once the server that owns the metrics attached them.
    private let metrics = NIOLockedValueBox<ProxyMetrics?>(nil)
    private let writer: NIOThreadPool

    /// `output` is `stderr`, `stdout`, a file path, or `file:` and a path. A file is opened (created, mode 0600,
    /// appended to) now, so a bad path stops startup.
    public init(output: String, logger: Logger) throws {
        switch output {
        case "stderr", "":
            (path, descriptor) = (nil, NIOLockedValueBox(2))
        case "stdout":
            (path, descriptor) = (nil, NIOLockedValueBox(1))
        default:
            let file = output.hasPrefix("file:") ? String(output.dropFirst("file:".count)) : output
            (path, descriptor) = (file, NIOLockedValueBox(try Self.openFile(file)))
        }
        self.logger = logger
        self.writer = NIOThreadPool(numberOfThreads: 1)
        self.writer.start()
        self.writer.submit { [self] _ in self.run() }
    }

    static func openFile(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpenError(path: path, code: errno) }
        return fd
    }

    /// Counts drops in `metrics` from now on.
    func countDrops(in metrics: ProxyMetrics?) {
        self.metrics.withLockedValue { $0 = metrics }
    }

    /// Queues one event; never blocks on the writer, and never wakes it (a wake-up per request would cost a
    /// context switch per request): the writer takes what is queued every `flushInterval`.
    func record(_ event: AuditEvent) {
        queue.withLockedValue { queue in
            if queue.stopping || queue.events.count >= Self.queueLimit {
                queue.dropped += queue.stopping ? 0 : 1
            } else {
                queue.events.append(event)
            }
        }
    }

    /// How often the writer takes the queue: at 25,000 requests a second, 250 events a round, well within the
    /// queue's 1,024.
    static let flushInterval: TimeAmount = .milliseconds(10)

    /// Reopens a file output before the next write (after logrotate moved it).
    public func reopen() {
        queue.withLockedValue { $0.reopenRequested = true }
    }

    /// Writes every queued event, then stops the writer.
    public func shutdown() async {
        queue.withLockedValue { $0.stopping = true }
        try? await writer.shutdownGracefully()
    }

    private func run() {
        var spare: [AuditEvent] = []
        var bytes: [UInt8] = []
        while true {
            PeriodicWriter.sleep(Self.flushInterval)
            let taken = queue.withLockedValue { queue in
                defer {
                    queue.dropped = 0
                    queue.reopenRequested = false
                    swap(&queue.events, &spare)
                }
                return (dropped: queue.dropped, reopen: queue.reopenRequested, stopping: queue.stopping)
            }
            if taken.reopen { reopenFile() }
            if !spare.isEmpty {
                for event in spare { event.appendJSONLine(to: &bytes) }
                append(bytes)
                bytes.removeAll(keepingCapacity: true)
                spare.removeAll(keepingCapacity: true)
            }
            if taken.dropped > 0 {
                metrics.withLockedValue { $0 }?.auditEventsDropped(taken.dropped)
                logger.warning("audit events dropped", metadata: ["dropped": "\(taken.dropped)"])
            }
            if taken.stopping { break }
        }
        let fd = descriptor.withLockedValue { $0 }
        if path != nil { close(fd) }
    }

    private func reopenFile() {
        guard let path else { return }
        do {
            let fresh = try Self.openFile(path)
            let old = descriptor.withLockedValue { descriptor in
                defer { descriptor = fresh }
                return descriptor
            }
            close(old)
        } catch {
            logger.error("audit log not reopened; still writing to the old file", metadata: ["error": "\(error)"])
        }
    }

    private func append(_ bytes: [UInt8]) {
        PeriodicWriter.writeAll(bytes, to: descriptor.withLockedValue { $0 })
    }
}
