import SockguardPolicy

/// `clients:`: which clients may talk to the proxy at all, before `/health` and the rules.
public struct ClientsConfig: Sendable, Equatable {
    /// `allowed_cidrs`: TCP clients whose source address is in none of these are refused (403) on every request.
    /// Empty allows every address. Unix-socket clients have no address and are not affected.
    public var allowedCIDRs: [AddressRange] = []
    /// `profiles`: named policies. When there are any, every request is judged by its client's profile, and a
    /// client with none (and no `default_profile`) is refused.
    public var profiles: [ClientProfileConfig] = []
    /// `default_profile`: the profile of clients no assignment names.
    public var defaultProfile: String?
    /// Assignments, checked in this order: client certificate, unix peer, source address; first match wins.
    public var certificateProfiles: [ProfileAssignment] = []
    public var unixPeerProfiles: [ProfileAssignment] = []
    public var sourceIPProfiles: [ProfileAssignment] = []
    /// `container_labels.enabled`: TCP clients that are containers of this daemon and carry
    /// `<label_prefix><method>` labels may do only what those labels allow, on top of the rules.
    public var containerLabelsEnabled = false
    /// `container_labels.require_labels`: refuse a client container with no such labels, or that the daemon does
    /// not list. Off by default: such a client is judged by the rules alone, as in sockguard (Go).
    public var containerLabelsRequired = false
    /// `container_labels.label_prefix`.
    public var containerLabelPrefix = ContainerLabelACL.defaultPrefix
    /// `global_concurrency.max_inflight`: requests in flight in all, of which a profile may fill its priority's
    /// share (low 50 %, normal 80 %, high 100 %); nil when off.
    public var globalMaxInflight: Int?

    public init() {}
}
