import Foundation
import SockguardTestSupport
import Testing

/// The Go sockguard's shipped configurations that load here (see `GoConfigsTests`) also serve: each starts in
/// front of the test daemon, answers `/_ping` from the daemon and refuses what every preset refuses.
@Suite("the Go sockguard's configurations serve")
struct GoConfigsServeTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/go-sockguard-configs").path

    /// The ones that do not load yet (`GoConfigsTests` names what each lacks), and `multi-listener.yaml`, which loads
    /// but binds its own `listeners` (fixed socket paths), so `--listen-socket` cannot move it to a test socket.
    static let pending: Set<String> = [
        "drydock-with-mediated-build.yaml", "portwing-with-mediated-build.yaml", "compose-multi-host-sockguard.yaml",
        "multi-listener.yaml",
    ]

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        .filter { $0.hasSuffix(".yaml") && !pending.contains($0) }.sorted()

    @Test("serves in front of the daemon: /_ping answers from the daemon, a privileged create is refused", arguments: files)
    func serves(_ file: String) async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start(
            listen: .unixSocket,
            arguments: { paths in
                guard case .unix(let socket) = paths.listen else { return [] }
                return ["serve", "-c", "\(Self.directory)/\(file)", "--listen-socket", socket]
            },
            environment: ["SOCKGUARD_UPSTREAM_SOCKET": daemon.socketPath]
        )
        let ping = try #require(try RawHTTPClient.exchange("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n", with: proxy.endpoint))
        #expect(ping.statusCode == 200, "\(file): /_ping answered \(ping.statusCode)")
        let run = try daemon.docker(["create", "--privileged", daemon.imageName, "true"], host: proxy.dockerHost)
        #expect(!run.succeeded, "\(file) allowed a privileged create: \(run)")
    }
}
