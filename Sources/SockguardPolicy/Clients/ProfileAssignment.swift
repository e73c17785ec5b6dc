/// One entry of `clients.source_ip_profiles`, `client_certificate_profiles` or `unix_peer_profiles`: which
/// clients get `profile`.
public struct ProfileAssignment: Sendable, Equatable {
    public var profile: String
    /// `source_ip_profiles`: TCP clients whose address is in one of these.
    public var cidrs: [AddressRange] = []
    /// `client_certificate_profiles`: mTLS clients whose certificate these selectors accept.
    public var certificate = CertificateSelectors()
    /// `unix_peer_profiles`: unix-socket clients whose process runs as one of these users or groups (SO_PEERCRED).
    public var uids: [UInt32] = []
    public var gids: [UInt32] = []

    public init(profile: String) {
        self.profile = profile
    }
}

/// Who a client is, as far as profile selection can tell.
public struct ClientIdentity: Sendable {
    /// A TCP client's address (4 or 16 bytes).
    public var address: [UInt8]?
    /// A unix-socket client's process credentials (SO_PEERCRED).
    public var unixPeer: (uid: UInt32, gid: UInt32)?
    /// Whether the client's verified certificate satisfies these selectors; false without a certificate.
    public var certificateMatches: @Sendable (CertificateSelectors) -> Bool

    public init(
        address: [UInt8]? = nil,
        unixPeer: (uid: UInt32, gid: UInt32)? = nil,
        certificateMatches: @escaping @Sendable (CertificateSelectors) -> Bool = { _ in false }
    ) {
        self.address = address
        self.unixPeer = unixPeer
        self.certificateMatches = certificateMatches
    }
}

/// `clients.client_certificate_profiles`, `unix_peer_profiles`, `source_ip_profiles` and `default_profile`.
public struct ProfileAssignments: Sendable, Equatable {
    public var certificate: [ProfileAssignment]
    public var unixPeer: [ProfileAssignment]
    public var sourceIP: [ProfileAssignment]
    public var defaultProfile: String?

    public init(
        certificate: [ProfileAssignment] = [],
        unixPeer: [ProfileAssignment] = [],
        sourceIP: [ProfileAssignment] = [],
        defaultProfile: String? = nil
    ) {
        self.certificate = certificate
        self.unixPeer = unixPeer
        self.sourceIP = sourceIP
        self.defaultProfile = defaultProfile
    }

    /// The client's profile: the first certificate assignment that matches, else the first unix-peer one (uid or
    /// gid listed), else the first source-address one, else the default; nil when none applies.
    public func profile(for client: ClientIdentity) -> String? {
        if let match = certificate.first(where: { client.certificateMatches($0.certificate) }) {
            return match.profile
        }
        if let peer = client.unixPeer,
            let match = unixPeer.first(where: { $0.uids.contains(peer.uid) || $0.gids.contains(peer.gid) })
        {
            return match.profile
        }
        if let address = client.address,
            let match = sourceIP.first(where: { $0.cidrs.contains { range in range.contains(address) } })
        {
            return match.profile
        }
        return defaultProfile
    }
}
