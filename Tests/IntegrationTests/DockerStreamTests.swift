import Foundation
import SockguardTestSupport
import Testing

/// Large and half-closed streams through a permissive proxy: bytes arrive intact in both directions, and output
/// written after the client closed its input still comes back.
@Suite("streams through the proxy")
struct DockerStreamTests {
    @Test("docker exec -i keeps returning output after the client closes stdin")
    func outputAfterHalfClose() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "halfclose", command: ["sleep", "300"])
        let result = try daemon.docker(
            ["exec", "-i", container.name, "sh", "-c", "cat; echo; sleep 0.5; echo after-eof"],
            host: proxy.dockerHost,
            stdin: Data("abc".utf8),
            timeout: .seconds(30)
        )
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText == "abc\nafter-eof\n", "\(result)")
    }

    @Test("docker exec streams a multi-megabyte binary out of the container byte for byte")
    func largeOutput() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "bigout", command: ["sleep", "300"])
        let direct = try daemon.docker(["exec", container.name, "cat", "/bin/busybox"], timeout: .seconds(60))
        Fixtures.expectSuccess(direct)
        let proxied = try daemon.docker(
            ["exec", container.name, "cat", "/bin/busybox"],
            host: proxy.dockerHost,
            timeout: .seconds(60)
        )
        Fixtures.expectSuccess(proxied)
        #expect(direct.stdout.count > 1_000_000)
        #expect(proxied.stdout.count == direct.stdout.count)
        #expect(proxied.stdout == direct.stdout)
    }

    @Test("docker exec separates stdout and stderr the way the daemon does")
    func stdoutAndStderr() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "streams", command: ["sleep", "300"])
        let result = try daemon.docker(
            ["exec", container.name, "sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2; exit 7"],
            host: proxy.dockerHost
        )
        #expect(result.status == 7)
        #expect(result.stdoutText == "out1\nout2\n", "\(result)")
        #expect(result.stderrText == "err1\nerr2\n", "\(result)")
    }

    @Test("docker cp copies a 2 MiB file into a container and back out unchanged")
    func copyRoundTrip() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "cp", command: ["sleep", "300"])
        let scratch = try TemporaryDirectory(prefix: "sgcp")
        var generator = SystemRandomNumberGenerator()
        let payload = Data((0..<(2 * 1024 * 1024)).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let source = scratch.appending("payload.bin")
        try payload.write(to: URL(fileURLWithPath: source))
        Fixtures.expectSuccess(
            try daemon.docker(["cp", source, "\(container.name):/tmp/payload.bin"], host: proxy.dockerHost)
        )
        let destination = scratch.appending("back.bin")
        Fixtures.expectSuccess(
            try daemon.docker(["cp", "\(container.name):/tmp/payload.bin", destination], host: proxy.dockerHost)
        )
        let copied = try Data(contentsOf: URL(fileURLWithPath: destination))
        #expect(copied.count == payload.count)
        #expect(copied == payload)
    }
}
