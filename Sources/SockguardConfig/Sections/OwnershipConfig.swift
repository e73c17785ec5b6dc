import SockguardPolicy

/// `ownership:`: owner-label isolation. Off until `owner` is set.
public struct OwnershipConfig: Sendable, Equatable {
    /// This proxy's clients' owner name; nil (the default) turns ownership off.
    public var owner: String?
    public var labelKey = OwnershipPolicy.defaultLabelKey
    public var allowUnownedImages = true

    public init() {}

    /// The policy the proxy enforces, or nil when ownership is off.
    public var policy: OwnershipPolicy? {
        owner.map { OwnershipPolicy(owner: $0, labelKey: labelKey, allowUnownedImages: allowUnownedImages) }
    }
}
