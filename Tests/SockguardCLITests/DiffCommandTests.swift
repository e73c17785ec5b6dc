import Foundation
import SockguardTestSupport
import Testing

/// `sockguard diff OLD NEW`: what changes between two policies, widest first, and `--fail-on` for CI.
@Suite("sockguard diff")
struct DiffCommandTests {
    /// Narrower than the readonly preset in most places, but it opens exec.
    static let execYAML = """
        insecure_allow_body_blind_writes: true
        rules:
          - match: { method: "GET,HEAD", path: "/_ping" }
            action: allow
          - match: { method: GET, path: "/containers/**" }
            action: allow
          - match: { method: POST, path: "/containers/*/exec" }
            action: allow
        """

    @Test("a policy against itself changes nothing, and --fail-on passes")
    func unchanged() throws {
        let config = try ConfigFile { _ in Self.execYAML }
        let result = try CLI.run(["diff", config.path, config.path, "--fail-on", "host-root"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutText.contains("no endpoint changes"), "\(result)")
    }

    @Test("opening exec is the first change, marked host-root, and --fail-on host-root stops it")
    func widening() throws {
        let config = try ConfigFile { _ in Self.execYAML }
        let result = try CLI.run(["diff", "preset:readonly", config.path])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdoutText.split(separator: "\n")
        let first = try #require(lines.first)
        #expect(first.hasPrefix("+ host-root") && first.contains("POST   /containers/{id}/exec"), "\(result)")
        // Everything else narrows: the readonly preset's reads of images, networks, secrets... are gone.
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("-") }, "\(result)")
        #expect(lines.contains { $0.contains("GET    /images/json") && $0.hasSuffix("allowed -> denied") })

        let failing = try CLI.run(["diff", "preset:readonly", config.path, "--fail-on", "host-root"])
        #expect(failing.status == 1, "\(failing)")
        #expect(failing.stderrText.contains("widens access"), "\(failing)")
        // The other way round nothing host-root opens, but secrets do (image exports, service logs).
        let back = try CLI.run(["diff", config.path, "preset:readonly", "--fail-on", "host-root"])
        #expect(back.status == 0, "\(back)")
        #expect(try CLI.run(["diff", config.path, "preset:readonly", "--fail-on", "secret"]).status == 1)
    }

    @Test("-o json lists each change with both decisions and what it widens")
    func json() throws {
        let config = try ConfigFile { _ in Self.execYAML }
        let object = try CLI.json(try CLI.run(["diff", "preset:readonly", config.path, "-o", "json"]))
        #expect(object["widens"] as? String == "host-root")
        let changes = try #require(object["changes"] as? [[String: Any]])
        let exec = try #require(changes.first)
        #expect(exec["endpoint"] as? String == "/containers/{id}/exec")
        #expect(exec["old_decision"] as? String == "denied")
        #expect(exec["new_decision"] as? String == "allowed-with-inspection")
        #expect(exec["new_exposes"] as? String == "host-root")
        #expect(changes.dropFirst().allSatisfy { $0["widens"] is NSNull })
    }

    @Test("a configuration that does not load is an error naming it")
    func badConfiguration() throws {
        let result = try CLI.run(["diff", "preset:readonly", "preset:nosuch"])
        #expect(result.status != 0)
        #expect(result.stderrText.contains("no preset named nosuch"), "\(result)")
    }
}
