import SockguardPolicy

/// The keys of `request_body.volume`, `request_body.network` and `request_body.image_pull`, spelled as
/// sockguard (Go) spells them. Environment: `SOCKGUARD_REQUEST_BODY_VOLUME_ALLOW_CUSTOM_DRIVERS`, ...; lists
/// comma-separated.
enum RequestBodySetting: String, Sendable, CaseIterable {
    case volumeAllowCustomDrivers = "request_body.volume.allow_custom_drivers"
    case volumeAllowDriverOpts = "request_body.volume.allow_driver_opts"
    case networkAllowCustomDrivers = "request_body.network.allow_custom_drivers"
    case networkAllowSwarmScope = "request_body.network.allow_swarm_scope"
    case networkAllowIngress = "request_body.network.allow_ingress"
    case networkAllowAttachable = "request_body.network.allow_attachable"
    case networkAllowConfigOnly = "request_body.network.allow_config_only"
    case networkAllowConfigFrom = "request_body.network.allow_config_from"
    case networkAllowCustomIPAMDrivers = "request_body.network.allow_custom_ipam_drivers"
    case networkAllowCustomIPAMConfig = "request_body.network.allow_custom_ipam_config"
    case networkAllowIPAMOptions = "request_body.network.allow_ipam_options"
    case networkAllowDriverOptions = "request_body.network.allow_driver_options"
    case networkAllowEndpointConfig = "request_body.network.allow_endpoint_config"
    case networkAllowDisconnectForce = "request_body.network.allow_disconnect_force"
    case networkAllowDisableIPv4 = "request_body.network.allow_disable_ipv4"
    case imagePullAllowImports = "request_body.image_pull.allow_imports"
    case imagePullAllowAllRegistries = "request_body.image_pull.allow_all_registries"
    case imagePullAllowOfficial = "request_body.image_pull.allow_official"
    case imagePullAllowedRegistries = "request_body.image_pull.allowed_registries"
    case containerUpdateAllowAllDevices = "request_body.container_update.allow_all_devices"
    case containerUpdateAllowResourceUpdates = "request_body.container_update.allow_resource_updates"
    case containerUpdateAllowRestartPolicy = "request_body.container_update.allow_restart_policy"

    /// The `request_body` sub-sections these keys live in.
    static let families: Set<String> = ["volume", "network", "image_pull", "container_update"]

    var isList: Bool { self == .imagePullAllowedRegistries }

    var environmentName: String { ConfigKey.environmentName(forKeyPath: self.rawValue) }

    func apply(_ value: ContainerCreateSetting.Value, to config: inout RequestBodyConfig) {
        switch value {
        case .list(let entries):
            if self == .imagePullAllowedRegistries { config.imagePull.allowedRegistries = entries }
        case .flag(let flag):
            self.apply(flag: flag, to: &config)
        }
    }

    private func apply(flag: Bool, to config: inout RequestBodyConfig) {
        switch self {
        case .volumeAllowCustomDrivers: config.volume.allowCustomDrivers = flag
        case .volumeAllowDriverOpts: config.volume.allowDriverOpts = flag
        case .networkAllowCustomDrivers: config.network.allowCustomDrivers = flag
        case .networkAllowSwarmScope: config.network.allowSwarmScope = flag
        case .networkAllowIngress: config.network.allowIngress = flag
        case .networkAllowAttachable: config.network.allowAttachable = flag
        case .networkAllowConfigOnly: config.network.allowConfigOnly = flag
        case .networkAllowConfigFrom: config.network.allowConfigFrom = flag
        case .networkAllowCustomIPAMDrivers: config.network.allowCustomIPAMDrivers = flag
        case .networkAllowCustomIPAMConfig: config.network.allowCustomIPAMConfig = flag
        case .networkAllowIPAMOptions: config.network.allowIPAMOptions = flag
        case .networkAllowDriverOptions: config.network.allowDriverOptions = flag
        case .networkAllowEndpointConfig: config.network.allowEndpointConfig = flag
        case .networkAllowDisconnectForce: config.network.allowDisconnectForce = flag
        case .networkAllowDisableIPv4: config.network.allowDisableIPv4 = flag
        case .imagePullAllowImports: config.imagePull.allowImports = flag
        case .imagePullAllowAllRegistries: config.imagePull.allowAllRegistries = flag
        case .imagePullAllowOfficial: config.imagePull.allowOfficial = flag
        case .imagePullAllowedRegistries: break
        case .containerUpdateAllowAllDevices: config.containerUpdate.allowAllDevices = flag
        case .containerUpdateAllowResourceUpdates: config.containerUpdate.allowResourceUpdates = flag
        case .containerUpdateAllowRestartPolicy: config.containerUpdate.allowRestartPolicy = flag
        }
    }
}
