import NIOHTTP1
import SockguardPolicy
import W3CTraceContext

/// The ids that tie one request's response, upstream request and log lines together, made as the Go sockguard
/// makes them.
///
/// - `requestID`: 32 lowercase hex characters made by the proxy. It is on every response (but a relayed 101) and
///   replaces the client's `X-Request-Id` upstream, so the daemon's side and ours name the request alike.
/// - `clientRequestID`: the client's own `X-Request-Id`, kept only for the logs; control characters are dropped
///   and it is cut at 128 bytes, so a client cannot forge log lines or blow them up.
/// - W3C trace context: a valid `traceparent` keeps its trace id and flags, and the proxy's own span id replaces
///   the parent's; a missing or invalid one starts a new trace (unsampled), and its `tracestate` is dropped. The
///   resulting `traceparent` goes upstream and back to the client.
struct RequestCorrelation {
    let requestID: String
    let clientRequestID: String?
    let trace: TraceContext
    /// The client's span, when it sent a valid `traceparent`.
    let parentSpanID: String?
    /// `trace`'s ids and header, as hex, made once: the header, the access log and the audit log all write them.
    let traceID: String
    let spanID: String
    let traceparent: String

    static let clientRequestIDLimit = 128

    init(headers: HTTPHeaders, ids: inout IdentifierGenerator) {
        self.requestID = Self.hex(TraceID.random(using: &ids).bytes)
        self.clientRequestID = headers.first(name: "x-request-id").flatMap(Self.sanitizedClientRequestID)
        let spanID = SpanID.random(using: &ids)
        if let value = headers.first(name: "traceparent"),
            let parent = try? TraceContext(traceParentHeaderValue: value)
        {
            self.trace = TraceContext(traceID: parent.traceID, spanID: spanID, flags: parent.flags, state: TraceState())
            self.parentSpanID = Self.hex(parent.spanID.bytes)
        } else {
            self.trace = TraceContext(
                traceID: TraceID.random(using: &ids),
                spanID: spanID,
                flags: TraceFlags(),
                state: TraceState()
            )
            self.parentSpanID = nil
        }
        self.traceID = Self.hex(trace.traceID.bytes)
        self.spanID = Self.hex(trace.spanID.bytes)
        self.traceparent = Self.traceparent(trace)
    }

    /// `00-<trace id>-<span id>-<flags>`, written in one buffer.
    static func traceparent(_ trace: TraceContext) -> String {
        String(unsafeUninitializedCapacity: 55) { text in
            var at = 0
            func put(_ byte: UInt8) {
                text[at] = byte
                at += 1
            }
            func putHex<Bytes>(_ bytes: Bytes) {
                withUnsafeBytes(of: bytes) { raw in
                    for byte in raw {
                        put([UInt8].hexDigit(byte >> 4))
                        put([UInt8].hexDigit(byte & 0x0F))
                    }
                }
            }
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "-"))
            putHex(trace.traceID.bytes)
            put(UInt8(ascii: "-"))
            putHex(trace.spanID.bytes)
            put(UInt8(ascii: "-"))
            putHex(trace.flags.rawValue)
            return at
        }
    }

    /// Lower-case hex of a value's bytes in memory order (a tuple of `UInt8`s: an id's bytes as the W3C header
    /// writes them). The library's `description` builds an array and a string per id.
    static func hex<Bytes>(_ bytes: Bytes) -> String {
        withUnsafeBytes(of: bytes) { $0.lowercaseHex }
    }

    var sampled: Bool { trace.flags.contains(.sampled) }

    /// The client's `X-Request-Id` as the logs keep it; nil when nothing printable is left.
    static func sanitizedClientRequestID(_ value: String) -> String? {
        var bytes = Array(value.utf8.prefix(clientRequestIDLimit))
        bytes.removeAll { $0 < 0x20 || $0 == 0x7F }
        let kept = String(decoding: bytes, as: UTF8.self)
        return kept.isEmpty ? nil : kept
    }

    /// The request's headers as they go upstream: the proxy's request id and span replace the client's.
    func stamp(upstream headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
        headers.replaceOrAdd(name: "Traceparent", value: traceparent)
        if parentSpanID == nil { headers.remove(name: "Tracestate") }
    }

    /// A response's headers as they go to the client.
    func stamp(response headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
        headers.replaceOrAdd(name: "Traceparent", value: traceparent)
    }
}

/// Where request, trace and span ids come from: xoshiro256** seeded from the system's random source once per
/// connection, so a request costs no system call. The ids correlate log lines; they are not secrets.
struct IdentifierGenerator: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init() {
        var system = SystemRandomNumberGenerator()
        repeat {
            state = (system.next(), system.next(), system.next(), system.next())
        } while state == (0, 0, 0, 0)
    }

    mutating func next() -> UInt64 {
        let result = (state.1 &* 5).rotatedLeft(by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = state.3.rotatedLeft(by: 45)
        return result
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by amount: UInt64) -> UInt64 {
        (self << amount) | (self >> (64 - amount))
    }
}
