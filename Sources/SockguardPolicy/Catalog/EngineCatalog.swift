/// One endpoint of the Docker Engine API: what `sockguard report` judges, one row per endpoint.
public struct EngineEndpoint: Sendable, Equatable {
    public var method: String
    /// The spec's path template, `/containers/{id}/start`.
    public var template: String
    /// The spec's `operationId`, `ContainerStart`.
    public var operation: String
    /// The oldest spec version in the catalog that has it.
    public var since: String
    /// What a client that may call it with a harmless request can do (its probes carry their own class).
    public var risk: RiskClass

    /// A request-target for the endpoint: each `{placeholder}` filled with a sample name, plus the query the
    /// endpoint needs (`/images/{name}/tag?repo=...`).
    public var sampleTarget: String {
        var path = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            path += rest[..<open]
            path += EngineCatalog.sampleName
            rest = rest[rest.index(after: close)...]
        }
        path += rest
        let query = EngineCatalog.sampleQueries[method + " " + template]
        return query.map { path + "?" + $0 } ?? path
    }
}

/// Every endpoint of the Engine API specs the project carries (`scripts/gen-engine-catalog.py` writes the data
/// from `../shared/docker-engine-api/`), then Podman's libpod endpoints (`libpodData`), each with its risk class.
public enum EngineCatalog {
    public static let endpoints: [EngineEndpoint] =
        data.map { method, template, operation, since in
            EngineEndpoint(
                method: method,
                template: template,
                operation: operation,
                since: since,
                risk: RiskClass.of(method: method, template: template)
            )
        }
        + libpodData.map { method, template, operation in
            EngineEndpoint(
                method: method,
                template: template,
                operation: operation,
                since: "libpod",
                risk: RiskClass.of(method: method, template: template)
            )
        }

    /// What fills `{id}` and `{name}` in a sample request.
    public static let sampleName = "sample"

    /// Query parameters an endpoint needs to be a well-formed request.
    static let sampleQueries: [String: String] = [
        "POST /images/create": "fromImage=busybox&tag=latest",
        "POST /images/{name}/tag": "repo=example%2Fsample&tag=latest",
        "POST /commit": "container=sample&repo=example%2Fsample",
        "POST /plugins/pull": "remote=example%2Fplugin",
        "POST /plugins/{name}/upgrade": "remote=example%2Fplugin",
        "POST /plugins/create": "name=example%2Fplugin",
        "POST /services/{id}/update": "version=1",
        "POST /nodes/{id}/update": "version=1",
        "POST /swarm/update": "version=1",
        "POST /secrets/{id}/update": "version=1",
        "POST /configs/{id}/update": "version=1",
        "PUT /containers/{id}/archive": "path=%2Ftmp",
        "GET /containers/{id}/archive": "path=%2Fetc",
        "HEAD /containers/{id}/archive": "path=%2Fetc",
        "GET /images/search": "term=busybox",
        "GET /containers/{id}/logs": "stdout=1",
        "POST /containers/{id}/attach": "stream=1&stdin=1&stdout=1",
        "GET /containers/{id}/attach/ws": "stream=1&stdin=1",
        "POST /libpod/images/pull": "reference=busybox",
        "GET /libpod/containers/{name}/logs": "stdout=true",
        "GET /libpod/containers/{name}/archive": "path=%2Fetc",
        "PUT /libpod/containers/{name}/archive": "path=%2Ftmp",
    ]
}
