/// `POST /plugins/pull`, `/plugins/{name}/upgrade`, `/plugins/{name}/set` and `/plugins/create`: refuses plugins
/// that get the host.
///
/// The threat: a managed plugin runs as root in the host's namespaces with whatever its manifest asks for,
/// and dockerd grants it exactly the privileges the client accepts in the request body: the host network,
/// PID or IPC namespace, host paths, devices, every device, capabilities. `set` rewrites a plugin's mounts,
/// devices and environment. By default this inspector refuses:
/// - pull and upgrade: a `remote` from a registry that is not allowed (`plugin_registry`; a query dockerd could
///   not decode, a repeated `remote` or an unreadable one is 400 `plugin_invalid_query`), and in the body (an
///   array of `{Name, Description, Value}`) the privileges `network` `host` (`plugin_host_network`), `host pid`
///   (`plugin_host_pid`), `host ipc` (`plugin_host_ipc`), `mount` paths outside `allowedBindMounts`
///   (`plugin_bind_mount`), `device` paths outside `allowedDevices` and `allow-all-devices`
///   (`plugin_devices`), `capabilities` outside `allowedCapabilities` (`plugin_capabilities`), and any
///   privilege name dockerd does not define (`plugin_privilege`). Names are trimmed and lower-cased.
/// - set: the body is an array of `key=value`. An entry without `=` is refused; `*.source=/path` and a
///   lower-case key with an absolute value are mounts, checked against `allowedBindMounts`; `*.path=/dev/x` and
///   a lower-case key with a `/dev/` value are devices, checked against `allowedDevices`; every other entry
///   must start with one of `allowedSetEnvPrefixes` (`plugin_setting`, `plugin_bind_mount`, `plugin_devices`).
/// - create (a tar archive, not JSON): always, unless `allowCreate`; decided on the request line by
///   `inspectCreate(_:)` (`plugin_create`).
///
/// A field with the wrong JSON type is refused (`request_body_invalid_field`); `null` is absent. Keys match
/// case-insensitively, as dockerd matches them (`JSONObject`).
public struct PluginInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.plugin.*`.
    public struct Options: Sendable, Equatable {
        /// `allow_host_network`: permits the `network` privilege `host`.
        public var allowHostNetwork = false
        /// `allow_host_ipc` (older Go spelling `allow_ipc_host`): permits the `host ipc` privilege.
        public var allowHostIPC = false
        /// `allow_host_pid` (older Go spelling `allow_pid_host`): permits the `host pid` privilege.
        public var allowHostPID = false
        /// `allow_all_devices`: permits `allow-all-devices` and every `device` privilege.
        public var allowAllDevices = false
        /// `allowed_bind_mounts`: host paths a plugin may mount, with everything below them.
        public var allowedBindMounts: [String] = []
        /// `allowed_devices`: device paths a plugin may use, with everything below them.
        public var allowedDevices: [String] = []
        /// `allow_all_capabilities`: permits every `capabilities` privilege.
        public var allowAllCapabilities = false
        /// `allowed_capabilities`: capability names as plugin manifests write them (`CAP_SYS_ADMIN`), compared
        /// trimmed and upper-cased; `CAP_` is not stripped.
        public var allowedCapabilities: [String] = []
        /// `allow_all_registries`: permits a `remote` from any registry.
        public var allowAllRegistries = false
        /// `allow_official`: permits Docker Hub official images as `remote` (the Go sockguard's default).
        public var allowOfficial = true
        /// `allowed_registries`: registry hosts, matched as `ImagePullInspector.Options.allowedRegistries`.
        public var allowedRegistries: [String] = []
        /// `allowed_set_env_prefixes`: prefixes (`DEBUG=`) of the `set` entries that are neither mounts nor devices.
        public var allowedSetEnvPrefixes: [String] = []
        /// `allow_create` (not in the Go sockguard, which inspects the archive's `config.json`): permits
        /// `POST /plugins/create`.
        public var allowCreate = false

        public init() {}
    }

    /// Which plugin write a canonical path is.
    public enum Endpoint: Sendable, Equatable {
        case pull
        case create
        /// `plugin` is the name between `/plugins/` and the last segment, as written (it may hold `/`).
        case upgrade(plugin: String)
        case set(plugin: String)

        /// Nil for every other endpoint.
        public init?(_ endpoint: DockerEndpoint) {
            if endpoint.isCollection(.plugins, "pull") {
                self = .pull
            } else if endpoint.isCollection(.plugins, "create") {
                self = .create
            } else if let plugin = endpoint.object(of: .plugins, "upgrade") {
                self = .upgrade(plugin: plugin)
            } else if let plugin = endpoint.object(of: .plugins, "set") {
                self = .set(plugin: plugin)
            } else {
                return nil
            }
        }

        /// Whether the body is JSON this inspector reads; `create`'s is a tar archive.
        public var hasJSONBody: Bool { self != .create }
    }

    public let options: Options
    let bindMounts: HostPathAllowlist
    let devices: HostPathAllowlist
    let capabilities: Set<String>
    let setEnvPrefixes: [String]
    let registries: RegistryAllowlist

    public init(options: Options = .init()) {
        self.options = options
        self.bindMounts = HostPathAllowlist(options.allowedBindMounts)
        self.devices = HostPathAllowlist(options.allowedDevices)
        self.capabilities = Set(options.allowedCapabilities.map(Self.normalizeCapability).filter { !$0.isEmpty })
        self.setEnvPrefixes = options.allowedSetEnvPrefixes.map { String($0.asciiTrimmed()) }.filter { !$0.isEmpty }
        self.registries = RegistryAllowlist(
            allowAll: options.allowAllRegistries,
            allowOfficial: options.allowOfficial,
            hosts: options.allowedRegistries
        )
    }

    /// `POST /plugins/create`, decided on the request line: its body is a tar archive, never read here.
    public func inspectCreate(_ request: InspectedRequest) -> Decision {
        guard options.allowCreate else {
            return .deny(
                BodyFieldRefusal(.pluginCreate, "creating plugins from an archive is not allowed (/plugins/create)")
                    .denial
            )
        }
        return .allow(MatchedRule(index: nil, reason: "plugin create allowed"))
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard let endpoint = Endpoint(request.endpoint) else {
            return .deny(Denial(reasonCode: .malformedRequest, message: "sockguard: not a plugin write endpoint"))
        }
        do throws(BodyFieldRefusal) {
            switch endpoint {
            case .create:
                return inspectCreate(request)
            case .pull, .upgrade:
                if let denial = checkRemote(request.query) { return .deny(denial) }
                guard case .array(let privileges) = body.root else {
                    return .deny(JSONBodyError("plugin privileges must be a JSON array").denial)
                }
                try checkPrivileges(privileges)
            case .set:
                guard case .array(let settings) = body.root else {
                    return .deny(JSONBodyError("plugin settings must be a JSON array").denial)
                }
                try checkSettings(settings)
            }
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "plugin body passed inspection"))
    }

    /// `remote` names the plugin image the daemon pulls; an empty one is left to dockerd, which refuses it.
    private func checkRemote(_ rawQuery: String?) -> Denial? {
        let query: QueryParameters
        do throws(QueryParameters.Failure) {
            query = try QueryParameters(parsing: rawQuery)
        } catch {
            return Self.invalidQuery(error.message)
        }
        let remotes = query.values("remote")
        guard remotes.count <= 1 else { return Self.invalidQuery("remote appears more than once in the query") }
        guard let remote = remotes.first, !remote.isEmpty else { return nil }
        guard let reference = ImageReference(parsing: remote) else {
            return Self.invalidQuery("remote is not a valid image reference")
        }
        guard registries.allows(reference) else {
            return BodyFieldRefusal(
                .pluginRegistry,
                "pulling plugins from registry \"\(reference.registry)\" is not allowed (remote)"
            ).denial
        }
        return nil
    }

    private static func invalidQuery(_ message: String) -> Denial {
        Denial(status: 400, reasonCode: .pluginInvalidQuery, message: "sockguard: request rejected: " + message)
    }

    /// Trimmed and upper-cased, without stripping `CAP_`: plugin manifests name capabilities verbatim.
    static func normalizeCapability(_ name: String) -> String {
        name.asciiTrimmed().uppercased()
    }
}
