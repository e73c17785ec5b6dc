import NIOCore
import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One line per request, JSON or `key=value` text (`log.format`), written with a single `write(2)` so lines from
/// several event loops never interleave. Message, level and field names are the Go sockguard's (`request` at INFO,
/// `request_denied` at WARN, `request_would_deny` at WARN in warn mode and INFO in audit mode; `rule` is the
/// 0-based index of the deciding rule), so its log queries keep working.
/// Never contains request bodies, headers or query strings, and secret names are redacted (`PathRedaction.forLog`).
public final class AccessLog: Sendable {
    public enum Format: Sendable {
        case json
        /// Go's slog text form: `time=... level=INFO msg=request method=GET ...`.
        case text
    }

    private let fileDescriptor: Int32
    private let format: Format
    /// Lines are written by a thread of its own in batches (`serve`); nil writes each line at once.
    private let batcher: LogBatcher?

    /// `fileDescriptor` stays owned by the caller (2 for stderr). With `batched`, lines are written in batches of
    /// their own thread (at least every 50 ms) and `shutdown()` writes the last ones.
    public init(fileDescriptor: Int32, format: Format = .json, batched: Bool = false) {
        self.fileDescriptor = fileDescriptor
        self.format = format
        self.batcher = batched ? LogBatcher(fileDescriptor: fileDescriptor) : nil
    }

    /// Writes the lines still waiting (batched only).
    public func shutdown() async {
        await batcher?.shutdown()
    }

    func record(_ record: RequestRecord, status: Int, bytes: Int, listener: String) {
        let verdict = record.verdict
        let latency = (NIODeadline.now() - record.start).nanoseconds
        let (level, message) =
            switch verdict.outcome {
            case .deny: ("WARN", "request_denied")
            case .wouldDeny: (verdict.rolloutMode == .audit ? "INFO" : "WARN", "request_would_deny")
            case .allow, .unjudged: ("INFO", "request")
            }
        var line = LogLine(format: self.format)
        line.addTime(.time, LogTime.now())
        line.add(.level, level)
        line.add(.message, message)
        line.add(.method, record.method)
        line.add(.path, PathRedaction.forLog(rawTarget: record.rawPath, canonicalPath: verdict.canonicalPath))
        let correlation = record.correlation
        line.add(.requestID, correlation.requestID)
        if let clientRequestID = correlation.clientRequestID { line.add(.clientRequestID, clientRequestID) }
        line.add(.listenerName, listener)
        if let canonical = verdict.canonicalPath { line.add(.normalizedPath, PathRedaction.redact(canonical)) }
        if let route = verdict.route { line.add(.route, route) }
        line.add(.decision, verdict.outcome.rawValue)
        line.add(.rule, signed: verdict.loggedRule)
        if let profile = verdict.profile { line.add(.profile, profile) }
        if let mode = verdict.rolloutMode { line.add(.rolloutMode, mode.rawValue) }
        if let code = verdict.reasonCode {
            let goCode = code.goCode
            line.add(.reasonCode, goCode)
            if goCode != code.rawValue { line.add(.reasonDetail, code.rawValue) }
        }
        if !verdict.reason.isEmpty { line.add(.reason, verdict.reason) }
        line.add(.traceID, correlation.traceID)
        if let parent = correlation.parentSpanID { line.add(.traceParentID, parent) }
        line.add(.traceSpanID, correlation.spanID)
        line.add(.traceSampled, correlation.sampled ? "true" : "false", quoted: false)
        line.add(.status, integer: status)
        line.add(.latencyMilliseconds, milliseconds: latency)
        line.add(.bytes, integer: bytes)
        line.add(.client, record.client)
        let utf8 = line.finish()
        if let batcher {
            batcher.append(utf8)
        } else {
            PeriodicWriter.writeAll(utf8, to: fileDescriptor)
        }
    }

    /// A text-format value, quoted as slog quotes it: when it is empty or holds a space, a quote, an `=` or a control
    /// character.
    public static func textValue(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendTextValue(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendTextValue(_ value: String, to bytes: inout [UInt8]) {
        let needsQuotes =
            value.isEmpty
            || value.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") || $0 == 0x7F }
        if needsQuotes {
            JSONString.appendQuoted(value, to: &bytes)
        } else {
            bytes.append(contentsOf: value.utf8)
        }
    }

    /// RFC 3339 UTC with milliseconds.
    public static func timestamp() -> String {
        LogTime.string(LogTime.now(), .milliseconds)
    }
}
