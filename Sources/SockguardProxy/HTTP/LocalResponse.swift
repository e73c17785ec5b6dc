import NIOCore
import NIOHTTP1
import SockguardPolicy

/// A response the proxy answers itself (deny, bad request, upstream failure, health).
/// Bodies are small JSON objects with a `message` key, the shape the docker CLI prints.
struct LocalResponse {
    var status: HTTPResponseStatus
    var body: String
    var close: Bool
    /// JSON for everything but the metrics exposition, which is Prometheus text (sent without `nosniff`, as Go).
    var contentType = "application/json"
    /// The request's ids, sent as `X-Request-Id` and `Traceparent`; nil for an answer to no request.
    var correlation: RequestCorrelation?
    /// A throttle's `Retry-After`, in seconds.
    var retryAfter: Int?
    /// A 405's `Allow`.
    var allow: String?

    static func json(_ status: HTTPResponseStatus, _ fields: [(String, String)], close: Bool = false) -> LocalResponse {
        // Written as bytes into one buffer: joining quoted strings cost a denial thousands of instructions.
        var body: [UInt8] = [UInt8(ascii: "{")]
        body.reserveCapacity(160)
        for (index, field) in fields.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            JSONString.appendQuoted(field.0, to: &body)
            body.append(UInt8(ascii: ":"))
            JSONString.appendQuoted(field.1, to: &body)
        }
        body.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
        return LocalResponse(status: status, body: String(decoding: body, as: UTF8.self), close: close)
    }

    static func message(_ status: HTTPResponseStatus, _ message: String, close: Bool = false) -> LocalResponse {
        .json(status, [("message", message)], close: close)
    }

    func head(version: HTTPVersion) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(7)
        headers.add(name: "Content-Type", value: contentType)
        if contentType == "application/json" {
            // As sockguard (Go) sends on its own answers: no browser may sniff them into something else.
            headers.add(name: "X-Content-Type-Options", value: "nosniff")
        }
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        if close { headers.add(name: "Connection", value: "close") }
        if let retryAfter { headers.add(name: "Retry-After", value: String(retryAfter)) }
        if let allow { headers.add(name: "Allow", value: allow) }
        if let correlation {
            // A local answer has no ids of its own yet: added, not looked up and replaced.
            headers.add(name: "X-Request-Id", value: correlation.requestID)
            headers.add(name: "Traceparent", value: correlation.traceparent)
        }
        return HTTPResponseHead(version: version, status: status, headers: headers)
    }
}
