/// What a client can do with an endpoint, widest first: what `sockguard report` and `diff` rank by.
public enum RiskClass: String, Sendable, CaseIterable, Comparable {
    /// Root on the host: privileged or host-namespace containers, host binds, devices, exec and attach, builds,
    /// plugins, joining a swarm, writing into a container's files.
    case hostRoot = "host-root"
    /// Reads what a secret may be in: environment, logs, file systems, image exports, secrets and configs, swarm
    /// join tokens, registry credentials.
    case secret
    /// Changes or stops what others run: stop, kill, remove, prune, update, create, pull.
    case disruption
    /// Reads metadata.
    case readOnly = "read-only"

    /// Widest first: `hostRoot < secret < disruption < readOnly`.
    public static func < (lhs: RiskClass, rhs: RiskClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The class of a harmless request to an endpoint of the catalog.
    public static func of(method: String, template: String) -> RiskClass {
        let key = method + " " + template
        if hostRootWrites.contains(key) { return .hostRoot }
        if secretReads.contains(key) { return .secret }
        if method == "GET" || method == "HEAD" { return .readOnly }
        return quietWrites.contains(key) ? .readOnly : .disruption
    }

    private static let hostRootWrites: Set<String> = [
        "POST /containers/{id}/exec", "POST /exec/{id}/start", "POST /containers/{id}/attach",
        "GET /containers/{id}/attach/ws", "PUT /containers/{id}/archive", "POST /build", "POST /session",
        "POST /plugins/pull", "POST /plugins/create", "POST /plugins/{name}/enable", "POST /plugins/{name}/upgrade",
        "POST /plugins/{name}/set", "POST /swarm/init", "POST /swarm/join",
        // Podman: exec and attach, writing into a container, builds, kube play and volume creates (a local volume
        // can bind any host path), which no inspector reads yet.
        "POST /libpod/containers/{name}/exec", "POST /libpod/exec/{id}/start", "POST /libpod/containers/{name}/attach",
        "PUT /libpod/containers/{name}/archive", "POST /libpod/build", "POST /libpod/play/kube",
        "POST /libpod/volumes/create",
    ]

    private static let secretReads: Set<String> = [
        "GET /containers/{id}/json", "GET /containers/{id}/logs", "GET /containers/{id}/export",
        "GET /containers/{id}/archive", "GET /containers/{id}/top", "GET /exec/{id}/json",
        "GET /images/{name}/get", "GET /images/get", "POST /images/{name}/push", "POST /plugins/{name}/push",
        "POST /auth", "GET /swarm", "GET /swarm/unlockkey", "GET /services", "GET /services/{id}",
        "GET /services/{id}/logs", "GET /tasks", "GET /tasks/{id}", "GET /tasks/{id}/logs", "GET /secrets",
        "GET /secrets/{id}", "GET /configs", "GET /configs/{id}", "GET /plugins", "GET /plugins/{name}/json",
        "GET /libpod/containers/{name}/json", "GET /libpod/containers/{name}/logs", "GET /libpod/containers/{name}/top",
        "GET /libpod/containers/{name}/export", "GET /libpod/containers/{name}/archive", "GET /libpod/exec/{id}/json",
        "GET /libpod/generate/{name}/kube", "POST /libpod/images/{name}/push", "GET /libpod/secrets/json",
    ]

    /// Writes that change nothing: waiting for a container.
    private static let quietWrites: Set<String> = ["POST /containers/{id}/wait", "POST /libpod/containers/{name}/wait"]
}
