import SockguardConfig
import Testing

@Suite struct UpstreamEndpointsTests {
    @Test("without endpoints or DOCKER_HOST the socket is the one endpoint; failover defaults to 5s and 2s")
    func defaults() throws {
        let loaded = try load()
        #expect(
            loaded.resolvedUpstreamEndpoints == [UpstreamEndpointConfig(address: .unix(path: "/var/run/docker.sock"))]
        )
        #expect(loaded.upstreamSource == .socket)
        #expect(loaded.configuration.upstream.endpoints.isEmpty)
        #expect(loaded.configuration.upstream.failover.healthInterval == .seconds(5))
        #expect(loaded.configuration.upstream.failover.healthTimeout == .seconds(2))
        #expect(loaded.configuration.upstream.requestTimeout == .seconds(60))
        #expect(!loaded.resolvedUpstreamEndpoints[0].usesTLS)
    }

    @Test("endpoints are read in order: unix URL, bare path, mutual TLS, CA only, skip-verify, plaintext")
    func endpoints() throws {
        try withFiles(["ca.pem", "cert.pem", "key.pem"]) { directory in
            let yaml = """
                upstream:
                  socket: /ignored.sock
                  endpoints:
                    - address: unix:///var/run/docker.sock
                    - address: /run/user/1000/docker.sock
                    - address: tcp://manager-1:2376
                      tls:
                        ca_file: \(directory)/ca.pem
                        cert_file: \(directory)/cert.pem
                        key_file: \(directory)/key.pem
                        server_name: swarm.internal
                    - address: "tcp://[fd00::2]:2376"
                      tls: { ca_file: \(directory)/ca.pem }
                    - address: tcp://lab:2376
                      insecure_skip_tls_verify: true
                    - address: tcp://10.0.0.9:2375
                      insecure_allow_plain_tcp: true
                """
            let loaded = try load(yaml: yaml)
            let expected = [
                UpstreamEndpointConfig(address: .unix(path: "/var/run/docker.sock")),
                UpstreamEndpointConfig(address: .unix(path: "/run/user/1000/docker.sock")),
                UpstreamEndpointConfig(
                    address: .tcp(host: "manager-1", port: 2376),
                    tls: UpstreamTLSConfig(
                        caFile: "\(directory)/ca.pem",
                        certFile: "\(directory)/cert.pem",
                        keyFile: "\(directory)/key.pem",
                        serverName: "swarm.internal"
                    )
                ),
                UpstreamEndpointConfig(
                    address: .tcp(host: "fd00::2", port: 2376),
                    tls: UpstreamTLSConfig(caFile: "\(directory)/ca.pem")
                ),
                UpstreamEndpointConfig(address: .tcp(host: "lab", port: 2376), insecureSkipTLSVerify: true),
                UpstreamEndpointConfig(address: .tcp(host: "10.0.0.9", port: 2375), insecureAllowPlainTCP: true),
            ]
            #expect(loaded.configuration.upstream.endpoints == expected)
            #expect(loaded.resolvedUpstreamEndpoints == expected)
            #expect(loaded.upstreamSource == .endpoints)
            #expect(loaded.resolvedUpstreamEndpoints.map(\.usesTLS) == [false, false, true, true, true, false])
            #expect(expected[3].address.description == "tcp://[fd00::2]:2376")
            #expect(expected[0].address.description == "unix:///var/run/docker.sock")
        }
    }

    @Test("an empty endpoints list falls back to the socket")
    func emptyList() throws {
        let loaded = try load(yaml: "upstream:\n  socket: /s.sock\n  endpoints: []\n")
        #expect(loaded.resolvedUpstreamEndpoints == [UpstreamEndpointConfig(address: .unix(path: "/s.sock"))])
        #expect(loaded.upstreamSource == .socket)
    }

    @Test(
        "bad endpoints name the entry and key",
        arguments: [
            ("- tls: {}", "upstream.endpoints[0].address", "required"),
            ("- address: docker.sock", "upstream.endpoints[0].address", "absolute unix socket path"),
            ("- address: \"\"", "upstream.endpoints[0].address", "required"),
            ("- address: unix://", "upstream.endpoints[0].address", "missing socket path"),
            ("- address: unix://docker.sock", "upstream.endpoints[0].address", "absolute path"),
            ("- address: https://d:2376", "upstream.endpoints[0].address", "unsupported scheme \"https\""),
            ("- address: ssh://me@d", "upstream.endpoints[0].address", "unsupported scheme \"ssh\""),
            ("- address: tcp://d", "upstream.endpoints[0].address", "must include a port"),
            ("- address: tcp://:2376", "upstream.endpoints[0].address", "missing host"),
            ("- address: tcp://d:0", "upstream.endpoints[0].address", "port 0"),
            ("- address: tcp://d:99999", "upstream.endpoints[0].address", "out of range"),
            ("- address: tcp://d:2376/v1.47", "upstream.endpoints[0].address", "path after host:port"),
            ("- address: tcp://u@d:2376", "upstream.endpoints[0].address", "user info"),
            ("- address: tcp://d:2376", "upstream.endpoints[0]", "TCP requires TLS"),
            (
                "- address: tcp://d:2376\n      tls: { cert_file: /etc/hostname }",
                "upstream.endpoints[0].tls.key_file", "set together"
            ),
            (
                "- address: tcp://d:2376\n      tls: { ca_file: /nonexistent/ca.pem }",
                "upstream.endpoints[0].tls.ca_file", "cannot read \"/nonexistent/ca.pem\": no such file"
            ),
            (
                "- address: tcp://d:2376\n      insecure_allow_plain_tcp: true\n      tls: { server_name: d }",
                "upstream.endpoints[0].tls.server_name", "only used with TLS"
            ),
            (
                "- address: /var/run/docker.sock\n      tls: { ca_file: /etc/hostname }",
                "upstream.endpoints[0].tls", "not valid for a unix socket"
            ),
            (
                "- address: /var/run/docker.sock\n      tls: { server_name: d }",
                "upstream.endpoints[0].tls.server_name", "not valid for a unix socket"
            ),
            ("- address: /a.sock\n      weight: 2", "upstream.endpoints[0].weight", "unknown key"),
            ("- address: /a.sock\n      tls: { ca: x }", "upstream.endpoints[0].tls.ca", "unknown key"),
            ("- address: /a.sock\n      tls: yes", "upstream.endpoints[0].tls", "expected a mapping"),
            (
                "- address: tcp://d:1\n      insecure_allow_plain_tcp: maybe",
                "upstream.endpoints[0].insecure_allow_plain_tcp", "expected a boolean"
            ),
            ("- /var/run/docker.sock", "upstream.endpoints[0]", "expected a mapping"),
            ("\n    address: /a.sock", "upstream.endpoints", "expected a list"),
        ]
    )
    func badEndpoint(entry: String, keyPath: String, message: String) {
        let found = issues(yaml: "upstream:\n  endpoints:\n    " + entry + "\n")
        #expect(found.contains { $0.keyPath == keyPath && $0.message.contains(message) }, "got \(found)")
    }

    @Test("every bad entry is reported, each at its own index")
    func collectsAll() {
        let yaml = """
            upstream:
              endpoints:
                - address: /ok.sock
                - address: tcp://a:2376
                - address: relative.sock
            """
        #expect(issues(yaml: yaml).map(\.keyPath) == ["upstream.endpoints[1]", "upstream.endpoints[2].address"])
    }

    @Test("endpoints have no environment form; DOCKER_HOST is the environment's way")
    func noEnvironmentForm() {
        let found = issues(environment: ["SOCKGUARD_UPSTREAM_ENDPOINTS": "tcp://d:2376"])
        #expect(found.map(\.keyPath) == ["SOCKGUARD_UPSTREAM_ENDPOINTS"])
        #expect(found.first?.message.contains("DOCKER_HOST") == true)
        #expect(issues(overrides: ["upstream.endpoints": "tcp://d:2376"]).map(\.message) == ["unknown key"])
    }

    @Test(
        "failover durations: negative interval means startup probe only",
        arguments: [
            ("health_interval: 10s", Duration?.some(.seconds(10)), Duration.seconds(2)),
            ("health_interval: 1m30s", .some(.seconds(90)), .seconds(2)),
            ("health_interval: \"-1s\"", nil, .seconds(2)),
            ("health_interval: \"\"", .some(.seconds(5)), .seconds(2)),
            ("health_timeout: 500ms", .some(.seconds(5)), .milliseconds(500)),
        ]
    )
    func failover(line: String, interval: Duration?, timeout: Duration) throws {
        let loaded = try load(yaml: "upstream:\n  failover:\n    \(line)\n")
        #expect(loaded.configuration.upstream.failover.healthInterval == interval)
        #expect(loaded.configuration.upstream.failover.healthTimeout == timeout)
    }

    @Test("failover variables parse like their keys")
    func failoverEnvironment() throws {
        let loaded = try load(environment: [
            "SOCKGUARD_UPSTREAM_FAILOVER_HEALTH_INTERVAL": "-5s",
            "SOCKGUARD_UPSTREAM_FAILOVER_HEALTH_TIMEOUT": "3s",
        ])
        #expect(loaded.configuration.upstream.failover.healthInterval == nil)
        #expect(loaded.configuration.upstream.failover.healthTimeout == .seconds(3))
    }

    @Test(
        "bad failover values name their key",
        arguments: [
            ("health_interval: 0s", "upstream.failover.health_interval", "must be non-zero"),
            ("health_interval: 0", "upstream.failover.health_interval", "must be non-zero"),
            ("health_interval: soon", "upstream.failover.health_interval", "is not a duration"),
            ("health_interval: \"--1s\"", "upstream.failover.health_interval", "is not a duration"),
            ("health_timeout: 0s", "upstream.failover.health_timeout", "must be a positive duration"),
            ("health_timeout: \"-2s\"", "upstream.failover.health_timeout", "must be a positive duration"),
            ("health_timeout: 2", "upstream.failover.health_timeout", "is not a duration"),
            ("retries: 3", "upstream.failover.retries", "unknown key"),
        ]
    )
    func badFailover(line: String, keyPath: String, message: String) {
        let found = issues(yaml: "upstream:\n  failover:\n    \(line)\n")
        #expect(found.contains { $0.keyPath == keyPath && $0.message.contains(message) }, "got \(found)")
    }

    @Test("a bad failover variable names the variable")
    func badFailoverVariable() {
        let found = issues(environment: ["SOCKGUARD_UPSTREAM_FAILOVER_HEALTH_INTERVAL": "0s"])
        #expect(found.map(\.keyPath) == ["SOCKGUARD_UPSTREAM_FAILOVER_HEALTH_INTERVAL"])
    }
}
