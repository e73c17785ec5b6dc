/// `POST /networks/create`, `POST /networks/{id}/connect` and `POST /networks/{id}/disconnect`: refuses
/// networks and endpoints that reach the host's network or another tenant's traffic.
///
/// The threat: a network is plumbing on the host. A `host`, `macvlan` or `ipvlan` network (or a plugin driver)
/// puts containers on the host's interfaces or physical LAN; driver options such as
/// `com.docker.network.bridge.name` attach to an existing host bridge; a chosen subnet or IPAM driver can
/// shadow host routes; swarm-scoped, ingress, attachable and config-only/config-from networks reach every node
/// of the cluster; pinned endpoint addresses, MAC addresses and links impersonate other containers; and a
/// forced disconnect tears down an endpoint dockerd would otherwise refuse to touch. By default this inspector
/// refuses, on create:
/// - `Driver` other than empty (the daemon default), `bridge`, `overlay`, `none` or `null`, matched exactly
///   (so `host`, `macvlan`, `ipvlan`, `Bridge` and plugin names are custom), and `Name` `host`
///   (`network_custom_driver`).
/// - `Scope` other than empty or `local`, e.g. `swarm` (`network_swarm_scope`).
/// - `Ingress`, `Attachable`, `ConfigOnly` true; `ConfigFrom` non-null (`network_ingress`, `network_attachable`,
///   `network_config_only`, `network_config_from`).
/// - `IPAM.Driver` other than empty or `default` (`network_custom_ipam_driver`); a non-empty `IPAM.Config`
///   (`network_custom_ipam_config`) or `IPAM.Options` (`network_ipam_options`).
/// - A non-empty `Options` (`network_driver_options`); `EnableIPv4` false (`network_disable_ipv4`).
///
/// On connect: the network segment `host` (`network_custom_driver`; the host network's id is not known here,
/// so rules should not allow connect by id to it), and any `EndpointConfig` field but `Aliases`
/// (`network_endpoint_config`). On disconnect: `Force` true (`network_disconnect_force`).
///
/// A field with the wrong JSON type is refused (`request_body_invalid_field`); `null` is absent; fields not
/// named here are ignored. Keys match case-insensitively, as dockerd matches them (`JSONObject`).
public struct NetworkInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.network.*`.
    public struct Options: Sendable, Equatable {
        /// Permits any `Driver`, a network named `host`, and connecting to the `host` network.
        public var allowCustomDrivers = false
        public var allowSwarmScope = false
        public var allowIngress = false
        public var allowAttachable = false
        public var allowConfigOnly = false
        public var allowConfigFrom = false
        public var allowCustomIPAMDrivers = false
        /// Permits a non-empty `IPAM.Config` (subnets, ranges, gateways, auxiliary addresses).
        public var allowCustomIPAMConfig = false
        public var allowIPAMOptions = false
        public var allowDriverOptions = false
        /// Permits every `EndpointConfig` field on connect (`Aliases` are always allowed).
        public var allowEndpointConfig = false
        public var allowDisconnectForce = false
        /// Permits `EnableIPv4: false` (Engine API 1.48+).
        public var allowDisableIPv4 = false

        public init() {}
    }

    /// Drivers built into dockerd that keep containers off the host's interfaces.
    static let builtinDrivers: Set<String> = ["", "bridge", "overlay", "none", "null"]
    /// Predefined networks that are the host's own.
    static let customDriverNetworks: Set<String> = ["host"]
    static let builtinIPAMDrivers: Set<String> = ["", "default"]
    static let localScopes: Set<String> = ["", "local"]

    public let options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard let endpoint = Endpoint(request.endpoint) else {
            return .deny(
                Denial(reasonCode: .malformedRequest, message: "sockguard: not a network write endpoint")
            )
        }
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a network request must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            switch endpoint {
            case .create: try checkCreate(root)
            case .connect(let network): try checkConnect(root, network: network)
            case .disconnect: try checkDisconnect(root)
            }
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "network body passed inspection"))
    }

    private func checkCreate(_ root: JSONObject) throws(BodyFieldRefusal) {
        let driver = try root.string("Driver", in: "") ?? ""
        if !Self.builtinDrivers.contains(driver), !options.allowCustomDrivers {
            throw BodyFieldRefusal(.networkCustomDriver, "network driver \"\(driver)\" is not allowed (Driver)")
        }
        let name = try root.string("Name", in: "") ?? ""
        if Self.customDriverNetworks.contains(name), !options.allowCustomDrivers {
            throw BodyFieldRefusal(.networkCustomDriver, "a network named \"\(name)\" is not allowed (Name)")
        }
        let scope = try root.string("Scope", in: "") ?? ""
        if !Self.localScopes.contains(scope), !options.allowSwarmScope {
            throw BodyFieldRefusal(.networkSwarmScope, "network scope \"\(scope)\" is not allowed (Scope)")
        }
        let flags: [(key: String, allowed: Bool, code: ReasonCode, what: String)] = [
            ("Ingress", options.allowIngress, .networkIngress, "ingress networks"),
            ("Attachable", options.allowAttachable, .networkAttachable, "attachable networks"),
            ("ConfigOnly", options.allowConfigOnly, .networkConfigOnly, "config-only networks"),
        ]
        for flag in flags {
            if try root.bool(flag.key, in: "") == true, !flag.allowed {
                throw BodyFieldRefusal(flag.code, "\(flag.what) are not allowed (\(flag.key))")
            }
        }
        if try root.object("ConfigFrom", in: "") != nil, !options.allowConfigFrom {
            throw BodyFieldRefusal(
                .networkConfigFrom,
                "networks built from a config network are not allowed (ConfigFrom)"
            )
        }
        if let ipam = try root.object("IPAM", in: "") {
            try checkIPAM(ipam)
        }
        if try !(root.object("Options", in: "")?.isEmpty ?? true), !options.allowDriverOptions {
            throw BodyFieldRefusal(.networkDriverOptions, "network driver options are not allowed (Options)")
        }
        if try root.bool("EnableIPv4", in: "") == false, !options.allowDisableIPv4 {
            throw BodyFieldRefusal(.networkDisableIPv4, "disabling IPv4 is not allowed (EnableIPv4)")
        }
    }

    private func checkIPAM(_ ipam: JSONObject) throws(BodyFieldRefusal) {
        let driver = try ipam.string("Driver", in: "IPAM.") ?? ""
        if !Self.builtinIPAMDrivers.contains(driver), !options.allowCustomIPAMDrivers {
            throw BodyFieldRefusal(
                .networkCustomIPAMDriver,
                "IPAM driver \"\(driver)\" is not allowed (IPAM.Driver)"
            )
        }
        if try !(ipam.array("Config", in: "IPAM.")?.isEmpty ?? true), !options.allowCustomIPAMConfig {
            throw BodyFieldRefusal(.networkCustomIPAMConfig, "custom IPAM configuration is not allowed (IPAM.Config)")
        }
        if try !(ipam.object("Options", in: "IPAM.")?.isEmpty ?? true), !options.allowIPAMOptions {
            throw BodyFieldRefusal(.networkIPAMOptions, "IPAM options are not allowed (IPAM.Options)")
        }
    }
}
