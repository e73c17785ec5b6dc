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
        let network = DockerDaemonHarness.uniqueName("acl-net")
        let octet = Int.random(in: 16...250)
        let gateway = "10.232.\(octet).1"
        Fixtures.expectSuccess(
            try daemon.docker(["network", "create", "--subnet", "10.232.\(octet).0/24", "--gateway", gateway, network])
        )
        defer { _ = try? daemon.docker(["network", "rm", network]) }
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
        /// busybox wget from a fresh container with these labels, against the proxy.
        func fetch(_ path: String, labels: [String]) throws -> CommandResult {
            try daemon.docker(
                ["run", "--rm", "--network", network] + labels.flatMap { ["--label", $0] }
                    + [daemon.imageName, "wget", "-q", "-O", "-", "http://\(gateway):\(port)\(path)"],
                timeout: .seconds(60)
            )
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
