import Foundation
import SockguardTestSupport
import Testing

/// The binary as a process: one-shot commands, and stopping a running proxy.
@Suite("sockguard binary lifecycle")
struct ProxyLifecycleTests {
    @Test("sockguard version prints a version and exits 0")
    func version() throws {
        let result = try ProxyProcess.run(arguments: ["version"])
        #expect(result.succeeded, "\(result)")
        #expect(result.stdoutText.contains("version"), "\(result)")
    }

    @Test("SIGTERM stops a running proxy with exit status 0")
    func sigtermExitsCleanly() async throws {
        let upstream = try RecordingUpstream()
        let proxy = try await Fixtures.compatProxy(upstream: upstream.socketPath, environment: [:])
        #expect(proxy.endpoint.acceptsConnections())
        let status = proxy.stop(grace: .seconds(10))
        #expect(status == 0, "exit status after SIGTERM; stderr:\n\(proxy.stderrText)")
    }
}
