import Foundation
import SockguardTestSupport
import Testing

/// `clients.profiles` against the real daemon: one proxy, clients told apart by who they are.
@Suite("client profiles through the real docker CLI")
struct ClientProfilesTests {
    func socketPath(_ endpoint: SocketEndpoint) -> String {
        if case .unix(let path) = endpoint { return path }
        return ""
    }

    /// `readonly` may only read containers; `full` may also create and remove them.
    static let profiles = """
          profiles:
            - name: readonly
              rules:
                - match: { method: "GET,HEAD", path: "/_ping" }
                  action: allow
                - match: { method: GET, path: "/containers/**" }
                  action: allow
            - name: full
              rules:
                - match: { method: "GET,HEAD", path: "/**" }
                  action: allow
                - match: { method: POST, path: "/containers/create" }
                  action: allow
                - match: { method: DELETE, path: "/containers/*" }
                  action: allow
        """

    @Test("a unix client running as another uid gets another profile (SO_PEERCRED)")
    func unixPeer() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start(listen: .unixSocket) { paths in
            """
            listen: { socket: "\(socketPath(paths.listen))", socket_mode: "0660" }
            upstream: { socket: "\(daemon.socketPath)" }
            response: { deny_verbosity: verbose }
            clients:
              default_profile: full
              unix_peer_profiles:
                - { profile: readonly, uids: [4321] }
            \(Self.profiles)
            """
        }
        // The socket is root's (group root, 0660); the other user reaches it through group 0.
        let directory = (socketPath(proxy.endpoint) as NSString).deletingLastPathComponent
        _ = try ProcessRunner.run("/bin/chmod", ["0755", directory])
        let name = DockerDaemonHarness.uniqueName("profile-unix")
        defer { _ = try? daemon.docker(["rm", "-f", name]) }

        // root: the default profile, which may create.
        Fixtures.expectSuccess(
            try daemon.docker(
                ["create", "--name", name, "--network", "none", daemon.imageName, "true"],
                host: proxy.dockerHost
            )
        )
        // uid 4321: readonly. It can list, and its create is refused by its profile's default deny.
        func asOtherUser(_ arguments: [String]) throws -> CommandResult {
            let home = FileManager.default.temporaryDirectory.appendingPathComponent(
                DockerDaemonHarness.uniqueName("home")
            ).path
            var environment = daemon.cliEnvironment(host: proxy.dockerHost)
            environment["HOME"] = home
            environment["DOCKER_CONFIG"] = home
            return try daemon.run(
                "/usr/bin/setpriv",
                ["--reuid=4321", "--regid=0", "--clear-groups", "--", DockerDaemonHarness.dockerCLI] + arguments,
                environment: environment
            )
        }
        let listed = try asOtherUser(["ps", "-a", "--format", "{{.Names}}"])
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText.contains(name))
        let created = try asOtherUser(["create", "--network", "none", daemon.imageName, "true"])
        Fixtures.expectDenied(created)
        let removed = try asOtherUser(["rm", name])
        Fixtures.expectDenied(removed)
        #expect(try daemon.docker(["inspect", name]).succeeded)
    }

    @Test(
        "two containers on a user-defined bridge get different profiles by source address; an unassigned one gets the top-level rules"
    )
    func sourceAddress() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let network = try ClientNetwork(daemon, tag: "profile-net", base: "10.231")
        let port = SocketEndpoint.freeTCPPort()
        let proxy = try await ProxyProcess.start(listen: .endpoint(.tcp(port: port))) { _ in
            """
            listen: { address: "0.0.0.0:\(port)", insecure_allow_plain_tcp: true }
            upstream: { socket: "\(daemon.socketPath)" }
            response: { deny_verbosity: verbose }
            rules:
              - match: { method: GET, path: /version }
                action: allow
            clients:
              source_ip_profiles:
                - { profile: readonly, cidrs: ["\(network.address(10))"] }
                - { profile: full, cidrs: ["\(network.address(11))", "127.0.0.1"] }
            \(Self.profiles)
            """
        }
        _ = proxy
        func fetch(from host: Int, _ path: String, post: Bool = false) throws -> CommandResult {
            try network.fetch(port: port, path, host: host, post: post)
        }
        let reader = try fetch(from: 10, "/containers/json")
        Fixtures.expectSuccess(reader)
        #expect(reader.stdoutText.hasPrefix("["), "\(reader)")
        let readerWrite = try fetch(from: 10, "/containers/create", post: true)
        #expect(!readerWrite.succeeded)
        #expect(readerWrite.stderrText.contains("403"), "\(readerWrite)")
        let writer = try fetch(from: 11, "/images/json")
        Fixtures.expectSuccess(writer)
        // No profile applies: the top-level rules decide, as in sockguard (Go).
        let stranger = try fetch(from: 12, "/containers/json")
        #expect(!stranger.succeeded)
        #expect(stranger.stderrText.contains("403"), "\(stranger)")
        Fixtures.expectSuccess(try fetch(from: 12, "/version"))
        let readerVersion = try fetch(from: 10, "/version")
        #expect(readerVersion.stderrText.contains("403"), "the readonly profile's rules, not the top-level ones: \(readerVersion)")
    }
}

/// `listeners[]` with `allowed_profiles` against the real daemon.
@Suite("several listeners with allowed profiles")
struct ListenersTests {
    @Test("a client whose profile a listener does not allow is refused there and served on the other")
    func allowedProfiles() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let port = SocketEndpoint.freeTCPPort()
        let proxy = try await ProxyProcess.start(listen: .unixSocket) { paths in
            guard case .unix(let socket) = paths.listen else { return "" }
            return """
                listeners:
                  - socket: "\(socket)"
                    allowed_profiles: [full]
                  - address: "127.0.0.1:\(port)"
                    allowed_profiles: [full]
                upstream: { socket: "\(daemon.socketPath)" }
                response: { deny_verbosity: verbose }
                clients:
                  default_profile: full
                  source_ip_profiles:
                    - { profile: readonly, cidrs: [127.0.0.1] }
                  profiles:
                    - name: full
                      rules:
                        - match: { method: "GET,HEAD", path: "/**" }
                          action: allow
                    - name: readonly
                      rules:
                        - match: { method: "GET,HEAD", path: "/**" }
                          action: allow
                """
        }
        // The unix client gets the default profile, which the unix listener allows.
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
        // The TCP client from 127.0.0.1 is `readonly`, which the TCP listener does not allow.
        let refused = try daemon.docker(["ps"], host: "tcp://127.0.0.1:\(port)")
        #expect(!refused.succeeded)
        #expect(refused.stderrText.contains("may not use this listener"), "\(refused)")
    }
}
