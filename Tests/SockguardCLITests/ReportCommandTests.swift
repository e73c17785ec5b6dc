import Foundation
import SockguardTestSupport
import Testing

/// `sockguard report`: every endpoint of the Engine API, per profile, with its decision and what it exposes.
@Suite("sockguard report")
struct ReportCommandTests {
    /// Two profiles that differ, ownership (the daemon's answer decides), a privileged create let through, exec
    /// limited to one command: every kind of row.
    static let profilesYAML = """
        ownership: { owner: team-a }
        clients:
          default_profile: reader
          profiles:
            - name: reader
              rules:
                - match: { method: "GET,HEAD", path: "/_ping" }
                  action: allow
                - match: { method: GET, path: "/containers/**" }
                  action: allow
            - name: deployer
              request_body:
                container_create: { allow_privileged: true }
                exec: { allowed_commands: [["/bin/true"]] }
              rules:
                - match: { method: "*", path: "/containers/**" }
                  action: allow
                - match: { method: "POST", path: "/exec/*/start" }
                  action: allow
                - match: { method: "POST", path: "/build" }
                  action: allow
        """

    static func report(_ arguments: [String], environment: [String: String] = [:]) throws -> [String: Any] {
        let result = try CLI.run(["report", "-o", "json"] + arguments, environment: environment)
        #expect(result.status == 0, "\(result)")
        return try CLI.json(result)
    }

    static func rows(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["endpoints"] as? [[String: Any]])
    }

    static func row(
        _ rows: [[String: Any]],
        _ method: String,
        _ endpoint: String,
        profile: String? = nil
    ) throws -> [String: Any] {
        try #require(
            rows.first { row in
                row["method"] as? String == method && row["endpoint"] as? String == endpoint
                    && (profile == nil || row["profile"] as? String == profile)
            },
            "no row \(method) \(endpoint)"
        )
    }

    @Test("the built-in default opens only ping, version and events, all read-only")
    func defaults() throws {
        let report = try Self.report([])
        let rows = try Self.rows(report)
        #expect(rows.count == 108)
        let open = rows.filter { $0["decision"] as? String != "denied" }.map { "\($0["method"]!) \($0["endpoint"]!)" }
        #expect(Set(open) == ["GET /_ping", "HEAD /_ping", "GET /version", "GET /events"])
        #expect(report["exposes"] as? String == "read-only")
        #expect(try CLI.run(["report", "--fail-on", "disruption"]).status == 0)
    }

    @Test("Tecnativa CONTAINERS=1 POST=1: creates are open but inspected, attach is host-root, --fail-on says so")
    func tecnativa() throws {
        // Without the acknowledgement the configuration does not start: it opens exec with no command list.
        let environment = ["CONTAINERS": "1", "POST": "1", "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true"]
        let rows = try Self.rows(try Self.report([], environment: environment))
        let create = try Self.row(rows, "POST", "/containers/create")
        #expect(create["decision"] as? String == "allowed-with-inspection")
        #expect(create["exposes"] as? String == "disruption")
        let probes = try #require(create["probes"] as? [[String: Any]])
        let privileged = try #require(probes.first { $0["name"] as? String == "privileged" })
        #expect(privileged["decision"] as? String == "deny")
        #expect(privileged["reason_code"] as? String == "container_create_privileged")
        let attach = try Self.row(rows, "POST", "/containers/{id}/attach")
        #expect(attach["decision"] as? String == "allowed" && attach["exposes"] as? String == "host-root")
        #expect(try Self.row(rows, "GET", "/secrets")["decision"] as? String == "denied")

        let failing = try CLI.run(["report", "--fail-on", "host-root"], environment: environment)
        #expect(failing.status == 1, "\(failing)")
        #expect(failing.stderrText.contains("exposes host-root"), "\(failing)")
        // The table itself: a header per profile, and no colour when stdout is not a terminal.
        let table = try CLI.run(["report"], environment: environment)
        #expect(table.stdoutText.hasPrefix("profile (all clients): "), "\(table)")
        #expect(table.stdoutText.contains("rule 0 (env CONTAINERS)"), "\(table)")
        #expect(!table.stdoutText.contains("\u{1B}["))
        let markdown = try CLI.run(["report", "-o", "markdown"], environment: environment)
        #expect(markdown.stdoutText.contains("| Decision | Exposes | Method | Endpoint | Decided by | Notes |"))
    }

    /// In front of Podman, the libpod endpoints are judged too: creates open but inspected, exec host-root.
    @Test("LIBPOD_CONTAINERS=1 POST=1: the libpod rows show inspected creates and a host-root exec")
    func podmanRows() throws {
        let environment = [
            "SOCKGUARD_COMPAT": "linuxserver", "LIBPOD_CONTAINERS": "1", "LIBPOD_PODS": "1", "POST": "1",
            "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true",
        ]
        let rows = try Self.rows(try Self.report([], environment: environment))
        let create = try Self.row(rows, "POST", "/libpod/containers/create")
        #expect(create["decision"] as? String == "allowed-with-inspection")
        let blocked = (create["probes"] as? [[String: Any]] ?? []).filter { $0["decision"] as? String == "deny" }
        #expect(blocked.count == 5, "\(create)")
        #expect(try Self.row(rows, "POST", "/libpod/pods/create")["decision"] as? String == "allowed-with-inspection")
        #expect(try Self.row(rows, "POST", "/libpod/containers/{name}/exec")["exposes"] as? String == "host-root")
        // A policy for dockerd alone has no libpod rows.
        #expect(
            try Self.rows(try Self.report([])).allSatisfy { !($0["endpoint"] as? String ?? "").hasPrefix("/libpod") }
        )
    }

    @Test("allow_privileged opens the privileged variant, and the report says so")
    func privilegedOpen() throws {
        let config = try ConfigFile { _ in Self.profilesYAML }
        let rows = try Self.rows(try Self.report(["-c", config.path]))
        let create = try Self.row(rows, "POST", "/containers/create", profile: "deployer")
        #expect(create["exposes"] as? String == "host-root")
        let probes = try #require(create["probes"] as? [[String: Any]])
        // With ownership on, the daemon is asked who owns the image first; the inspectors have let it through.
        let open = probes.filter { $0["decision"] as? String == "ask_daemon" }.compactMap { $0["name"] as? String }
        #expect(open.contains("privileged") && !open.contains("bind /"), "\(open)")
        // The reader profile (the default) cannot create at all; ownership makes the daemon decide inspects.
        #expect(try Self.row(rows, "POST", "/containers/create", profile: "reader")["decision"] as? String == "denied")
        let inspect = try Self.row(rows, "GET", "/containers/{id}/json", profile: "reader")
        #expect(inspect["decision"] as? String == "allowed-with-inspection")
        let lookup = try #require((inspect["probes"] as? [[String: Any]])?.first?["lookup"] as? String)
        #expect(lookup.hasPrefix("GET /containers/sample"), "\(lookup)")
    }

    /// Every row of the report, harmless request and dangerous variant alike, is decided as `sockguard match`
    /// decides the same request for the same profile: the decision and the reason code.
    @Test("every row and variant agrees with match", arguments: ["profiles", "tecnativa", "podman"])
    func agreesWithMatch(configuration: String) async throws {
        let config = try ConfigFile { _ in Self.profilesYAML }
        let (arguments, environment): ([String], [String: String]) =
            switch configuration {
            case "profiles": (["-c", config.path], [:])
            case "tecnativa":
                (
                    [],
                    ["CONTAINERS": "1", "POST": "1", "EXEC": "1", "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true"]
                )
            default:
                (
                    [],
                    [
                        "SOCKGUARD_COMPAT": "linuxserver", "LIBPOD_CONTAINERS": "1", "LIBPOD_PODS": "1",
                        "LIBPOD_EXEC": "1", "POST": "1", "SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES": "true",
                    ]
                )
            }
        let report = try Self.report(arguments, environment: environment)
        let groups = try #require(report["profiles"] as? [[String: Any]])
        let flags = Dictionary(
            uniqueKeysWithValues: groups.map { ($0["name"] as! String, $0["match_arguments"] as! [String]) }
        )
        var checks: [AgreementCheck] = []
        for row in try Self.rows(report) {
            let profile = try #require(row["profile"] as? String)
            for probe in try #require(row["probes"] as? [[String: Any]]) {
                checks.append(
                    AgreementCheck(
                        row: "\(profile) \(row["method"]!) \(probe["target"]!) \(probe["name"]!)",
                        arguments: [
                            "match", "-o", "json", "-X", row["method"] as! String, "--path", probe["target"] as! String,
                        ]
                            + arguments + flags[profile, default: []],
                        body: (probe["body_base64"] as? String).flatMap { Data(base64Encoded: $0) },
                        decision: probe["decision"] as? String ?? "",
                        reasonCode: probe["reason_code"] as? String
                    )
                )
            }
        }
        // Every endpoint and every dangerous variant (108 and 17), for every profile; with Podman's endpoints
        // (51 and 9) when the policy opens one of them.
        let podman = configuration == "podman"
        #expect(checks.count == groups.count * (podman ? 108 + 17 + 51 + 9 : 108 + 17))
        let bodies = try TemporaryDirectory(prefix: "sgr")
        // Four match processes at a time.
        try await withThrowingTaskGroup(of: String?.self) { group in
            for (index, check) in checks.enumerated() {
                if index >= 4, let problem = try await group.next() ?? nil { Issue.record(Comment(rawValue: problem)) }
                let path = bodies.appending("body-\(index)")
                group.addTask { try check.disagreement(bodyPath: path, environment: environment) }
            }
            for try await problem in group { if let problem { Issue.record(Comment(rawValue: problem)) } }
        }
    }
}

/// One request of the report, and what the report said of it.
struct AgreementCheck: Sendable {
    var row: String
    var arguments: [String]
    var body: Data?
    var decision: String
    var reasonCode: String?

    /// What differs between the report and `sockguard match` on the same request, nil when nothing does.
    func disagreement(bodyPath: String, environment: [String: String]) throws -> String? {
        var arguments = self.arguments
        if let body {
            try body.write(to: URL(fileURLWithPath: bodyPath))
            arguments += ["--body", bodyPath]
        }
        let answer = try CLI.json(try CLI.run(arguments, environment: environment))
        let decision = answer["decision"] as? String
        let code = answer["reason_code"] as? String
        // match leaves out the reason code of an allow by a rule; the report keeps it.
        let codesAgree = code == self.reasonCode || (code == nil && self.reasonCode == "matched_allow_rule")
        if decision == self.decision && codesAgree { return nil }
        return "\(row): report \(self.decision) \(reasonCode ?? "-"), match \(decision ?? "?") \(code ?? "-")"
    }
}
