import NIOCore
import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One audit event (`log.audit`): the Go sockguard's `http_request` schema, field for field and in its order, so a
/// SIEM rule written for it reads ours. Built on the event loop from what the request already holds; turned into
/// JSON on the audit writer's thread.
struct AuditEvent {
    var record: RequestRecord
    var status: Int
    /// When the request ended (UTC).
    var time: timespec
    var listener: AuditListener
    var ownership: OwnershipPolicy?

    /// Appends one line of JSON, with its newline. Paths never carry a query string, and secret and config names
    /// are redacted, as in the access log.
    func appendJSONLine(to bytes: inout [UInt8]) {
        let verdict = record.verdict
        let correlation = record.correlation
        var json = JSONLine(bytes: bytes)
        defer { bytes = json.finish() }
        json.add("event_type", "http_request")
        json.addTime("timestamp", time)
        json.add("request_id", correlation.requestID)
        json.add("client_request_id", correlation.clientRequestID ?? "")
        json.add("trace_id", correlation.traceID)
        json.add("trace_parent_id", correlation.parentSpanID ?? "")
        json.add("trace_span_id", correlation.spanID)
        json.addRaw("trace_sampled", correlation.sampled ? "true" : "false")
        json.add("method", record.method)
        json.add("raw_path", PathRedaction.forLog(rawTarget: record.rawPath, canonicalPath: verdict.canonicalPath))
        json.add("normalized_path", verdict.canonicalPath.map(PathRedaction.redact) ?? "")
        json.add("decision", verdict.outcome.rawValue)
        json.add("reason_code", verdict.reasonCode?.goCode ?? "")
        json.add("reason", verdict.reason)
        json.addRaw("matched_rule", String(verdict.loggedRule))
        json.add("selected_profile", verdict.profile ?? "")
        if let mode = verdict.rolloutMode { json.add("rollout_mode", mode.rawValue) }
        json.addRaw("status", String(status))
        json.add("actor_remote_addr", record.client)
        json.add("actor_source_ip", Self.sourceIP(of: record.client))
        json.add("transport_listener", listener.network)
        json.add("transport_scheme", listener.scheme)
        json.add("transport_protocol", record.protocolName)
        json.add("listener_name", listener.name)
        json.addRaw("ownership", "{\"enabled\":\(ownership != nil),\"owner\":")
        json.appendQuoted(ownership?.owner ?? "")
        json.appendRaw(",\"label_key\":")
        json.appendQuoted(ownership?.labelKey ?? "")
        json.appendRaw("}")
    }

    /// The line as a string (tests).
    func jsonLine() -> String {
        var bytes: [UInt8] = []
        appendJSONLine(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The address part of `host:port` (`[v6]:port` too); empty for a unix client.
    static func sourceIP(of client: String) -> String {
        guard let colon = client.lastIndex(of: ":") else { return "" }
        let host = client[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return String(host)
    }

    /// Go's `time.RFC3339Nano` in UTC: nanoseconds without trailing zeros (`2026-12-07T02:50:01.1234Z`).
    static func rfc3339Nano(_ time: timespec) -> String {
        LogTime.string(time, .nanosecondsTrimmed)
    }
}

/// What an audit event says about the listener a request came through.
struct AuditListener: Sendable {
    /// `listeners[].name`, `default` for `listen`.
    var name: String
    /// `unix` or `tcp`.
    var network: String
    /// `https` on a TLS listener, else `http`.
    var scheme: String
}

/// A JSON object appended member by member, in order, to a buffer of lines.
private struct JSONLine {
    private var bytes: [UInt8]
    private var first = true

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.bytes.append(UInt8(ascii: "{"))
    }

    mutating func add(_ key: String, _ value: String) {
        startMember(key)
        JSONString.appendQuoted(value, to: &bytes)
    }

    mutating func addRaw(_ key: String, _ value: String) {
        startMember(key)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func addTime(_ key: String, _ time: timespec) {
        startMember(key)
        bytes.append(UInt8(ascii: "\""))
        LogTime.append(time, .nanosecondsTrimmed, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func appendQuoted(_ value: String) { JSONString.appendQuoted(value, to: &bytes) }
    mutating func appendRaw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func startMember(_ key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
