/// `POST /services/create` and `POST /services/{id}/update`: refuses swarm services whose tasks would get the
/// host, the same way `ContainerCreateInspector` refuses containers.
///
/// The threat: a service is a container template the swarm starts on every node it schedules to, so each field
/// that makes a container root on the host does the same through a service, cluster-wide, and an update
/// rewrites a running service. By default this inspector refuses:
/// - `Networks[].Target` or `TaskTemplate.Networks[].Target` `host`, any case, padded or not
///   (`service_host_network`).
/// - `TaskTemplate.ContainerSpec.Mounts[]`: `bind` mounts whose `Source` is outside `allowedBindMounts`, or not
///   absolute; `volume` mounts whose local driver option `device` names a host path outside it (a bind mount in
///   disguise); and types other than `bind`, `volume`, `tmpfs` and `image` (`npipe`, `cluster`, unknown)
///   (`service_bind_mount`).
/// - `CapabilityAdd` entries outside `allowedCapabilities` (`service_capabilities`); a non-empty `Sysctls`
///   (`service_sysctls`).
/// - `Privileges.Seccomp.Mode` `unconfined`, or `custom` (or an inline `Profile` without a mode);
///   `Privileges.AppArmor.Mode` `disabled`; `Privileges.SELinuxContext.Disable` true, or a `User`, `Role`,
///   `Type` or `Level` override (`service_security_opt`).
/// - `TaskTemplate.Runtime` other than empty or `container`, and any `TaskTemplate.PluginSpec`: a plugin
///   service installs a managed plugin, with its privileges, on every node (`service_runtime`).
/// - `ContainerSpec.Image` from a registry that is not allowed, decided as `ImagePullInspector` decides a pull,
///   or unreadable as an image reference (`service_registry`).
///
/// Opt-in rails (`require...`) additionally demand a non-root `User`, `Privileges.NoNewPrivileges`, `ReadOnly`,
/// and `CapabilityDrop` `ALL`. A body without `TaskTemplate.ContainerSpec` is checked as an empty one, so it
/// fails the rails it cannot meet.
///
/// A field with the wrong JSON type is refused (`request_body_invalid_field`); `null` is absent; fields not
/// named here are ignored. Keys match case-insensitively, as dockerd matches them (`JSONObject`).
public struct ServiceInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.service.*`.
    public struct Options: Sendable, Equatable {
        /// `allow_host_network`: permits attaching the service to the `host` network.
        public var allowHostNetwork = false
        /// `allowed_bind_mounts`: absolute host directories that may be bind-mounted, with everything below.
        public var allowedBindMounts: [String] = []
        /// `allow_all_registries`: permits `ContainerSpec.Image` from any registry.
        public var allowAllRegistries = false
        /// `allow_official`: permits Docker Hub official images (the Go sockguard's default, as for image pulls).
        public var allowOfficial = true
        /// `allowed_registries`: registry hosts, matched as `ImagePullInspector.Options.allowedRegistries`.
        public var allowedRegistries: [String] = []
        /// `allow_all_capabilities`: permits every `CapabilityAdd` entry.
        public var allowAllCapabilities = false
        /// `allowed_capabilities`: `CapabilityAdd` entries allowed, with or without `CAP_`, any case; `ALL`
        /// allows every one.
        public var allowedCapabilities: [String] = []
        /// `allow_sysctls`: permits a non-empty `ContainerSpec.Sysctls`.
        public var allowSysctls = false
        /// `allow_unconfined_seccomp` (Go: the inverse of `deny_unconfined_seccomp`): `Seccomp.Mode` `unconfined`.
        public var allowUnconfinedSeccomp = false
        /// `allow_custom_seccomp_profiles` (Go: the inverse of `deny_custom_seccomp_profiles`): `Seccomp.Mode`
        /// `custom`, or a `Profile` without a mode. A custom profile can allow every syscall.
        public var allowCustomSeccompProfiles = false
        /// `allow_unconfined_apparmor` (Go: the inverse of `deny_unconfined_apparmor`): `AppArmor.Mode`
        /// `disabled`, swarm's spelling of unconfined.
        public var allowUnconfinedAppArmor = false
        /// `allow_selinux_disable` (Go: the inverse of `deny_selinux_disable`): `SELinuxContext.Disable`.
        public var allowSelinuxDisable = false
        /// `allow_selinux_label_override` (Go: the inverse of `deny_selinux_label_override`): a
        /// `SELinuxContext` `User`, `Role`, `Type` or `Level` (`Type: spc_t` is unconfined).
        public var allowSelinuxLabelOverride = false
        /// `allow_plugin_runtime` (not in the Go sockguard): permits `TaskTemplate.Runtime` `plugin` and a
        /// `PluginSpec`.
        public var allowPluginRuntime = false
        /// `require_non_root_user`: `ContainerSpec.User` must name a non-root user.
        public var requireNonRootUser = false
        /// `require_no_new_privileges`: `ContainerSpec.Privileges.NoNewPrivileges` must be true.
        public var requireNoNewPrivileges = false
        /// `require_readonly_rootfs`: `ContainerSpec.ReadOnly` must be true.
        public var requireReadonlyRootfs = false
        /// `require_drop_all_capabilities`: `ContainerSpec.CapabilityDrop` must contain `ALL`.
        public var requireDropAllCapabilities = false

        public init() {}
    }

    /// Which service write a canonical path is.
    public enum Endpoint: Sendable, Equatable {
        case create
        /// `service` is the path's id-or-name segment, as written.
        case update(service: String)

        /// `POST /services/create` or `/services/{id}/update`; nil for every other endpoint.
        public init?(_ endpoint: DockerEndpoint) {
            if endpoint.isCollection(.services, "create") {
                self = .create
            } else if let service = endpoint.object(of: .services, "update") {
                self = .update(service: service)
            } else {
                return nil
            }
        }
    }

    static let tt = "TaskTemplate."
    static let cs = "TaskTemplate.ContainerSpec."
    /// Task runtimes that run an ordinary container.
    static let containerRuntimes: Set<String> = ["", "container"]

    public let options: Options
    let bindMounts: HostPathAllowlist
    let capabilities: Set<String>
    let registries: RegistryAllowlist

    public init(options: Options = .init()) {
        self.options = options
        self.bindMounts = HostPathAllowlist(options.allowedBindMounts)
        self.capabilities = Set(options.allowedCapabilities.map(ContainerCreateInspector.normalizeCapability))
        self.registries = RegistryAllowlist(
            allowAll: options.allowAllRegistries,
            allowOfficial: options.allowOfficial,
            hosts: options.allowedRegistries
        )
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a service spec must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            let taskTemplate = try root.object("TaskTemplate", in: "") ?? JSONObject()
            try checkNetworks(root, in: "")
            try checkNetworks(taskTemplate, in: Self.tt)
            try checkRuntime(taskTemplate)
            let containerSpec = try taskTemplate.object("ContainerSpec", in: Self.tt) ?? JSONObject()
            try checkMounts(containerSpec)
            try checkRails(containerSpec)
            try checkPrivileges(containerSpec)
            try checkCapabilities(containerSpec)
            try checkImage(containerSpec)
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "service body passed inspection"))
    }

    /// `NetworkAttachmentConfig` lists: the deprecated top-level `Networks` and `TaskTemplate.Networks`.
    private func checkNetworks(_ parent: JSONObject, in parentPath: String) throws(BodyFieldRefusal) {
        guard let networks = try parent.array("Networks", in: parentPath) else { return }
        for (position, element) in networks.enumerated() {
            let entry = "\(parentPath)Networks[\(position)]"
            guard case .object(let network) = element else {
                throw .wrongType(entry, expected: "an object", found: element)
            }
            let target = try network.string("Target", in: entry + ".") ?? ""
            if target.asciiTrimmed().lowercased() == "host", !options.allowHostNetwork {
                throw BodyFieldRefusal(.serviceHostNetwork, "the host network is not allowed (\(entry).Target)")
            }
        }
    }

    private func checkRuntime(_ taskTemplate: JSONObject) throws(BodyFieldRefusal) {
        guard !options.allowPluginRuntime else { return }
        let runtime = try taskTemplate.string("Runtime", in: Self.tt) ?? ""
        if !Self.containerRuntimes.contains(runtime) {
            throw BodyFieldRefusal(.serviceRuntime, "task runtime \"\(runtime)\" is not allowed (\(Self.tt)Runtime)")
        }
        if try taskTemplate.object("PluginSpec", in: Self.tt) != nil {
            throw BodyFieldRefusal(.serviceRuntime, "plugin services are not allowed (\(Self.tt)PluginSpec)")
        }
    }

    /// An empty image is left to dockerd, which refuses it; anything else must parse and be allowed.
    private func checkImage(_ containerSpec: JSONObject) throws(BodyFieldRefusal) {
        guard let image = try containerSpec.string("Image", in: Self.cs), !image.isEmpty else { return }
        guard let reference = ImageReference(parsing: image) else {
            throw BodyFieldRefusal(.serviceRegistry, "\(Self.cs)Image is not a valid image reference")
        }
        guard registries.allows(reference) else {
            throw BodyFieldRefusal(
                .serviceRegistry,
                "pulling from registry \"\(reference.registry)\" is not allowed (\(Self.cs)Image)"
            )
        }
    }
}
