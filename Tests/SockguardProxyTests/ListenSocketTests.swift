import Foundation
import SockguardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An existing file at the unix listen path, handled as the Go sockguard handles it: a stale socket is replaced,
/// a live one and any other file are kept and the proxy refuses to start.
@Suite struct ListenSocketTests {
    @Test("a live listener is never stolen; a stale socket left by a killed proxy is replaced; other files are kept")
    func existingSocketFile() async throws {
        let upstream = try RecordingUpstream()
        let directory = try TemporaryDirectory(prefix: "sgsock")
        let path = directory.appending("proxy.sock")
        func start() async throws -> ProxyProcess {
            try await ProxyProcess.start(
                listen: .endpoint(.unix(path)),
                arguments: { _ in ["serve", "--listen-socket", path, "--upstream-socket", upstream.socketPath] }
            )
        }
        let first = try await start()
        let second = try ProxyProcess.run(arguments: ["serve", "--listen-socket", path, "--upstream-socket", upstream.socketPath])
        #expect(second.status == 1, "\(second)")
        #expect(second.stderrText.contains("in use"), "\(second)")
        // The first proxy still owns the path and serves.
        let ping = try #require(try RawHTTPClient.exchange("GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n", with: .unix(path)))
        #expect(ping.statusCode == 200)

        // SIGKILL leaves the socket file behind; the next proxy replaces it.
        first.send(signal: SIGKILL)
        #expect(first.stop() == 128 + SIGKILL, "waits for the exit; the killed proxy leaves its socket file")
        #expect(FileManager.default.fileExists(atPath: path))
        let third = try await start()
        let answer = try #require(try RawHTTPClient.exchange("GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n", with: third.endpoint))
        #expect(answer.statusCode == 200)
        third.stop()

        let regular = directory.appending("regular")
        #expect(FileManager.default.createFile(atPath: regular, contents: Data("keep me".utf8)))
        let refused = try ProxyProcess.run(arguments: ["serve", "--listen-socket", regular, "--upstream-socket", upstream.socketPath])
        #expect(refused.status == 1)
        #expect(refused.stderrText.contains("is not a socket"), "\(refused)")
        #expect(FileManager.default.contents(atPath: regular) == Data("keep me".utf8))
    }
}
