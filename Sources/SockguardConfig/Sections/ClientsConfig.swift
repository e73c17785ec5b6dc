import SockguardPolicy

/// `clients:`: which clients may talk to the proxy at all, before `/health` and the rules.
public struct ClientsConfig: Sendable, Equatable {
    /// `allowed_cidrs`: TCP clients whose source address is in none of these are refused (403) on every request.
    /// Empty allows every address. Unix-socket clients have no address and are not affected.
    public var allowedCIDRs: [AddressRange] = []

    public init() {}
}
