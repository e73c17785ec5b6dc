import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The credentials of the process at the other end of a unix-socket connection (`SO_PEERCRED`), as the kernel
/// recorded them when it connected: they cannot be forged by the client.
struct PeerCredentials: Sendable {
    // The layout of Linux's `struct ucred`.
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0

    /// Reads them on the channel's event loop; nil for other sockets or where the kernel has none.
    static func read(from channel: Channel) -> PeerCredentials? {
        #if os(Linux)
        guard let provider = channel as? SocketOptionProvider, channel.eventLoop.inEventLoop else { return nil }
        var credentials: PeerCredentials?
        // In the channel's event loop the option is read at once, so the future is already complete.
        let future: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET),
            name: SocketOptionName(SO_PEERCRED)
        )
        future.whenSuccess { credentials = $0 }
        return credentials
        #else
        return nil
        #endif
    }
}
