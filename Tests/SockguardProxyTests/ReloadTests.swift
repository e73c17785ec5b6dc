import Foundation
import SockguardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Reloading the configuration of a running proxy: each reject result keeps the running policy; a ConfigMap-style
/// symlink swap is seen by the file watch.
@Suite struct ReloadTests {
    static func yaml(socket: String, upstream: String, allow path: String, extra: String = "") -> String {
        """
        listen: { socket: "\(socket)" }
        upstream: { socket: "\(upstream)" }
        reload: { enabled: true, debounce: 50ms }
        rules:
          - match: { method: GET, path: "\(path)" }
            action: allow
        \(extra)
        """
    }

    static func status(_ path: String, _ proxy: ProxyProcess) throws -> Int {
        try #require(try RawHTTPClient.exchange("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n", with: proxy.endpoint)).statusCode
    }

    static func waitForReload(_ proxy: ProxyProcess, _ text: String, count: Int = 1) async -> Bool {
        await proxy.waitForStderrLine(timeout: .seconds(10)) { _ in
            proxy.stderrLines.filter { $0.contains("config reload") && $0.contains(text) }.count >= count
        } != nil
    }

    @Test("SIGHUP applies a new policy; a load, validation or immutable-field failure keeps the running one")
    func rejectResults() async throws {
        let upstream = try RecordingUpstream()
        let proxy = try await ProxyProcess.start { paths in
            Self.yaml(socket: paths.listen.socketPath, upstream: upstream.socketPath, allow: "/version")
        }
        #expect(await proxy.waitForStderrLine { $0.contains("config reload ready") } != nil)
        #expect(try Self.status("/version", proxy) == 200)
        #expect(try Self.status("/info", proxy) == 403)
        let file = proxy.paths.configFile
        let socket = proxy.paths.listen.socketPath

        try Self.yaml(socket: socket, upstream: upstream.socketPath, allow: "/info").write(toFile: file, atomically: true, encoding: .utf8)
        proxy.send(signal: SIGHUP)
        #expect(await Self.waitForReload(proxy, "\"result\":\"ok\""), "\(proxy.stderrText)")
        #expect(try Self.status("/info", proxy) == 200)
        #expect(try Self.status("/version", proxy) == 403)

        let attempts: [(String, String, String)] = [
            ("rules: [", "reject_load", "load failed"),
            (Self.yaml(socket: socket, upstream: upstream.socketPath, allow: "/x/***"), "reject_validation", "validation failed"),
            (Self.yaml(socket: socket + "2", upstream: upstream.socketPath, allow: "/version"), "reject_immutable", "listen"),
        ]
        for (yaml, result, detail) in attempts {
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
            proxy.send(signal: SIGHUP)
            #expect(await Self.waitForReload(proxy, result), "\(result): \(proxy.stderrText)")
            let line = try #require(proxy.stderrLines.last { $0.contains(result) })
            #expect(line.contains(detail), "\(line)")
            #expect(line.contains("\"level\":\"WARN\""), "\(line)")
            // The running policy is untouched.
            #expect(try Self.status("/info", proxy) == 200, "after \(result)")
            #expect(try Self.status("/version", proxy) == 403, "after \(result)")
        }
        #expect(proxy.exitStatus == nil)
    }

    /// Kubernetes mounts a ConfigMap as `file -> ..data/file`, `..data -> ..<timestamp>`, and updates it by renaming
    /// a new `..data` over the old one: the file itself is never written.
    @Test("with reload.enabled, a ConfigMap-style symlink swap is applied without a signal")
    func configMapSwap() async throws {
        let upstream = try RecordingUpstream()
        let directory = try TemporaryDirectory(prefix: "sgcm")
        let socket = directory.appending("proxy.sock")
        func publish(_ version: String, allow path: String) throws {
            let folder = directory.appending("..\(version)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.yaml(socket: socket, upstream: upstream.socketPath, allow: path)
                .write(toFile: folder + "/sockguard.yaml", atomically: true, encoding: .utf8)
            let temporary = directory.appending("..data_tmp")
            try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: "..\(version)")
            #expect(rename(temporary, directory.appending("..data")) == 0)
        }
        try publish("2026_12_06_a", allow: "/version")
        try FileManager.default.createSymbolicLink(
            atPath: directory.appending("sockguard.yaml"),
            withDestinationPath: "..data/sockguard.yaml"
        )
        let proxy = try await ProxyProcess.start(
            listen: .endpoint(.unix(socket)),
            arguments: { _ in ["serve", "-c", directory.appending("sockguard.yaml")] }
        )
        #expect(await proxy.waitForStderrLine { $0.contains("config reload ready") && $0.contains("\"watch\":\"true\"") } != nil)
        #expect(try Self.status("/info", proxy) == 403)
        try publish("2026_12_06_b", allow: "/info")
        #expect(await Self.waitForReload(proxy, "\"trigger\":\"file\""), "\(proxy.stderrText)")
        #expect(try Self.status("/info", proxy) == 200)
        #expect(try Self.status("/version", proxy) == 403)
    }
}
