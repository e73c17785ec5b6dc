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

    /// One line of JSON, with its newline. Paths never carry a query string, and secret and config names are
    /// redacted, as in the access log.
    func jsonLine() -> String {
        let verdict = record.verdict
        let correlation = record.correlation
        var json = JSONLine()
        json.add("event_type", "http_request")
        json.add("timestamp", Self.rfc3339Nano(time))
        json.add("request_id", correlation.requestID)
        json.add("client_request_id", correlation.clientRequestID ?? "")
        json.add("trace_id", correlation.trace.traceID.description)
        json.add("trace_parent_id", correlation.parentSpanID ?? "")
        json.add("trace_span_id", correlation.trace.spanID.description)
        json.addRaw("trace_sampled", correlation.sampled ? "true" : "false")
        json.add("method", record.method)
        json.add("raw_path", PathRedaction.forLog(rawTarget: record.rawPath, canonicalPath: verdict.canonicalPath))
        json.add("normalized_path", verdict.canonicalPath.map(PathRedaction.redact) ?? "")
        json.add("decision", verdict.outcome.rawValue)
        json.add("reason_code", verdict.reasonCode?.goCode ?? "")
        json.add("reason", verdict.reason)
        json.addRaw("matched_rule", String(verdict.ruleIndex ?? -1))
        json.add("selected_profile", verdict.profile ?? "")
        if let mode = verdict.rolloutMode { json.add("rollout_mode", mode.rawValue) }
        json.addRaw("status", String(status))
        json.add("actor_remote_addr", record.client)
        json.add("actor_source_ip", Self.sourceIP(of: record.client))
        json.add("transport_listener", listener.network)
        json.add("transport_scheme", listener.scheme)
        json.add("transport_protocol", record.protocolName)
        json.add("listener_name", listener.name)
        json.addRaw(
            "ownership",
            "{\"enabled\":\(ownership != nil),\"owner\":\(JSONString.quote(ownership?.owner ?? "")),"
                + "\"label_key\":\(JSONString.quote(ownership?.labelKey ?? ""))}"
        )
        return json.finished()
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
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text =
            "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
        text += "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
        var fraction = pad(Int(time.tv_nsec), 9)
        while fraction.last == "0" { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return text + "Z"
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

/// A JSON object written member by member, in order.
private struct JSONLine {
    private var text = "{"

    mutating func add(_ key: String, _ value: String) {
        addRaw(key, JSONString.quote(value))
    }

    mutating func addRaw(_ key: String, _ value: String) {
        if text.utf8.count > 1 { text += "," }
        text += "\"\(key)\":" + value
    }

    func finished() -> String { text + "}\n" }
}
