import Testing

@testable import SockguardPolicy

@Suite struct DockerEndpointTests {
    @Test(
        "route templates are the Go sockguard's for the Engine API's paths",
        arguments: [
            ("GET", "/_ping", "/_ping"), ("GET", "/version", "/version"), ("GET", "/events", "/events"),
            ("GET", "/info", "/info"),
            ("POST", "/build", "/build"), ("POST", "/build/prune", "/build"), ("GET", "/system/df", "/system/df"),
            ("GET", "/containers/json", "/containers/json"), ("POST", "/containers/create", "/containers/create"),
            ("POST", "/containers/prune", "/containers/prune"), ("GET", "/containers/abc", "/containers/{id}"),
            ("POST", "/containers/abc/start", "/containers/{id}/start"),
            ("GET", "/containers/abc/json", "/containers/{id}/json"),
            ("GET", "/containers/abc/attach/ws", "/containers/{id}/ws"),
            ("GET", "/containers/abc/archive", "/containers/{id}/archive"),
            ("POST", "/exec/e1/start", "/exec/{id}/start"), ("GET", "/exec/e1/json", "/exec/{id}/json"),
            ("GET", "/images/json", "/images/json"), ("POST", "/images/create", "/images/create"),
            ("GET", "/images/get", "/images/get"),
            ("GET", "/images/busybox/json", "/images/{id}/json"),
            ("GET", "/images/registry.example:5000/team/app:1.2/json", "/images/{id}/json"),
            ("GET", "/images/registry.example:5000/team/app:1.2", "/images/{id}"),
            ("POST", "/images/app/push", "/images/{id}/push"),
            ("GET", "/networks", "/networks"), ("POST", "/networks/create", "/networks/create"),
            ("POST", "/networks/n1/connect", "/networks/{id}/connect"), ("GET", "/volumes/v1", "/volumes/{id}"),
            ("POST", "/secrets/create", "/secrets/create"), ("POST", "/secrets/s1/update", "/secrets/{id}/update"),
            ("GET", "/services/s1/logs", "/services/{id}/logs"), ("POST", "/nodes/n1/update", "/nodes/{id}/update"),
            ("GET", "/swarm", "/swarm"), ("POST", "/swarm/init", "/swarm/init"),
            ("GET", "/swarm/unlockkey", "/swarm/unlockkey"),
            ("GET", "/plugins", "/plugins"), ("POST", "/plugins/pull", "/plugins/pull"),
            ("POST", "/plugins/vieux/sshfs:latest/enable", "/plugins/{name}/enable"),
            ("GET", "/tasks", "/tasks/..."), ("GET", "/tasks/t1/logs", "/tasks/..."),
            ("GET", "/distribution/busybox/json", "/distribution/..."),
            ("GET", "/", "/"),
        ]
    )
    func routes(_ method: String, _ path: String, _ route: String) {
        #expect(DockerEndpoint(method: method, canonicalPath: path).route == route)
    }

    @Test("resource and action are read apart, image references keeping their slashes")
    func parts() {
        let push = DockerEndpoint(method: "POST", canonicalPath: "/images/registry.example:5000/team/app:1.2/push")
        #expect(push.family == .images)
        #expect(push.resource == "registry.example:5000/team/app:1.2")
        #expect(push.action == "push")
        let attach = DockerEndpoint(method: "GET", canonicalPath: "/containers/web/attach/ws")
        #expect(attach.resource == "web")
        #expect(attach.action == "attach/ws")
        let list = DockerEndpoint(method: "GET", canonicalPath: "/containers/json")
        #expect(list.resource == nil)
        #expect(list.action == "json")
        #expect(DockerEndpoint(method: "GET", canonicalPath: "/containers/web").action == nil)
    }

    @Test(
        "a fixed endpoint or an action is one only for the methods dockerd routes to it; otherwise it names an object",
        arguments: [
            ("DELETE", "/images/prune", "prune", nil, "/images/{id}"),
            ("DELETE", "/images/team/app/json", "team/app/json", nil, "/images/{id}"),
            ("GET", "/images/team/app/json", "team/app", "json", "/images/{id}/json"),
            ("GET", "/networks/create", "create", nil, "/networks/{id}"),
            ("DELETE", "/networks/prune", "prune", nil, "/networks/{id}"),
            ("POST", "/networks/prune", nil, "prune", "/networks/prune"),
            ("GET", "/services/create", "create", nil, "/services/{id}"),
            ("DELETE", "/plugins/pull", "pull", nil, "/plugins/{name}"),
            ("PUT", "/containers/c1/archive", "c1", "archive", "/containers/{id}/archive"),
            ("POST", "/containers/c1/json", "c1", "json", "unknown"),
        ] as [(String, String, String?, String?, String)]
    )
    func methods(_ method: String, _ path: String, _ resource: String?, _ action: String?, _ route: String) {
        let endpoint = DockerEndpoint(method: method, canonicalPath: path)
        #expect(endpoint.resource == resource)
        #expect(endpoint.action == action)
        #expect(endpoint.route == route)
    }

    @Test("under a known family, an unknown path keeps its object so ownership can still check it")
    func unknownKeepsObject() {
        let endpoint = DockerEndpoint(method: "GET", canonicalPath: "/containers/c1/frobnicate/x")
        #expect(endpoint.family == .containers)
        #expect(endpoint.resource == "c1")
        #expect(endpoint.action == "frobnicate/x")
        #expect(!endpoint.isKnown)
        #expect(endpoint.object(of: .containers, "frobnicate/x") == nil)
        #expect(DockerEndpoint(method: "POST", canonicalPath: "/swarm/x/init").isCollection(.swarm, "init") == false)
    }

    @Test(
        "what the Engine API does not have is unknown, never the client's text",
        arguments: [
            "/whatever", "/whatever/x", "/containers/abc/frobnicate", "/containers/a/b/start", "/swarm/frobnicate",
            "/system/x", "/exec/e1/start/more", "/_pingx",
        ]
    )
    func unknown(_ path: String) {
        #expect(DockerEndpoint(method: "GET", canonicalPath: path).route == "unknown")
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
                routes.insert(DockerEndpoint(method: "GET", canonicalPath: path).route)
            }
        }
        #expect(routes.count <= 8, "\(routes.sorted())")
    }

    @Test("segments are split as bytes: a / followed by a combining mark still ends a segment, as dockerd routes it")
    func combiningMark() {
        let endpoint = DockerEndpoint(method: "POST", canonicalPath: "/networks/\u{301}x/connect")
        #expect(endpoint.family == .networks && endpoint.resource == "\u{301}x" && endpoint.action == "connect")
        #expect(endpoint.route == "/networks/{id}/connect")
        let exec = DockerEndpoint(method: "POST", canonicalPath: "/containers/\u{301}/exec")
        #expect(exec.object(of: .containers, "exec") == "\u{301}")
    }
}
