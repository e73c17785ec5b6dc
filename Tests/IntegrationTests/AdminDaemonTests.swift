import Foundation
import SockguardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The admin API next to the real daemon: the docker CLI works through the proxy listener while the admin listener
/// checks candidates and reports each policy as a reload puts it in force.
@Suite("admin API with the docker CLI")
struct AdminDaemonTests {
    static func yaml(_ daemon: DockerDaemonHarness, socket: String, admin: String, allow paths: [String]) -> String {
        """
        listen: { socket: "\(socket)" }
        upstream: { socket: "\(daemon.socketPath)" }
        admin: { enabled: true, listen: { socket: "\(admin)" } }
        rules:
          - match: { method: "GET,HEAD", path: "/_ping" }
            action: allow
        \(paths.map { "  - match: { method: GET, path: \"\($0)\" }\n    action: allow" }.joined(separator: "\n"))
        """
    }

    static func json(_ request: String, _ endpoint: SocketEndpoint) throws -> (Int, [String: Any]) {
        let response = try #require(try RawHTTPClient.exchange(request, with: endpoint))
        let body = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        return (response.statusCode, body)
    }

    @Test("candidates are checked without touching the policy; a reload moves the version and the CLI sees it")
    func validateAndReload() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start { paths in
            Self.yaml(daemon, socket: paths.listen.socketPath, admin: paths.directory + "/admin.sock", allow: ["/containers/json"])
        }
        let adminPath = proxy.paths.directory + "/admin.sock"
        #expect(await proxy.waitForStderrLine { $0.contains("listening") && $0.contains("admin.sock") } != nil)
        let admin = SocketEndpoint.unix(adminPath)
        let host = proxy.dockerHost

        #expect(try daemon.docker(["ps"], host: host).succeeded)
        #expect(!(try daemon.docker(["images"], host: host).succeeded))
        // The admin listener is no way to the daemon.
        #expect(!(try daemon.docker(["ps"], host: "unix://" + adminPath).succeeded))

        // A candidate that would allow image lists is only checked.
        let candidate = Self.yaml(daemon, socket: proxy.paths.listen.socketPath, admin: adminPath, allow: ["/containers/json", "/images/json"])
        let (status, body) = try Self.json(
            "POST /admin/validate HTTP/1.1\r\nHost: t\r\nContent-Length: \(candidate.utf8.count)\r\n\r\n\(candidate)",
            admin
        )
        #expect(status == 200 && body["rules"] as? Int == 3, "\(body)")
        #expect(!(try daemon.docker(["images"], host: host).succeeded))
        let (_, before) = try Self.json("GET /admin/policy/version HTTP/1.1\r\nHost: t\r\n\r\n", admin)
        #expect(before["version"] as? Int == 1 && before["rules"] as? Int == 2)

        // Put in force by a reload: the version moves and the next docker command sees the new policy.
        try candidate.write(toFile: proxy.paths.configFile, atomically: true, encoding: .utf8)
        proxy.send(signal: SIGHUP)
        #expect(await proxy.waitForStderrLine(timeout: .seconds(10)) { $0.contains("config reload applied") } != nil)
        let (_, after) = try Self.json("GET /admin/policy/version HTTP/1.1\r\nHost: t\r\n\r\n", admin)
        #expect(after["version"] as? Int == 2 && after["source"] as? String == "reload" && after["rules"] as? Int == 3)
        let images = try daemon.docker(["images"], host: host)
        #expect(images.succeeded, "\(images)")
    }
}
