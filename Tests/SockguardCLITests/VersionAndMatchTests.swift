import Foundation
import SockguardTestSupport
import Testing

@Suite("sockguard version")
struct VersionCommandTests {
    @Test("version prints the version as text")
    func text() throws {
        let result = try CLI.run(["version"])
        #expect(result.status == 0, "\(result)")
        let line = try #require(result.stdoutText.split(separator: "\n").first, "\(result)")
        #expect(line.hasPrefix("version:"), "\(result)")
        #expect(line.count > "version:".count + 1)
    }

    @Test("version -o json prints a JSON object with a version")
    func json() throws {
        let result = try CLI.run(["version", "-o", "json"])
        #expect(result.status == 0, "\(result)")
        let object = try CLI.json(result)
        let version = try #require(object["version"] as? String)
        #expect(!version.isEmpty)
        #expect(object["engine_api"] is String)
    }

    @Test("--version agrees with the version subcommand")
    func flag() throws {
        let flag = try CLI.run(["--version"])
        let json = try CLI.json(try CLI.run(["version", "-o", "json"]))
        #expect(flag.status == 0)
        #expect(flag.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == json["version"] as? String)
    }
}

@Suite("sockguard match")
struct MatchCommandTests {
    @Test("an allowed request shows decision allow, the rule index and the canonical path")
    func allowed() throws {
        let config = try ConfigFile.good()
        let result = try CLI.run([
            "match", "-c", config.path, "-X", "GET", "--path", "/v1.41/containers/json", "-o", "json",
        ])
        #expect(result.status == 0, "\(result)")
        let object = try CLI.json(result)
        #expect(object["decision"] as? String == "allow")
        #expect(object["rule"] as? String == "1")
        #expect(object["normalized_path"] as? String == "/containers/json")
        #expect(object["method"] as? String == "GET")
        // The Go sockguard's fields: the config read and the matched rule, 1-based.
        #expect(object["config"] as? String == config.path)
        let rule = try #require(object["matched_rule"] as? [String: Any], "\(result)")
        #expect(rule["index"] as? Int == 2)
        #expect(rule["action"] as? String == "allow")
        #expect(rule["path"] as? String == "/containers/**")
    }

    @Test("with Tecnativa variables, match -o json names the compat mode")
    func compatMode() throws {
        let result = try CLI.run(["match", "-X", "GET", "--path", "/containers/json", "-o", "json"], environment: ["CONTAINERS": "1"])
        #expect(result.status == 0, "\(result)")
        let object = try CLI.json(result)
        #expect(object["compat_mode"] as? String == "tecnativa")
        #expect(object["decision"] as? String == "allow")
    }

    @Test(
        "a denied request shows decision deny and the rule that denied it",
        arguments: [
            ("POST", "/v1.41/containers/create", "/containers/create"),
            ("GET", "/v1.41/containers/json/../../secrets", "/secrets"),
            ("GET", "/containers/%2e%2e/secrets", "/secrets"),
            ("GET", "/V1.41/containers/json", "/V1.41/containers/json"),
        ]
    )
    func denied(method: String, path: String, canonical: String) throws {
        let config = try ConfigFile.good()
        let result = try CLI.run(["match", "-c", config.path, "-X", method, "--path", path, "-o", "json"])
        #expect(result.status == 0, "\(result)")
        let object = try CLI.json(result)
        #expect(object["decision"] as? String == "deny")
        #expect(object["rule"] as? String == "2")
        #expect(object["reason_code"] as? String == "matched_deny_rule")
        #expect(object["normalized_path"] as? String == canonical)
    }

    @Test("an invalid path shows decision deny with status 400", arguments: ["/_ping%00", "/../x", "/a%252e", "/a\\b"])
    func invalid(path: String) throws {
        let config = try ConfigFile.good()
        let result = try CLI.run(["match", "-c", config.path, "--path", path, "-o", "json"])
        #expect(result.status == 0, "\(result)")
        let object = try CLI.json(result)
        #expect(object["decision"] as? String == "deny")
        #expect(object["status"] as? String == "400")
    }

    @Test("text output lists the same fields")
    func text() throws {
        let config = try ConfigFile.good()
        let result = try CLI.run(["match", "-c", config.path, "-X", "GET", "--path", "/v1.41/containers/json"])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdoutText.split(separator: "\n").map { $0.replacingOccurrences(of: " ", with: "") }
        #expect(lines.contains("decision:allow"), "\(result)")
        #expect(lines.contains("normalized_path:/containers/json"), "\(result)")
    }
}

@Suite("Tecnativa compatibility environment")
struct TecnativaCompatTests {
    @Test("CONTAINERS=1 with no rules allows container reads and denies container writes")
    func containers() throws {
        let environment = ["CONTAINERS": "1"]
        let read = try CLI.json(
            try CLI.run(["match", "-X", "GET", "--path", "/containers/json", "-o", "json"], environment: environment)
        )
        #expect(read["decision"] as? String == "allow")
        let write = try CLI.json(
            try CLI.run(
                ["match", "-X", "POST", "--path", "/containers/create", "-o", "json"],
                environment: environment
            )
        )
        #expect(write["decision"] as? String == "deny")
    }

    @Test("without CONTAINERS=1 the built-in defaults deny container reads (the host environment does not leak)")
    func cleanEnvironment() throws {
        let result = try CLI.json(try CLI.run(["match", "-X", "GET", "--path", "/containers/json", "-o", "json"]))
        #expect(result["decision"] as? String == "deny")
    }

    @Test("CONTAINERS=1 is ignored when the file has explicit rules")
    func explicitRulesWin() throws {
        let config = try ConfigFile { directory in
            """
            upstream: { socket: "\(directory.appending("upstream.sock"))" }
            rules:
              - match: { method: "GET", path: "/_ping" }
                action: allow
            """
        }
        let result = try CLI.json(
            try CLI.run(
                ["match", "-c", config.path, "-X", "GET", "--path", "/containers/json", "-o", "json"],
                environment: ["CONTAINERS": "1"]
            )
        )
        #expect(result["decision"] as? String == "deny")
    }
}
