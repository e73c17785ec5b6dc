/// `listen:`: where sockguard accepts Docker API clients.
///
/// A unix socket (`socket`) wins over TCP (`address`) when both are set; see `Configuration.listenEndpoint`.
public struct ListenConfig: Sendable, Equatable {
    /// `host:port` for the TCP listener; IPv6 hosts are bracketed (`[::1]:2375`). Port 0 picks a free port.
    public var address: String = "127.0.0.1:2375"
    /// Path of a unix socket to listen on instead of TCP.
    public var socket: String? = nil
    /// Permission bits for `socket`. Never grants anything to "other" users.
    public var socketMode: UInt32 = 0o600
    /// `socket_uid`, `socket_gid`: the socket's owner after bind (chown); nil keeps the proxy's own. YAML only, as
    /// in sockguard (Go).
    public var socketUID: UInt32? = nil
    public var socketGID: UInt32? = nil
    /// Acknowledges a plaintext TCP listener on a non-loopback address. Without it (or `tls`) such an address is
    /// refused.
    public var insecureAllowPlainTCP: Bool = false
    /// `insecure_allow_unauthenticated_clients`: sockguard (Go)'s second plaintext acknowledgement. Accepted so Go
    /// configs load; here `insecure_allow_plain_tcp` alone acknowledges plaintext, so it changes nothing.
    public var insecureAllowUnauthenticatedClients: Bool = false
    /// Mutual TLS for the TCP listener; nil means plaintext. Never set together with `socket`.
    public var tls: ListenTLSConfig? = nil

    public init() {}
}
