import SockguardConfig
import Testing

@Suite struct DockerHostTests {
    @Test("precedence: upstream.endpoints > DOCKER_HOST > upstream.socket")
    func precedence() throws {
        let file = "upstream:\n  endpoints:\n    - address: /from-file.sock\n"
        // With endpoints in the file DOCKER_HOST is not read at all, even when it is unusable.
        let fromFile = try load(yaml: file, environment: ["DOCKER_HOST": "ssh://me@daemon"])
        #expect(fromFile.resolvedUpstreamEndpoints.map(\.address) == [.unix(path: "/from-file.sock")])
        #expect(fromFile.upstreamSource == .endpoints)

        let fromDocker = try load(environment: [
            "DOCKER_HOST": "unix:///run/user/1000/docker.sock", "SOCKGUARD_UPSTREAM_SOCKET": "/sockguard.sock",
        ])
        #expect(fromDocker.resolvedUpstreamEndpoints.map(\.address) == [.unix(path: "/run/user/1000/docker.sock")])
        #expect(fromDocker.upstreamSource == .dockerHost)
        #expect(fromDocker.configuration.upstream.socket == "/sockguard.sock")

        let fromSocket = try load(environment: ["SOCKET_PATH": "/alias.sock", "DOCKER_HOST": ""])
        #expect(fromSocket.resolvedUpstreamEndpoints == [UpstreamEndpointConfig(address: .unix(path: "/alias.sock"))])
        #expect(fromSocket.upstreamSource == .socket)
    }

    @Test(
        "DOCKER_HOST is read as the Docker CLI reads it",
        arguments: [
            ("unix:///var/run/docker.sock", UpstreamAddress.unix(path: "/var/run/docker.sock")),
            ("unix://", .unix(path: "/var/run/docker.sock")),
            ("tcp://daemon:2376", .tcp(host: "daemon", port: 2376)),
            ("tcp://daemon:2376/", .tcp(host: "daemon", port: 2376)),
            ("daemon:2376", .tcp(host: "daemon", port: 2376)),
            ("tcp://daemon", .tcp(host: "daemon", port: 2375)),
            ("tcp://daemon:", .tcp(host: "daemon", port: 2375)),
            ("tcp://", .tcp(host: "localhost", port: 2375)),
            ("tcp://:2376", .tcp(host: "localhost", port: 2376)),
            ("tcp://[::1]:2376", .tcp(host: "::1", port: 2376)),
            ("tcp://[::1]", .tcp(host: "::1", port: 2375)),
            (" tcp://daemon:2376 ", .tcp(host: "daemon", port: 2376)),
        ]
    )
    func hostForms(host: String, address: UpstreamAddress) throws {
        let loaded = try load(environment: ["DOCKER_HOST": host])
        #expect(loaded.resolvedUpstreamEndpoints.map(\.address) == [address])
    }

    @Test(
        "an unusable DOCKER_HOST is an issue, not a fallback to the local socket",
        arguments: [
            ("ssh://me@daemon", "unsupported transport \"ssh\""),
            ("npipe:////./pipe/docker_engine", "unsupported transport \"npipe\""),
            ("tcp://daemon:2376/v1.47", "path after host:port"),
            ("tcp://daemon:2376?x=1", "query"),
            ("tcp://daemon:port", "is not a number"),
            ("tcp://daemon:0", "port 0"),
            ("unix://docker.sock", "absolute path"),
        ]
    )
    func badHost(host: String, message: String) {
        let found = issues(environment: ["DOCKER_HOST": host])
        #expect(found.count == 1)
        #expect(found.first?.keyPath == "DOCKER_HOST")
        #expect(found.first?.message.contains(message) == true, "got \(found)")
    }

    @Test("no TLS variable: plaintext, as the CLI does; DOCKER_CERT_PATH alone does not turn TLS on")
    func plaintext() throws {
        for certPath in [nil, "/nonexistent"] {
            var environment = ["DOCKER_HOST": "tcp://daemon:2375"]
            environment["DOCKER_CERT_PATH"] = certPath
            let endpoint = try #require(try load(environment: environment).resolvedUpstreamEndpoints.first)
            #expect(
                endpoint
                    == UpstreamEndpointConfig(address: .tcp(host: "daemon", port: 2375), insecureAllowPlainTCP: true)
            )
            #expect(!endpoint.usesTLS)
        }
    }

    @Test("DOCKER_TLS_VERIFY with DOCKER_CERT_PATH: verified mutual TLS from ca.pem, cert.pem, key.pem")
    func verifiedMutualTLS() throws {
        try withFiles(["ca.pem", "cert.pem", "key.pem"]) { directory in
            let loaded = try load(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": directory,
            ])
            #expect(
                loaded.resolvedUpstreamEndpoints == [
                    UpstreamEndpointConfig(
                        address: .tcp(host: "daemon", port: 2376),
                        tls: UpstreamTLSConfig(
                            caFile: "\(directory)/ca.pem",
                            certFile: "\(directory)/cert.pem",
                            keyFile: "\(directory)/key.pem"
                        )
                    )
                ]
            )
            #expect(loaded.upstreamSource == .dockerHost)
        }
    }

    @Test("a CA-only directory verifies the daemon and presents no client certificate")
    func caOnly() throws {
        try withFiles(["ca.pem", "cert.pem"]) { directory in
            let endpoint = try load(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": directory,
            ]).resolvedUpstreamEndpoints[0]
            #expect(endpoint.tls == UpstreamTLSConfig(caFile: "\(directory)/ca.pem"))
            #expect(!endpoint.insecureSkipTLSVerify)
            #expect(endpoint.usesTLS)
        }
    }

    @Test("DOCKER_TLS_VERIFY without DOCKER_CERT_PATH reads DOCKER_CONFIG, else ~/.docker")
    func defaultDirectory() throws {
        try withFiles(["home/.docker/ca.pem", "config/ca.pem"]) { directory in
            let home = try load(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS_VERIFY": "1", "HOME": "\(directory)/home",
            ])
            #expect(home.resolvedUpstreamEndpoints[0].tls?.caFile == "\(directory)/home/.docker/ca.pem")

            let config = try load(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS_VERIFY": "1", "HOME": "\(directory)/home",
                "DOCKER_CONFIG": "\(directory)/config",
            ])
            #expect(config.resolvedUpstreamEndpoints[0].tls?.caFile == "\(directory)/config/ca.pem")
        }
    }

    @Test("DOCKER_TLS without DOCKER_TLS_VERIFY: TLS that does not verify the daemon; VERIFY wins over it")
    func tlsWithoutVerify() throws {
        try withFiles(["ca.pem", "cert.pem", "key.pem"]) { directory in
            let environment = ["DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS": "1", "DOCKER_CERT_PATH": directory]
            let unverified = try load(environment: environment).resolvedUpstreamEndpoints[0]
            #expect(unverified.insecureSkipTLSVerify)
            #expect(unverified.tls?.certFile == "\(directory)/cert.pem")

            let verified = try load(environment: environment.merging(["DOCKER_TLS_VERIFY": "1"]) { $1 })
            #expect(!verified.resolvedUpstreamEndpoints[0].insecureSkipTLSVerify)
        }
    }

    @Test("TLS without ca.pem is an issue naming the variable that chose the directory")
    func missingCA() {
        withFiles(["cert.pem", "key.pem"]) { directory in
            let viaCertPath = issues(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": directory,
            ])
            #expect(
                viaCertPath == [
                    ConfigIssue(
                        keyPath: "DOCKER_CERT_PATH",
                        message: "ca.pem is required for TLS: cannot read \"\(directory)/ca.pem\": no such file"
                    )
                ]
            )
            let viaHome = issues(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS": "yes", "HOME": directory,
            ])
            #expect(viaHome.map(\.keyPath) == ["DOCKER_TLS"])
            #expect(viaHome.first?.message.contains("\(directory)/.docker/ca.pem") == true)
        }
    }

    @Test("a unix DOCKER_HOST ignores the TLS variables")
    func unixIgnoresTLS() throws {
        let loaded = try load(environment: ["DOCKER_HOST": "unix:///d.sock", "DOCKER_TLS_VERIFY": "1"])
        #expect(loaded.resolvedUpstreamEndpoints == [UpstreamEndpointConfig(address: .unix(path: "/d.sock"))])
    }
}
