/// One entry of `listeners:`: a listen block of its own (`address` or `socket`, `socket_mode`,
/// `insecure_allow_plain_tcp`, `tls`), and which client profiles may use it. `listeners` replaces `listen`.
public struct ListenerConfig: Sendable, Equatable {
    public var name: String?
    public var listen: ListenConfig
    /// Profiles (`clients.profiles`) whose clients may use this listener; empty means every client.
    public var allowedProfiles: [String]

    public init(name: String? = nil, listen: ListenConfig, allowedProfiles: [String] = []) {
        self.name = name
        self.listen = listen
        self.allowedProfiles = allowedProfiles
    }
}
