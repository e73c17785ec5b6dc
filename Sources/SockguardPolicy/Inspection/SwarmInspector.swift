/// `POST /swarm/init`, `/swarm/join`, `/swarm/update` and `/swarm/unlock`: refuses changes to who the swarm
/// trusts.
///
/// The threat: the swarm's CA and join tokens decide which machines become nodes, and a manager runs any
/// service on every node. Joining a swarm someone else controls hands them this daemon; an external or
/// replaced signing CA lets its holder mint node certificates; rotating tokens or the unlock key, or turning
/// on autolock, locks the operator out; `ForceNewCluster` re-forms the cluster around this node. By default
/// this inspector refuses:
/// - init: `ForceNewCluster` true (`swarm_force_new_cluster`); a non-empty `Spec.CAConfig.ExternalCAs`
///   (`swarm_external_ca`); `Spec.CAConfig.SigningCACert` or `SigningCAKey` non-blank, or `ForceRotate`
///   above 0 (`swarm_signing_ca_update`).
/// - join: every join while `allowedJoinRemoteAddrs` is empty, and any `RemoteAddrs` entry not in it, compared
///   trimmed and lower-cased (`swarm_join_remote_addr`).
/// - update (the body is the swarm spec itself): the same `CAConfig` checks; `EncryptionConfig.AutoLockManagers`
///   true (`swarm_auto_lock_managers`); the query flags `rotateWorkerToken`, `rotateManagerToken`
///   (`swarm_token_rotation`) and `rotateManagerUnlockKey` (`swarm_unlock_key_rotation`) when true as dockerd
///   reads them: anything but empty, `0`, `no`, `false` or `none`, any case. A query dockerd could not decode is
///   refused with 400 (`swarm_invalid_query`).
/// - unlock: always, unless `allowUnlock` (`swarm_unlock`).
///
/// A field with the wrong JSON type is refused (`request_body_invalid_field`); `null` is absent; fields not
/// named here are ignored. Keys match case-insensitively, as dockerd matches them (`JSONObject`).
public struct SwarmInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.swarm.*`.
    public struct Options: Sendable, Equatable {
        /// `allow_force_new_cluster`: permits `ForceNewCluster` on init.
        public var allowForceNewCluster = false
        /// `allow_external_ca`: permits `CAConfig.ExternalCAs` on init and update.
        public var allowExternalCA = false
        /// `allowed_join_remote_addrs`: the managers (`host:port`, as the client writes them) a join may name;
        /// empty refuses every join.
        public var allowedJoinRemoteAddrs: [String] = []
        /// `allow_token_rotation`: permits `rotateWorkerToken` and `rotateManagerToken` on update.
        public var allowTokenRotation = false
        /// `allow_manager_unlock_key_rotation`: permits `rotateManagerUnlockKey` on update.
        public var allowManagerUnlockKeyRotation = false
        /// `allow_auto_lock_managers`: permits `EncryptionConfig.AutoLockManagers` on update.
        public var allowAutoLockManagers = false
        /// `allow_signing_ca_update`: permits `CAConfig.SigningCACert`, `SigningCAKey` and `ForceRotate`.
        public var allowSigningCAUpdate = false
        /// `allow_unlock`: permits `POST /swarm/unlock`.
        public var allowUnlock = false

        public init() {}
    }

    /// Which swarm write a canonical path is.
    public enum Endpoint: String, Sendable, Equatable, CaseIterable {
        case initialize = "/swarm/init"
        case join = "/swarm/join"
        case update = "/swarm/update"
        case unlock = "/swarm/unlock"

        /// Nil for every other endpoint.
        public init?(_ endpoint: DockerEndpoint) {
            guard endpoint.family == .swarm, endpoint.isKnown, endpoint.resource == nil, let action = endpoint.action
            else { return nil }
            self.init(rawValue: "/swarm/" + action)
        }
    }

    /// dockerd's `httputils.BoolValue`: every other value, after trimming and lower-casing, is true.
    static let falseQueryValues: Set<String> = ["", "0", "no", "false", "none"]

    public let options: Options
    let joinRemoteAddrs: Set<String>

    public init(options: Options = .init()) {
        self.options = options
        self.joinRemoteAddrs = Set(options.allowedJoinRemoteAddrs.map(Self.normalizedAddress).filter { !$0.isEmpty })
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard let endpoint = Endpoint(request.endpoint) else {
            return .deny(Denial(reasonCode: .malformedRequest, message: "sockguard: not a swarm write endpoint"))
        }
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a swarm request must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            switch endpoint {
            case .initialize:
                if try root.bool("ForceNewCluster", in: "") == true, !options.allowForceNewCluster {
                    throw BodyFieldRefusal(
                        .swarmForceNewCluster,
                        "forcing a new cluster is not allowed (ForceNewCluster)"
                    )
                }
                let spec = try root.object("Spec", in: "")
                if let caConfig = try spec?.object("CAConfig", in: "Spec.") {
                    try checkCAConfig(caConfig, in: "Spec.CAConfig.")
                }
            case .join:
                try checkJoin(root)
            case .update:
                if let caConfig = try root.object("CAConfig", in: "") {
                    try checkCAConfig(caConfig, in: "CAConfig.")
                }
                let encryption = try root.object("EncryptionConfig", in: "")
                if try encryption?.bool("AutoLockManagers", in: "EncryptionConfig.") == true,
                    !options.allowAutoLockManagers
                {
                    throw BodyFieldRefusal(
                        .swarmAutoLockManagers,
                        "locking managers is not allowed (EncryptionConfig.AutoLockManagers)"
                    )
                }
                if let denial = checkRotation(request.query) { return .deny(denial) }
            case .unlock:
                guard options.allowUnlock else {
                    throw BodyFieldRefusal(.swarmUnlock, "unlocking the swarm is not allowed (/swarm/unlock)")
                }
            }
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "swarm body passed inspection"))
    }

    private func checkCAConfig(_ caConfig: JSONObject, in parent: String) throws(BodyFieldRefusal) {
        if try !(caConfig.array("ExternalCAs", in: parent)?.isEmpty ?? true), !options.allowExternalCA {
            throw BodyFieldRefusal(.swarmExternalCA, "external CAs are not allowed (\(parent)ExternalCAs)")
        }
        guard !options.allowSigningCAUpdate else { return }
        for key in ["SigningCACert", "SigningCAKey"]
        where try !(caConfig.string(key, in: parent) ?? "").asciiTrimmed().isEmpty {
            throw BodyFieldRefusal(.swarmSigningCAUpdate, "replacing the signing CA is not allowed (\(parent)\(key))")
        }
        if try (caConfig.int64("ForceRotate", in: parent) ?? 0) > 0 {
            throw BodyFieldRefusal(
                .swarmSigningCAUpdate,
                "rotating the signing CA is not allowed (\(parent)ForceRotate)"
            )
        }
    }

    private func checkJoin(_ root: JSONObject) throws(BodyFieldRefusal) {
        guard !joinRemoteAddrs.isEmpty else {
            throw BodyFieldRefusal(.swarmJoinRemoteAddr, "joining a swarm is not allowed (/swarm/join)")
        }
        for address in try root.strings("RemoteAddrs", in: "")
        where !joinRemoteAddrs.contains(Self.normalizedAddress(address)) {
            throw BodyFieldRefusal(
                .swarmJoinRemoteAddr,
                "joining the swarm at \"\(address)\" is not allowed (RemoteAddrs)"
            )
        }
    }

    /// Any value of a flag that dockerd would read as true refuses it, not just the first one it reads.
    private func checkRotation(_ rawQuery: String?) -> Denial? {
        let query: QueryParameters
        do throws(QueryParameters.Failure) {
            query = try QueryParameters(parsing: rawQuery)
        } catch {
            return Denial(
                status: 400,
                reasonCode: .swarmInvalidQuery,
                message: "sockguard: request rejected: " + error.message
            )
        }
        let flags: [(name: String, allowed: Bool, code: ReasonCode, what: String)] = [
            ("rotateWorkerToken", options.allowTokenRotation, .swarmTokenRotation, "rotating the worker join token"),
            ("rotateManagerToken", options.allowTokenRotation, .swarmTokenRotation, "rotating the manager join token"),
            (
                "rotateManagerUnlockKey", options.allowManagerUnlockKeyRotation, .swarmUnlockKeyRotation,
                "rotating the manager unlock key"
            ),
        ]
        for flag in flags where !flag.allowed {
            if query.values(flag.name).contains(where: {
                !Self.falseQueryValues.contains($0.asciiTrimmed().lowercased())
            }) {
                return BodyFieldRefusal(flag.code, "\(flag.what) is not allowed (\(flag.name))").denial
            }
        }
        return nil
    }

    static func normalizedAddress(_ address: String) -> String {
        address.asciiTrimmed().lowercased()
    }
}
