import Foundation
import SockguardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `log.audit` on the wire: one Go-schema event per request, allowed, denied and would-deny, in a file that
/// logrotate can move away (SIGHUP reopens it).
@Suite struct AuditLogTests {
    static func events(_ path: String) -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// A proxy auditing to `audit.jsonl` in a directory of the test's own (kept alive by the caller).
    static func start(
        extra: String = "",
        output: (String) -> String = { $0 }
    ) async throws -> (ProxyFixture, path: String, directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "sga")
        let path = directory.appending("audit.jsonl")
        let rules =
            ProxyFixture.readOnlyRules + "\n\(extra)\nlog: { audit: { enabled: true, output: \"\(output(path))\" } }"
        return (try await ProxyFixture.start(rules: rules), path, directory)
    }

    static func send(_ fixture: ProxyFixture, _ request: String) throws -> Int {
        let client = try fixture.connect()
        try client.send(request)
        return try #require(client.readResponse()).statusCode
    }

    @Test("allowed and denied requests each get one event with the Go fields, and tell no secrets")
    func events() async throws {
        let (fixture, path, directory) = try await Self.start(output: { "file:" + $0 })
        defer { withExtendedLifetime(directory) {} }
        #expect(try Self.send(fixture, "GET /containers/json HTTP/1.1\r\nHost: t\r\nX-Request-Id: mine\r\n\r\n") == 200)
        #expect(try Self.send(fixture, "GET /secrets/db-password?token=x HTTP/1.1\r\nHost: t\r\n\r\n") == 403)
        #expect(await waitUntil(timeout: .seconds(10)) { Self.events(path).count >= 2 })
        let events = Self.events(path)
        #expect(events.count == 2)
        let allowed = try #require(events.first { $0["decision"] as? String == "allow" })
        let denied = try #require(events.first { $0["decision"] as? String == "deny" })
        let keys = [
            "event_type", "timestamp", "request_id", "client_request_id", "trace_id", "trace_parent_id",
            "trace_span_id", "trace_sampled", "method", "raw_path", "normalized_path", "decision", "reason_code",
            "reason", "matched_rule", "selected_profile", "status", "actor_remote_addr", "actor_source_ip",
            "transport_listener", "transport_scheme", "transport_protocol", "listener_name", "ownership",
        ]
        for event in events {
            #expect(Set(event.keys) == Set(keys), "\(event)")
            #expect(event["event_type"] as? String == "http_request")
            #expect((event["request_id"] as? String)?.count == 32)
            #expect(event["transport_listener"] as? String == "unix")
            #expect(event["transport_protocol"] as? String == "HTTP/1.1")
            #expect((event["ownership"] as? [String: Any])?["enabled"] as? Bool == false)
        }
        #expect(allowed["client_request_id"] as? String == "mine")
        #expect(allowed["matched_rule"] as? Int == 1 && allowed["status"] as? Int == 200)
        #expect(allowed["reason_code"] as? String == "matched_allow_rule")
        #expect(denied["raw_path"] as? String == "/secrets/<redacted>")
        #expect(denied["matched_rule"] as? Int == 2 && denied["status"] as? Int == 403)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("db-password") && !text.contains("token"), "\(text)")
        #expect(fixture.forwardedRequests.count == 1, "only the allowed request reaches the upstream")
    }

    @Test("in warn mode a would-be denial is forwarded and audited as would_deny")
    func wouldDeny() async throws {
        let (fixture, path, directory) = try await Self.start(extra: "mode: warn")
        defer { withExtendedLifetime(directory) {} }
        #expect(try Self.send(fixture, "GET /networks HTTP/1.1\r\nHost: t\r\n\r\n") == 200)
        #expect(await waitUntil(timeout: .seconds(10)) { !Self.events(path).isEmpty })
        let event = try #require(Self.events(path).first)
        #expect(event["decision"] as? String == "would_deny")
        #expect(event["rollout_mode"] as? String == "warn")
        #expect(event["matched_rule"] as? Int == 2)
        #expect(fixture.forwardedRequests.count == 1, "warn mode forwards the would-be denial")
    }

    @Test("after logrotate moves the file, SIGHUP reopens it and events go to the new one")
    func reopen() async throws {
        let (fixture, path, directory) = try await Self.start()
        #expect(try Self.send(fixture, "GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n") == 200)
        #expect(await waitUntil(timeout: .seconds(10)) { Self.events(path).count == 1 })
        let rotated = directory.appending("audit.jsonl.1")
        #expect(rename(path, rotated) == 0)
        fixture.proxy.send(signal: SIGHUP)
        _ = await fixture.proxy.waitForStderrLine { $0.contains("config reload applied") && $0.contains("sighup") }
        #expect(try Self.send(fixture, "GET /_ping HTTP/1.1\r\nHost: t\r\n\r\n") == 200)
        #expect(await waitUntil(timeout: .seconds(10)) { Self.events(path).count == 1 })
        #expect(Self.events(rotated).count == 1)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
    }
}
