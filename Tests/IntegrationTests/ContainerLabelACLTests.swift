import Foundation
import SockguardTestSupport
import Testing

/// `clients.container_labels` against the real daemon: client containers on a user-defined bridge, told apart
/// by the proxy asking the daemon who has their address.
@Suite("container-label ACLs with real client containers")
struct ContainerLabelACLIntegrationTests {
    @Test("two client containers with different labels get different rights through one proxy")
    func twoContainers() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let network = try ClientNetwork(daemon, tag: "acl-net", base: "10.232")
        let port = SocketEndpoint.freeTCPPort()
        let proxy = try await ProxyProcess.start(listen: .endpoint(.tcp(port: port))) { _ in
            """
            listen: { address: "0.0.0.0:\(port)", insecure_allow_plain_tcp: true }
            upstream: { socket: "\(daemon.socketPath)" }
            response: { deny_verbosity: verbose }
            clients:
              container_labels: { enabled: true }
            rules:
              - match: { method: "GET,HEAD", path: "/**" }
                action: allow
            """
        }
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
        // A container without labels may do nothing; the host (not a container) is judged by the rules alone.
        let unlabelled = try fetch("/_ping", labels: [])
        #expect(unlabelled.stderrText.contains("403"), "\(unlabelled)")
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
    }
}
