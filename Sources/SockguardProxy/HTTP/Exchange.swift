import NIOCore
import NIOHTTP1
import SockguardPolicy

/// One forwarded request and what is known about its response so far.
struct Exchange {
    enum Hijack {
        /// The client sent `Connection: Upgrade` / `Upgrade: tcp` and gets dockerd's 101.
        case upgrade
        /// An old client without the Upgrade headers: upstream is asked to upgrade, the client gets `200 OK`.
        case legacy
    }

    var record: RequestRecord
    var isHead: Bool
    var hijack: Hijack?
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
}

/// What the access log says about one request.
struct RequestRecord {
    var requestID: String
    var client: String
    var method: String
    var rawPath: String
    var canonicalPath: String?
    var decision: String
    var ruleIndex: Int?
    /// nil for requests no policy decided (`/health`).
    var reasonCode: ReasonCode?
    var reason: String
    var start: NIODeadline
    /// The client's profile (`clients.profiles`), when profiles are configured.
    var profile: String? = nil
    /// Set when a warn or audit policy let a would-be denial through.
    var rolloutMode: RolloutMode? = nil
}
