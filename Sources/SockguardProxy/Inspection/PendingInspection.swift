import NIOCore
import NIOHTTP1
import SockguardPolicy

/// A request the decider holds back: its whole body is read, then inspected, and the daemon may be asked about
/// the objects it touches, before anything of it is forwarded.
struct PendingInspection {
    var head: HTTPRequestHead
    /// The decision so far; it answers the body and the daemon's answers.
    var decider: RequestDecider
    var record: RequestRecord
    /// Bodies larger than this are refused with 413; nothing is forwarded.
    var limit: Int
    var body: ByteBuffer
    /// A slow sender does not hold the proxy: past this the request is refused with 408.
    var deadline: Scheduled<Void>?
    /// The body is complete and the daemon is being asked about the exec instance to start or an object's owner;
    /// the request is still undecided, so pipelined requests wait behind it.
    var lookingUp = false
}
