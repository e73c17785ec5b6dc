import Foundation
import SockguardTestSupport
import Testing

/// `sockguard learn --from-log FILE`: the same policy, learned offline from access or audit logs.
@Suite("sockguard learn --from-log")
struct LearnFromLogTests {
    /// Access log lines (decision allow, a would_deny of audit mode, a deny), an audit event, and lines that are
    /// not requests.
    static let log = """
        {"time":"2026-12-07T10:00:00Z","level":"INFO","msg":"listening","address":"/run/sockguard.sock"}
        {"time":"2026-12-07T10:00:01Z","level":"INFO","msg":"request","method":"GET","path":"/v1.41/containers/json","normalized_path":"/containers/json","decision":"allow"}
        {"time":"2026-12-07T10:00:02Z","level":"INFO","msg":"request","method":"POST","path":"/v1.41/containers/3f2a/start","normalized_path":"/containers/3f2a/start","decision":"allow"}
        {"time":"2026-12-07T10:00:03Z","level":"INFO","msg":"request_would_deny","method":"GET","path":"/v1.41/secrets","normalized_path":"/secrets","decision":"would_deny","reason_code":"no_matching_allow_rule"}
        {"time":"2026-12-07T10:00:04Z","level":"WARN","msg":"request_denied","method":"DELETE","path":"/containers/x","normalized_path":"/containers/x","decision":"deny"}
        {"event_type":"http_request","method":"POST","raw_path":"/v1.41/containers/9c1e/stop","normalized_path":"/containers/9c1e/stop","decision":"allow","selected_profile":""}
        not json at all
        {"time":"2026-12-07T10:00:05Z","level":"INFO","msg":"request","method":"GET","path":"/health","normalized_path":"/health","decision":""}
        """

    @Test("rules for what was allowed; what the starting policy would refuse is listed, and the output validates")
    func fromAccessAndAuditLog() throws {
        let directory = try TemporaryDirectory(prefix: "sgl")
        let logPath = directory.appending("access.log")
        try Self.log.write(toFile: logPath, atomically: true, encoding: .utf8)
        let policyPath = directory.appending("learned.yaml")
        let result = try CLI.run(["learn", "--from-log", logPath, "-o", policyPath])
        #expect(result.status == 0, "\(result)")
        let policy = try String(contentsOfFile: policyPath, encoding: .utf8)
        #expect(policy.contains("path: \"/containers/*/start\""), "\(policy)")
        #expect(policy.contains("path: \"/containers/*/stop\""), "\(policy)")
        #expect(policy.contains("path: \"/containers/json\""), "\(policy)")
        #expect(!policy.contains("path: \"/secrets\"") && !policy.contains("DELETE"), "\(policy)")
        #expect(policy.contains("#   1 x GET /secrets (no_matching_allow_rule)"), "\(policy)")
        #expect(policy.contains("# 4 requests seen, starting from the given policy."), "\(policy)")
        #expect(try CLI.run(["validate", "-c", policyPath]).status == 0)
        // The learned policy allows what was seen and nothing else.
        for (method, path, decision) in [
            ("POST", "/containers/other/start", "allow"), ("GET", "/containers/json", "allow"),
            ("GET", "/secrets", "deny"), ("DELETE", "/containers/x", "deny"),
        ] {
            let match = try CLI.json(
                try CLI.run(["match", "-c", policyPath, "-X", method, "--path", path, "-o", "json"])
            )
            #expect(match["decision"] as? String == decision, "\(method) \(path): \(match)")
        }

        // --allow-all-while-learning learns the would-be denials too; standard output by default.
        let all = try CLI.run(["learn", "--from-log", logPath, "--allow-all-while-learning"])
        #expect(all.status == 0, "\(all)")
        #expect(all.stdoutText.contains("path: \"/secrets\""), "\(all)")
    }

    @Test("bad flags are refused with a clear message")
    func badFlags() throws {
        let duration = try CLI.run(["learn", "--duration", "soon"])
        #expect(duration.status != 0 && duration.stderrText.contains("--duration soon"), "\(duration)")
        let mixed = try CLI.run(["learn", "--from-log", "-", "--requests", "3"])
        #expect(mixed.status != 0 && mixed.stderrText.contains("--from-log"), "\(mixed)")
        let missing = try CLI.run(["learn", "--from-log", "/nonexistent/access.log"])
        #expect(missing.status != 0 && missing.stderrText.contains("cannot read --from-log"), "\(missing)")
    }
}
