/// The Tecnativa/LinuxServer environment variables, spelled as those proxies spell them. Users' compose
/// files depend on these names, so they are written once, here.
enum CompatVariable: String, Sendable, CaseIterable {
    // API sections (Tecnativa haproxy.cfg order).
    case auth = "AUTH"
    case build = "BUILD"
    case commit = "COMMIT"
    case configs = "CONFIGS"
    case containers = "CONTAINERS"
    case distribution = "DISTRIBUTION"
    case events = "EVENTS"
    case exec = "EXEC"
    case grpc = "GRPC"
    case images = "IMAGES"
    case info = "INFO"
    case networks = "NETWORKS"
    case nodes = "NODES"
    case ping = "PING"
    case plugins = "PLUGINS"
    case secrets = "SECRETS"
    case services = "SERVICES"
    case session = "SESSION"
    case swarm = "SWARM"
    case system = "SYSTEM"
    case tasks = "TASKS"
    case version = "VERSION"
    case volumes = "VOLUMES"
    /// Opens every method on the enabled sections.
    case post = "POST"
    // Single container operations, granted even with POST=0.
    case allowStart = "ALLOW_START"
    case allowStop = "ALLOW_STOP"
    case allowRestarts = "ALLOW_RESTARTS"
    /// sockguard (Go)'s singular spelling: restart only.
    case allowRestart = "ALLOW_RESTART"
    case allowPause = "ALLOW_PAUSE"
    case allowUnpause = "ALLOW_UNPAUSE"
    case allowKill = "ALLOW_KILL"
    case allowCreate = "ALLOW_CREATE"
    case allowExec = "ALLOW_EXEC"
    case allowDelete = "ALLOW_DELETE"
    case allowPrune = "ALLOW_PRUNE"
    // LinuxServer (`compat: linuxserver`) only: lift the deny on one container sub-resource. Names from
    // LinuxServer's advanced nginx template.
    case containersIdLogs = "CONTAINERS_ID_LOGS"
    case containersIdTop = "CONTAINERS_ID_TOP"
    case containersIdExport = "CONTAINERS_ID_EXPORT"
    case containersIdChanges = "CONTAINERS_ID_CHANGES"
    case containersIdArchive = "CONTAINERS_ID_ARCHIVE"
    case containersIdAttach = "CONTAINERS_ID_ATTACH"
    // LinuxServer (`compat: linuxserver`) only: Podman's libpod API (`/libpod/...`), as its socket-proxy image
    // names them. Sections first, then single operations granted even with POST=0.
    case libpodContainers = "LIBPOD_CONTAINERS"
    case libpodEvents = "LIBPOD_EVENTS"
    case libpodExec = "LIBPOD_EXEC"
    case libpodGenerate = "LIBPOD_GENERATE"
    case libpodImages = "LIBPOD_IMAGES"
    case libpodInfo = "LIBPOD_INFO"
    case libpodManifests = "LIBPOD_MANIFESTS"
    case libpodNetworks = "LIBPOD_NETWORKS"
    case libpodPing = "LIBPOD_PING"
    case libpodPlay = "LIBPOD_PLAY"
    case libpodPods = "LIBPOD_PODS"
    case libpodSecrets = "LIBPOD_SECRETS"
    case libpodSystem = "LIBPOD_SYSTEM"
    case libpodVersion = "LIBPOD_VERSION"
    case libpodVolumes = "LIBPOD_VOLUMES"
    case libpodAllowStart = "LIBPOD_ALLOW_START"
    case libpodAllowStop = "LIBPOD_ALLOW_STOP"
    case libpodAllowRestarts = "LIBPOD_ALLOW_RESTARTS"
    case libpodAllowPause = "LIBPOD_ALLOW_PAUSE"
    case libpodAllowUnpause = "LIBPOD_ALLOW_UNPAUSE"
    case libpodAllowPodStart = "LIBPOD_ALLOW_POD_START"
    case libpodAllowPodStop = "LIBPOD_ALLOW_POD_STOP"
    case libpodAllowPodRestarts = "LIBPOD_ALLOW_POD_RESTARTS"
    case libpodAllowPodPause = "LIBPOD_ALLOW_POD_PAUSE"
    case libpodAllowPodUnpause = "LIBPOD_ALLOW_POD_UNPAUSE"

    /// Whether this variable exists in `mode` (and so switches compatibility on when present).
    func applies(to mode: CompatMode) -> Bool {
        mode == .linuxserver || !(rawValue.hasPrefix("CONTAINERS_ID_") || rawValue.hasPrefix("LIBPOD_"))
    }

    /// The shorter spelling also accepted for a LinuxServer sub-resource (`ALLOW_LOGS` for `CONTAINERS_ID_LOGS`).
    /// When both are set, the LinuxServer name wins.
    var alias: String? {
        switch self {
        case .containersIdLogs: return "ALLOW_LOGS"
        case .containersIdTop: return "ALLOW_TOP"
        case .containersIdExport: return "ALLOW_EXPORT"
        case .containersIdChanges: return "ALLOW_CHANGES"
        case .containersIdArchive: return "ALLOW_ARCHIVE"
        case .containersIdAttach: return "ALLOW_ATTACH"
        default: return nil
        }
    }

    /// The value of this variable in `environment`, under its own name or its alias.
    func rawValue(in environment: [String: String]) -> String? {
        environment[self.rawValue] ?? self.alias.flatMap { environment[$0] }
    }

    /// On unless set to a false value (LinuxServer's image sets `LIBPOD_PING=1` and `LIBPOD_VERSION=1`).
    var defaultsOn: Bool {
        [.ping, .version, .events, .libpodPing, .libpodVersion].contains(self)
    }
}

/// Every Tecnativa/LinuxServer variable name sockguard reads, aliases included (for fingerprints and reports).
public enum CompatibilityNames {
    public static let all: Set<String> = Set(
        CompatVariable.allCases.flatMap { [$0.rawValue] + ($0.alias.map { [$0] } ?? []) }
            + ConfigEnvironmentVariable.allCases.filter(\.isAlias).map(\.rawValue)
    )
}
