import NIOCore
import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One JSON line per request, written with a single `write(2)` so lines from several event loops never
/// interleave. Never contains request bodies, headers or query strings (they may carry secrets).
public final class AccessLog: Sendable {
    private let fileDescriptor: Int32

    /// `fileDescriptor` stays owned by the caller (2 for stderr).
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    func record(_ record: RequestRecord, status: Int, bytes: Int) {
        let latency = Double((NIODeadline.now() - record.start).nanoseconds) / 1_000_000
        var line = "{"
        func add(_ field: LogField, _ value: String, quoted: Bool = true) {
            if line.utf8.count > 1 { line += "," }
            line += "\"" + field.rawValue + "\":" + (quoted ? JSONString.quote(value) : value)
        }
        add(.time, Self.timestamp())
        add(.level, "info")
        add(.message, "request")
        add(.requestID, record.requestID)
        add(.client, record.client)
        add(.method, record.method)
        add(.path, record.rawPath)
        if let canonical = record.canonicalPath { add(.normalizedPath, canonical) }
        add(.decision, record.decision)
        if let index = record.ruleIndex { add(.ruleIndex, String(index), quoted: false) }
        add(.reasonCode, record.reasonCode)
        if let profile = record.profile { add(.profile, profile) }
        if !record.reason.isEmpty { add(.reason, record.reason) }
        add(.status, String(status), quoted: false)
        add(.bytes, String(bytes), quoted: false)
        add(.latencyMilliseconds, String((latency * 1000).rounded() / 1000), quoted: false)
        line += "}\n"
        var utf8 = Array(line.utf8)
        utf8.withUnsafeMutableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(self.fileDescriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// RFC 3339 UTC with milliseconds.
    public static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
