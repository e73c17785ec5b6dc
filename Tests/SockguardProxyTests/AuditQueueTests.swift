import Foundation
import Logging
import NIOConcurrencyHelpers
import SockguardPolicy
import Testing

@testable import SockguardProxy

#if canImport(Glibc)
import Glibc
#endif

/// The audit queue without a proxy: a stalled sink never blocks requests; what does not fit is dropped, counted and
/// logged; shutdown writes what was queued.
@Suite struct AuditQueueTests {
    /// Collects warnings.
    struct CollectingHandler: LogHandler {
        let lines: NIOLockedValueBox<[String]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            lines.withLockedValue { $0.append("\(event.message) \(event.metadata ?? [:])") }
        }
    }

    static func event(_ ids: inout IdentifierGenerator) -> AuditEvent {
        var record = RequestRecord(
            correlation: RequestCorrelation(headers: [:], ids: &ids),
            client: "10.0.0.7:40000",
            method: "GET",
            rawPath: "/_ping",
            start: .now()
        )
        record.verdict.outcome = .allow
        return AuditEvent(
            record: record,
            status: 200,
            time: timespec(tv_sec: 1_796_000_000, tv_nsec: 120_000_000),
            listener: AuditListener(name: "default", network: "tcp", scheme: "http"),
            ownership: nil
        )
    }

    @Test("a sink that stops reading never blocks a request: the overflow is dropped, counted and logged")
    func overflow() async throws {
        var fds: [Int32] = [0, 0]
        // Close-on-exec: a child another test starts meanwhile must not hold the write end open.
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        defer { close(readEnd) }
        let lines = NIOLockedValueBox<[String]>([])
        let logger = Logger(label: "test") { _ in CollectingHandler(lines: lines) }
        let audit = try AuditLog(output: "file:/dev/fd/\(writeEnd)", logger: logger)
        close(writeEnd)
        let metrics = ProxyMetrics(version: "t", listeners: [])
        audit.countDrops(in: metrics)
        var ids = IdentifierGenerator()
        // About 1 KiB per event: the 64 KiB pipe fills, the writer blocks, the queue fills behind it.
        let sent = 5000
        for _ in 0..<sent { audit.record(Self.event(&ids)) }
        // Drain the pipe on a thread of its own (a blocking read must not hold a task executor) while the writer
        // finishes; the read ends when the writer closes its end.
        let reading = Task { await Self.countLines(readEnd) }
        await audit.shutdown()
        let written = await reading.value
        let dropped = metrics.state.withLockedValue { $0.auditDropped }
        #expect(dropped > 0)
        #expect(written + Int(dropped) == sent, "written \(written), dropped \(dropped)")
        #expect(lines.withLockedValue { $0 }.contains { $0.hasPrefix("audit events dropped") })
        #expect(metrics.render().contains("sockguard_audit_events_dropped_total \(dropped)\n"))
    }

    /// Lines read from `fd` until end of file, on a thread of its own.
    static func countLines(_ fd: Int32) async -> Int {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 65536)
                var lines = 0
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count <= 0 { break }
                    lines += buffer[0..<count].filter { $0 == UInt8(ascii: "\n") }.count
                }
                continuation.resume(returning: lines)
            }
            thread.start()
        }
    }

    @Test("timestamps are Go's RFC3339Nano in UTC, trailing zeros dropped")
    func timestamps() {
        #expect(AuditEvent.rfc3339Nano(timespec(tv_sec: 0, tv_nsec: 0)) == "1970-01-01T00:00:00Z")
        #expect(
            AuditEvent.rfc3339Nano(timespec(tv_sec: 1_796_000_000, tv_nsec: 120_000_000)) == "2026-11-30T00:53:20.12Z"
        )
        #expect(AuditEvent.sourceIP(of: "[::1]:5000") == "::1")
        #expect(AuditEvent.sourceIP(of: "10.0.0.7:40000") == "10.0.0.7")
        #expect(AuditEvent.sourceIP(of: "unix") == "")
    }
}
