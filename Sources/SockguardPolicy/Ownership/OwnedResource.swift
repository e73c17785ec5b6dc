/// The kinds of Docker objects that carry an owner label, and how sockguard reads one back from the daemon.
public enum OwnedResourceKind: String, Sendable, Equatable {
    case container, network, volume, service, secret, config, image
    /// An exec instance belongs to its container's owner.
    case exec

    /// `GET` path of the object's inspect answer, for `reference` (an id, a name, or an image reference).
    func lookupPath(_ reference: String) -> String {
        let encoded = PercentEncoding.encodePath(reference)
        return switch self {
        case .container: "/containers/\(encoded)/json"
        case .network: "/networks/\(encoded)"
        case .volume: "/volumes/\(encoded)"
        case .service: "/services/\(encoded)"
        case .secret: "/secrets/\(encoded)"
        case .config: "/configs/\(encoded)"
        case .image: "/images/\(encoded)/json"
        case .exec: "/exec/\(encoded)/json"
        }
    }

    /// Where the inspect answer keeps the object's labels.
    var labelsPath: [String] {
        switch self {
        case .container, .image: ["Config", "Labels"]
        case .network, .volume: ["Labels"]
        case .service, .secret, .config: ["Spec", "Labels"]
        case .exec: []
        }
    }
}

/// One object whose owner must be checked, by asking the daemon, before a request that touches it is forwarded.
public struct OwnerCheck: Sendable, Equatable {
    public var kind: OwnedResourceKind
    public var reference: String
    /// A read (`GET`, `HEAD`) or a use in a create (an image, a network): unowned images may be read and used.
    public var isRead: Bool
    /// The object may not exist yet (a named volume dockerd creates on first use): a 404 is not a refusal.
    public var missingIsAllowed: Bool

    public init(kind: OwnedResourceKind, reference: String, isRead: Bool, missingIsAllowed: Bool = false) {
        self.kind = kind
        self.reference = reference
        self.isRead = isRead
        self.missingIsAllowed = missingIsAllowed
    }

    /// What the proxy asks the daemon (`GET`).
    public var lookupPath: String { kind.lookupPath(reference) }
}

/// Either what to go on with, or the refusal to answer.
public enum OwnershipOutcome<Value: Sendable>: Sendable {
    case proceed(Value)
    case deny(Denial)
}

extension OwnershipOutcome: Equatable where Value: Equatable {}
