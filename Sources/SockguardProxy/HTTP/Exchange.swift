import NIOCore
import NIOHTTP1
import SockguardPolicy

/// One forwarded request and what is known about its response so far. A class: the connection's state holds it
/// while each part of the response changes it in place, with no copy of the request's record per part.
final class Exchange {
    var record: RequestRecord
    var isHead: Bool
    var hijack: ForwardPlan.Hijack?
    var clientKeepAlive: Bool
    var requestEnded = false
    var responseStatus: Int?
    var responseEnded = false
    var switchingToRawRelay = false
    var closeClientAfterResponse = false
    var upstreamWillClose = false
    var responseBytes = 0
    var timeout: Scheduled<Void>?
    /// The answer's shape when `response.*` rewrites it: a 200 is then held (`heldHead`, `heldBody`) until its
    /// end, rewritten, and only then sent.
    var redaction: ResponseShape?
    var heldHead: HTTPResponseHead?
    var heldBody: ByteBuffer?

    init(record: RequestRecord, isHead: Bool, clientKeepAlive: Bool) {
        self.record = record
        self.isHead = isHead
        self.clientKeepAlive = clientKeepAlive
    }
}

/// What the access log says about one request: who asked what, its ids, and the decider's verdict.
struct RequestRecord {
    var correlation: RequestCorrelation
    var client: String
    var method: String
    var rawPath: String
    var version = HTTPVersion.http1_1
    var verdict = Verdict()
    var start: NIODeadline
    /// The limit slots the request holds until it ends (`Limiter`); nil when no limit applies.
    var ticket: Limiter.Ticket?

    /// `HTTP/1.1`, as Go's `Request.Proto`.
    var protocolName: String { "HTTP/\(version.major).\(version.minor)" }
}
