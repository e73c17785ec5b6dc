import Foundation
import SockguardTestSupport
import Testing

/// `POST /images/create` through a proxy whose rules allow every request: the registry of a pull and any
/// import are decided on the request line. (No registry is reachable here, so an allowed pull fails in the
/// daemon; what matters is who refused it.)
@Suite("docker pull and import against image-pull inspection")
struct ImagePullInspectionTests {
    static func proxy(_ daemon: DockerDaemonHarness, requestBody: String = "") async throws -> ProxyProcess {
        try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(daemon.socketPath)" }
            rules:
            \(Fixtures.allowEverything)
            \(Fixtures.blindWritesOptIn)
            \(requestBody)
            """
        }
    }

    @Test("a pull from a registry that is not allowed is refused by the proxy")
    func registryRefused() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let pull = try daemon.docker(["pull", "ghcr.io/example/tool:1.0"], host: proxy.dockerHost)
        #expect(pull.status == 1, "\(pull)")
        #expect(pull.stderrText.contains("sockguard: "), "\(pull)")
    }

    @Test("an official image pull passes the proxy (and fails only in the offline daemon)")
    func officialPassesProxy() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let pull = try daemon.docker(["pull", "busybox:1.36"], host: proxy.dockerHost, timeout: .seconds(120))
        #expect(!pull.stderrText.contains("sockguard: "), "\(pull)")
    }

    @Test("imports are refused unless allowed; allowed_registries lets a registry through")
    func importsAndAllowlist() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let strict = try await Self.proxy(daemon)
        let imported = try daemon.docker(
            ["import", "http://127.0.0.1:9/image.tar", DockerDaemonHarness.uniqueName("imported")],
            host: strict.dockerHost
        )
        #expect(imported.status == 1, "\(imported)")
        #expect(imported.stderrText.contains("sockguard: "), "\(imported)")

        let open = try await Self.proxy(
            daemon,
            requestBody: "request_body: { image_pull: { allowed_registries: [ghcr.io] } }"
        )
        let pull = try daemon.docker(
            ["pull", "ghcr.io/example/tool:1.0"],
            host: open.dockerHost,
            timeout: .seconds(120)
        )
        #expect(!pull.stderrText.contains("sockguard: "), "\(pull)")
    }
}
