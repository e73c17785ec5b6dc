import Foundation
import SockguardTestSupport
import Testing

/// `clients.container_labels` against the real daemon: client containers on a user-defined bridge, told apart
/// by the proxy asking the daemon who has their address.
@Suite("container-label ACLs with real client containers")
struct ContainerLabelACLIntegrationTests {
    static func proxy(_ daemon: DockerDaemonHarness, port: Int, labels: String) async throws -> ProxyProcess {
        try await ProxyProcess.start(listen: .endpoint(.tcp(port: port))) { _ in
            """
            listen: { address: "0.0.0.0:\(port)", insecure_allow_plain_tcp: true }
            upstream: { socket: "\(daemon.socketPath)" }
            response: { deny_verbosity: verbose }
            clients:
              container_labels: \(labels)
            rules:
              - match: { method: "GET,HEAD", path: "/**" }
                action: allow
            """
        }
    }

    @Test("two client containers with different labels get different rights through one proxy")
    func twoContainers() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let network = try ClientNetwork(daemon, tag: "acl-net", base: "10.232")
        let port = SocketEndpoint.freeTCPPort()
        let proxy = try await Self.proxy(daemon, port: port, labels: "{ enabled: true }")
        func fetch(_ path: String, labels: [String]) throws -> CommandResult {
            try network.fetch(port: port, path, labels: labels)
        }
        let containersOnly = ["com.sockguard.allow.get=/containers/**,/_ping"]
        let imagesOnly = ["com.sockguard.allow.get=/images/**"]
        let containersReader = try fetch("/containers/json", labels: containersOnly)
        Fixtures.expectSuccess(containersReader)
        #expect(containersReader.stdoutText.hasPrefix("["))
        let refusedImages = try fetch("/images/json", labels: containersOnly)
        #expect(!refusedImages.succeeded)
        #expect(refusedImages.stderrText.contains("403"), "\(refusedImages)")
        // Docker gives the next container the address the last one had: its rights must be its own.
        Fixtures.expectSuccess(try fetch("/images/json", labels: imagesOnly))
        let refusedContainers = try fetch("/containers/json", labels: imagesOnly)
        #expect(refusedContainers.stderrText.contains("403"), "\(refusedContainers)")
        // A container without allow labels falls through to the rules, as in sockguard (Go) and wollomatic; one
        // whose label allows nothing gets nothing; the host (not a container) is judged by the rules alone.
        Fixtures.expectSuccess(try fetch("/_ping", labels: []))
        let emptyLabel = try fetch("/_ping", labels: ["com.sockguard.allow.get="])
        #expect(emptyLabel.stderrText.contains("403"), "\(emptyLabel)")
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))

        // require_labels keeps the stricter behaviour: a container without allow labels may do nothing.
        let strictPort = SocketEndpoint.freeTCPPort()
        let strict = try await Self.proxy(daemon, port: strictPort, labels: "{ enabled: true, require_labels: true }")
        let unlabelled = try network.fetch(port: strictPort, "/_ping", labels: [])
        #expect(unlabelled.stderrText.contains("403"), "\(unlabelled)")
        Fixtures.expectSuccess(try network.fetch(port: strictPort, "/_ping", labels: containersOnly))
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: strict.dockerHost))
    }
}
