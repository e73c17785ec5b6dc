import NIOHTTP1
import SockguardPolicy

/// Framing headers are forwarded as received, and NIO's encoders (with automatic framing off) frame a body as
/// chunked only when `Transfer-Encoding` is exactly `chunked`. The decoder, like llhttp, accepts any case and
/// codings before `chunked`. If such a header were forwarded unchanged, the proxy would decode the chunks and
/// send the raw bytes under a header that tells the daemon to expect chunks: the body of an allowed request
/// could then carry a second, denied request (request smuggling). So `Transfer-Encoding` is brought to the one
/// form both sides read the same way, or the message is refused.
enum MessageFraming {
    /// Rewrites `Transfer-Encoding` to exactly `chunked` when its only coding is chunked (any case, any
    /// whitespace). Returns false when it names any other coding (`gzip`, `identity, chunked`, `xchunked`).
    /// Messages without the header are left alone.
    static func normalizeTransferEncoding(_ headers: inout HTTPHeaders) -> Bool {
        guard isSupported(headers) else { return false }
        if headers.contains(name: "transfer-encoding"), headers["transfer-encoding"] != ["chunked"] {
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        }
        return true
    }

    /// Whether `Transfer-Encoding` is absent or names chunked alone (any case, any whitespace).
    static func isSupported(_ headers: HTTPHeaders) -> Bool {
        // Most messages have none: no array is built for them.
        guard headers.contains(name: "transfer-encoding") else { return true }
        return RequestHead.framingIsValid(transferCodings: headers[canonicalForm: "transfer-encoding"])
    }
}
