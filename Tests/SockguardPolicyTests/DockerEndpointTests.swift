import Testing

@testable import SockguardPolicy

@Suite struct DockerEndpointTests {
    @Test(
        "route templates are the Go sockguard's for the Engine API's paths",
        arguments: [
            ("/_ping", "/_ping"), ("/version", "/version"), ("/events", "/events"), ("/info", "/info"),
            ("/build", "/build"), ("/build/prune", "/build"), ("/system/df", "/system/df"),
            ("/containers/json", "/containers/json"), ("/containers/create", "/containers/create"),
            ("/containers/prune", "/containers/prune"), ("/containers/abc", "/containers/{id}"),
            ("/containers/abc/start", "/containers/{id}/start"), ("/containers/abc/json", "/containers/{id}/json"),
            ("/containers/abc/attach/ws", "/containers/{id}/ws"), ("/containers/abc/archive", "/containers/{id}/archive"),
            ("/exec/e1/start", "/exec/{id}/start"), ("/exec/e1/json", "/exec/{id}/json"),
            ("/images/json", "/images/json"), ("/images/create", "/images/create"), ("/images/get", "/images/get"),
            ("/images/busybox/json", "/images/{id}/json"),
            ("/images/registry.example:5000/team/app:1.2/json", "/images/{id}/json"),
            ("/images/registry.example:5000/team/app:1.2", "/images/{id}"), ("/images/app/push", "/images/{id}/push"),
            ("/networks", "/networks"), ("/networks/create", "/networks/create"),
            ("/networks/n1/connect", "/networks/{id}/connect"), ("/volumes/v1", "/volumes/{id}"),
            ("/secrets/create", "/secrets/create"), ("/secrets/s1/update", "/secrets/{id}/update"),
            ("/services/s1/logs", "/services/{id}/logs"), ("/nodes/n1/update", "/nodes/{id}/update"),
            ("/swarm", "/swarm"), ("/swarm/init", "/swarm/init"), ("/swarm/unlockkey", "/swarm/unlockkey"),
            ("/plugins", "/plugins"), ("/plugins/pull", "/plugins/pull"),
            ("/plugins/vieux/sshfs:latest/enable", "/plugins/{name}/enable"),
            ("/tasks", "/tasks/..."), ("/tasks/t1/logs", "/tasks/..."), ("/distribution/busybox/json", "/distribution/..."),
            ("/", "/"),
        ]
    )
    func routes(_ path: String, _ route: String) {
        #expect(DockerEndpoint(canonicalPath: path).route == route)
    }

    @Test("resource and action are read apart, image references keeping their slashes")
    func parts() {
        let push = DockerEndpoint(canonicalPath: "/images/registry.example:5000/team/app:1.2/push")
        #expect(push.family == .images)
        #expect(push.resource == "registry.example:5000/team/app:1.2")
        #expect(push.action == "push")
        let attach = DockerEndpoint(canonicalPath: "/containers/web/attach/ws")
        #expect(attach.resource == "web")
        #expect(attach.action == "attach/ws")
        let list = DockerEndpoint(canonicalPath: "/containers/json")
        #expect(list.resource == nil)
        #expect(list.action == "json")
        #expect(DockerEndpoint(canonicalPath: "/containers/web").action == nil)
    }

    @Test(
        "what the Engine API does not have is unknown, never the client's text",
        arguments: [
            "/whatever", "/whatever/x", "/containers/abc/frobnicate", "/containers/a/b/start", "/swarm/frobnicate",
            "/system/x", "/exec/e1/start/more", "/_pingx",
        ]
    )
    func unknown(_ path: String) {
        #expect(DockerEndpoint(canonicalPath: path).route == "unknown")
    }

    @Test("10,000 distinct ids and invented actions make a bounded set of routes")
    func boundedCardinality() {
        var routes: Set<String> = []
        for index in 0..<10_000 {
            let id = String(index, radix: 36) + "x\(index * 7919)"
            for path in [
                "/containers/\(id)/start", "/containers/\(id)/\(id)", "/images/\(id)/\(id)/json", "/\(id)/json",
                "/plugins/\(id)/\(id)", "/volumes/\(id)", "/exec/\(id)/\(id)",
            ] {
                routes.insert(DockerEndpoint(canonicalPath: path).route)
            }
        }
        #expect(routes.count <= 8, "\(routes.sorted())")
    }
}
