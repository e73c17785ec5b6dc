import NIOCore
import NIOHTTP1
import SockguardPolicy

/// A request the rules allowed whose body must be read whole and inspected before anything of it is forwarded.
struct PendingInspection {
    var head: HTTPRequestHead
    var target: CanonicalRequestTarget
    var record: RequestRecord
    var inspection: InspectorRegistry.Inspection
    /// Bodies larger than this are refused with 413; nothing is forwarded.
    var limit: Int
    var body: ByteBuffer
    /// A slow sender does not hold the proxy: past this the request is refused with 408.
    var deadline: Scheduled<Void>?
    /// The body is complete and the daemon is being asked about the exec instance to start; the request
    /// is still undecided, so pipelined requests wait behind it.
    var lookingUp = false
}
