/// Who is asking, as far as the decider needs to know: what the proxy learnt about the connection before its
/// first request (address allowlist, profile, listener, container labels).
public struct DeciderClient: Sendable {
    /// How the client is named in messages (`172.17.0.3:51234`, `unix`).
    public var label: String
    /// False for a TCP client outside `clients.allowed_cidrs`: every request it sends is refused.
    public var addressAllowed: Bool
    /// The rules and inspectors its requests are judged by (its profile's, or the top-level ones).
    public var policy: ClientPolicy
    /// `listeners[].allowed_profiles` of the listener it came through; nil admits every client.
    public var listenerProfiles: Set<String>?
    /// `clients.container_labels`: which container it is, once the daemon said.
    public var container: ClientContainer
    /// Whether its listener serves the admin endpoints.
    public var admin: AdminPlacement

    public init(
        label: String = "unix",
        addressAllowed: Bool = true,
        policy: ClientPolicy,
        listenerProfiles: Set<String>? = nil,
        container: ClientContainer = .notApplicable,
        admin: AdminPlacement = .absent
    ) {
        self.admin = admin
        self.label = label
        self.addressAllowed = addressAllowed
        self.policy = policy
        self.listenerProfiles = listenerProfiles
        self.container = container
    }
}

/// `clients.container_labels`: what the daemon said about the client's address.
public enum ClientContainer: Sendable {
    /// Container labels are off, or the client is on the unix socket.
    case notApplicable
    case container(ContainerLabelACL)
    /// A host client: the rules alone decide.
    case host
    /// An address inside a Docker network that no running container has, even after retries.
    case unlisted
    /// The daemon could not say: every request is refused.
    case unknown(String)
}
