import NIOCore
import NIOHTTP1
import SockguardPolicy

/// A request the rules allowed whose body must be read whole and inspected before anything of it is forwarded.
struct PendingInspection {
    var head: HTTPRequestHead
    var target: CanonicalRequestTarget
    var record: RequestRecord
    /// nil when only ownership holds the request (a create to stamp, an object to check).
    var inspection: InspectorRegistry.Inspection?
    /// What owner-label isolation still has to do once the inspector allowed the request.
    var ownership: OwnershipPolicy.Plan?
    /// Owner checks not yet answered by the daemon, in order.
    var remainingOwnerChecks: [OwnerCheck] = []
    /// Bodies larger than this are refused with 413; nothing is forwarded.
    var limit: Int
    var body: ByteBuffer
    /// A slow sender does not hold the proxy: past this the request is refused with 408.
    var deadline: Scheduled<Void>?
    /// The body is complete and the daemon is being asked about the exec instance to start or an object's owner;
    /// the request is still undecided, so pipelined requests wait behind it.
    var lookingUp = false
}
