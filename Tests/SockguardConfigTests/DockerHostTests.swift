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
            "DOCKER_HOST": "tcp://daemon:2375", "SOCKGUARD_UPSTREAM_SOCKET": "/sockguard.sock",
        ])
        #expect(fromDocker.resolvedUpstreamEndpoints.map(\.address) == [.tcp(host: "daemon", port: 2375)])
        #expect(fromDocker.upstreamSource == .dockerHost)

        // A unix DOCKER_HOST never overrides upstream.socket (sockguard Go reads only a TCP one).
        let unixHost = try load(environment: [
            "DOCKER_HOST": "unix:///run/user/1000/docker.sock", "SOCKGUARD_UPSTREAM_SOCKET": "/sockguard.sock",
        ])
        #expect(unixHost.resolvedUpstreamEndpoints.map(\.address) == [.unix(path: "/sockguard.sock")])
        #expect(unixHost.upstreamSource == .socket)

        let fromSocket = try load(environment: ["SOCKET_PATH": "/alias.sock", "DOCKER_HOST": ""])
        #expect(fromSocket.resolvedUpstreamEndpoints == [UpstreamEndpointConfig(address: .unix(path: "/alias.sock"))])
        #expect(fromSocket.upstreamSource == .socket)
    }

    @Test(
        "a TCP DOCKER_HOST is read as the Docker CLI reads it",
        arguments: [
            ("tcp://daemon:2376", UpstreamAddress.tcp(host: "daemon", port: 2376)),
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
        #expect(loaded.upstreamSource == .dockerHost)
    }

    @Test("a unix DOCKER_HOST falls through to upstream.socket", arguments: ["unix:///var/run/docker.sock", "unix://"])
    func unixFallsThrough(host: String) throws {
        let loaded = try load(environment: ["DOCKER_HOST": host, "DOCKER_TLS_VERIFY": "1"])
        #expect(loaded.upstreamSource == .socket)
        #expect(loaded.resolvedUpstreamEndpoints == [UpstreamEndpointConfig(address: .unix(path: "/var/run/docker.sock"))])
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

    @Test("neither DOCKER_TLS_VERIFY nor DOCKER_CERT_PATH: plaintext, acknowledged implicitly as the CLI does")
    func plaintext() throws {
        let endpoint = try #require(try load(environment: ["DOCKER_HOST": "tcp://daemon:2375"]).resolvedUpstreamEndpoints.first)
        #expect(endpoint == UpstreamEndpointConfig(address: .tcp(host: "daemon", port: 2375), insecureAllowPlainTCP: true))
        #expect(!endpoint.usesTLS)
    }

    @Test("DOCKER_CERT_PATH without DOCKER_TLS_VERIFY: encrypted, the daemon not verified, the client pair presented")
    func certPathWithoutVerify() throws {
        try withFiles(["cert.pem", "key.pem"]) { directory in
            let endpoint = try load(environment: ["DOCKER_HOST": "tcp://daemon:2376", "DOCKER_CERT_PATH": directory])
                .resolvedUpstreamEndpoints[0]
            #expect(endpoint.usesTLS)
            #expect(endpoint.insecureSkipTLSVerify)
            #expect(endpoint.tls == UpstreamTLSConfig(certFile: "\(directory)/cert.pem", keyFile: "\(directory)/key.pem"))
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

    @Test("DOCKER_TLS_VERIFY without DOCKER_CERT_PATH: verified against the system roots, no client certificate")
    func verifyWithoutCertPath() throws {
        try withFiles(["home/.docker/ca.pem", "home/.docker/cert.pem", "home/.docker/key.pem"]) { directory in
            let endpoint = try load(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS_VERIFY": "0", "HOME": "\(directory)/home",
            ]).resolvedUpstreamEndpoints[0]
            // ~/.docker is not read: the system roots verify the daemon.
            #expect(endpoint == UpstreamEndpointConfig(address: .tcp(host: "daemon", port: 2376), tls: UpstreamTLSConfig()))
            #expect(endpoint.usesTLS)
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
            #expect(verified.resolvedUpstreamEndpoints[0].tls?.caFile == "\(directory)/ca.pem")
        }
    }

    @Test("verifying with DOCKER_CERT_PATH but no ca.pem there is an issue naming DOCKER_CERT_PATH")
    func missingCA() {
        withFiles(["cert.pem", "key.pem"]) { directory in
            let found = issues(environment: [
                "DOCKER_HOST": "tcp://daemon:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": directory,
            ])
            #expect(
                found == [
                    ConfigIssue(
                        keyPath: "DOCKER_CERT_PATH",
                        message: "ca.pem is required to verify the daemon: cannot read \"\(directory)/ca.pem\": no such file"
                    )
                ]
            )
        }
    }

}
