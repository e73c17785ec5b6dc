/// `POST /nodes/{id}/update`: refuses changes to a node's role, availability, name and labels.
///
/// The threat: promoting a worker to manager hands it the cluster's state and secrets; draining or pausing
/// nodes is a denial of service; node labels steer placement constraints (and the owner label decides which
/// tenant a node belongs to). The body is the node's whole `NodeSpec`. By default this inspector refuses:
/// - A non-blank `Role` (`node_role_change`), `Availability` (`node_availability_change`) or `Name`
///   (`node_name_change`). The docker CLI sends the node's current `Role` and `Availability` with every
///   update, so `docker node update --label-add` needs both switches as well.
/// - `Labels` present at all, even `null` or `{}` (both clear every label, as the spec replaces the old one),
///   unless `allowLabelMutation`, or every key is in `allowedLabelKeys` (which always holds
///   `com.sockguard.owner`), the map is not empty and the owner label is not blank (`node_label_mutation`).
///   Label keys are data and match exactly.
///
/// A field with the wrong JSON type is refused (`request_body_invalid_field`); `null` is absent except for
/// `Labels`; fields not named here are ignored. Keys match case-insensitively, as dockerd matches them.
public struct NodeInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.node.*`.
    public struct Options: Sendable, Equatable {
        /// `allow_name_change`: permits a non-blank `Name`.
        public var allowNameChange = false
        /// `allow_role_change`: permits a non-blank `Role` (`manager` promotes).
        public var allowRoleChange = false
        /// `allow_availability_change`: permits a non-blank `Availability` (`drain`, `pause`, `active`).
        public var allowAvailabilityChange = false
        /// `allow_label_mutation`: permits any `Labels`.
        public var allowLabelMutation = false
        /// `allowed_label_keys`: label keys that may be set without `allowLabelMutation`; the owner label
        /// `com.sockguard.owner` is always one of them.
        public var allowedLabelKeys: [String] = []

        public init() {}
    }

    /// The label the ownership layer stamps; it may be set, but never blank.
    public static let ownerLabelKey = "com.sockguard.owner"

    /// Whether `endpoint` is `/nodes/{id}/update`.
    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.object(of: .nodes, "update") != nil
    }

    public let options: Options
    let labelKeys: Set<String>

    public init(options: Options = .init()) {
        self.options = options
        let configured = options.allowedLabelKeys.map { String($0.asciiTrimmed()) }.filter { !$0.isEmpty }
        self.labelKeys = Set(configured + [Self.ownerLabelKey])
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a node spec must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            let fields: [(key: String, allowed: Bool, code: ReasonCode, what: String)] = [
                ("Role", options.allowRoleChange, .nodeRoleChange, "changing the node role"),
                (
                    "Availability", options.allowAvailabilityChange, .nodeAvailabilityChange,
                    "changing node availability"
                ),
                ("Name", options.allowNameChange, .nodeNameChange, "renaming the node"),
            ]
            for field in fields {
                if try !(root.string(field.key, in: "") ?? "").asciiTrimmed().isEmpty, !field.allowed {
                    throw BodyFieldRefusal(field.code, "\(field.what) is not allowed (\(field.key))")
                }
            }
            try checkLabels(root)
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "node update body passed inspection"))
    }

    private func checkLabels(_ root: JSONObject) throws(BodyFieldRefusal) {
        guard root.value(forKey: "Labels") != nil else { return }
        let labels = try root.stringMap("Labels", in: "")
        guard !options.allowLabelMutation else { return }
        guard !labels.isEmpty else {
            throw BodyFieldRefusal(.nodeLabelMutation, "clearing node labels is not allowed (Labels)")
        }
        for (key, value) in labels {
            // Exact bytes: label keys are data, and a look-alike must not pass as an allowed key.
            guard labelKeys.contains(where: { $0.utf8.elementsEqual(key.utf8) }) else {
                throw BodyFieldRefusal(.nodeLabelMutation, "setting node label \"\(key)\" is not allowed (Labels)")
            }
            if key.utf8.elementsEqual(Self.ownerLabelKey.utf8), value.isEmpty {
                throw BodyFieldRefusal(.nodeLabelMutation, "the node owner label must not be blank (Labels)")
            }
        }
    }
}
