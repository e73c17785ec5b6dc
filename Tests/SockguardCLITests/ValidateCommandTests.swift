import Foundation
import SockguardTestSupport
import Testing

@Suite("sockguard validate and serve with bad configuration")
struct ValidateCommandTests {
    @Test("validate of a good file exits 0 and prints the compiled rule table")
    func good() throws {
        let config = try ConfigFile.good()
        let result = try CLI.run(["validate", "-c", config.path])
        #expect(result.status == 0, "\(result)")
        let out = result.stdoutText
        #expect(out.contains("configuration OK"), "\(result)")
        let table = out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(table.contains { $0.prefix(4) == ["#", "ACTION", "METHODS", "PATH"] }, "\(result)")
        #expect(table.contains { $0.prefix(4) == ["0", "allow", "GET,HEAD", "/_ping"] }, "\(result)")
        #expect(table.contains { $0.prefix(4) == ["1", "allow", "GET", "/containers/**"] }, "\(result)")
        #expect(table.contains { $0.prefix(4) == ["2", "deny", "*", "/**"] && $0.suffix(2) == ["default", "deny"] })
        #expect(result.stderrText.isEmpty, "\(result)")
    }

    @Test("validate prints each profile's limits and the global cap")
    func limits() throws {
        let directory = try TemporaryDirectory(prefix: "sgv")
        let path = directory.appending("sockguard.yaml")
        let yaml = """
            clients:
              global_concurrency: { max_inflight: 10 }
              default_profile: ci
              profiles:
                - name: ci
                  rules:
                    - match: { method: GET, path: "/_ping" }
                      action: allow
                  limits:
                    rate: { tokens_per_second: 5, burst: 20, endpoint_costs: [{ path: /build, cost: 10 }] }
                    concurrency: { max_inflight: 8 }
                    priority: high
            """
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", "-c", path])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(
            lines.contains("limits: 5 requests/s (burst 20, 1 endpoint cost); at most 8 in flight; priority high"),
            "\(result)"
        )
        #expect(lines.contains("global concurrency: 10 in flight (low 5, normal 8, high 10)"), "\(result)")
    }

    struct BadConfig: Sendable, CustomTestStringConvertible {
        let name: String
        /// The file's YAML given its directory; nil means "no such file".
        let yaml: (@Sendable (String) -> String)?
        /// A line of stderr must start with this.
        let message: String
        var testDescription: String { name }
    }

    static func withRules(_ listen: String = "", _ rules: String) -> @Sendable (String) -> String {
        { directory in
            """
            listen: { \(listen.isEmpty ? "socket: \"\(directory)/proxy.sock\"" : listen) }
            upstream: { socket: "\(directory)/upstream.sock" }
            rules:
              - match: { method: "GET", path: "/_ping" }
                action: allow
            \(rules)
            """
        }
    }

    static let badConfigs: [BadConfig] = [
        BadConfig(
            name: "rule path without a leading slash",
            yaml: withRules("", "  - match: { method: \"GET\", path: \"containers\" }\n    action: allow"),
            message: "rules[1].match.path: "
        ),
        BadConfig(
            name: "bad method",
            yaml: withRules("", "  - match: { method: \"G ET\", path: \"/x\" }\n    action: allow"),
            message: "rules[1].match.method: "
        ),
        BadConfig(
            name: "unknown key listen.adress",
            yaml: { directory in
                "listen: { adress: \"127.0.0.1:2375\" }\nupstream: { socket: \"\(directory)/u.sock\" }\n"
            },
            message: "listen.adress: unknown key"
        ),
        BadConfig(
            name: "world-accessible socket_mode",
            yaml: withRules("socket: \"/tmp/never-used.sock\", socket_mode: \"0777\"", ""),
            message: "listen.socket_mode: "
        ),
        BadConfig(
            name: "non-loopback address without insecure_allow_plain_tcp",
            yaml: withRules("address: \"0.0.0.0:2375\"", ""),
            message: "listen.address: "
        ),
        BadConfig(
            name: "listen.tls files that are not PEM (the config file itself)",
            yaml: withRules(
                "address: \"127.0.0.1:0\", tls: { cert_file: \"/proc/self/cmdline\", key_file: \"/proc/self/cmdline\", "
                    + "client_ca_file: \"/proc/self/cmdline\" }",
                ""
            ),
            message: "listen.tls.cert_file /proc/self/cmdline: not a readable PEM certificate file"
        ),
        BadConfig(
            name: "an upstream endpoint over plain TCP without the opt-in",
            yaml: { directory in
                """
                listen: { socket: "\(directory)/proxy.sock" }
                upstream:
                  endpoints:
                    - address: "tcp://10.0.0.5:2375"
                """
            },
            message: "upstream.endpoints[0]"
        ),
        BadConfig(
            name: "missing explicit file",
            yaml: nil,
            message: "cannot read configuration file"
        ),
    ]

    @Test("validate of a bad file exits 1 and names the key path", arguments: badConfigs)
    func bad(_ bad: BadConfig) throws {
        let (path, directory) = try Self.write(bad)
        defer { withExtendedLifetime(directory) {} }
        let result = try CLI.run(["validate", "-c", path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderrText.hasPrefix("sockguard: invalid configuration\n"), "\(result)")
        #expect(
            result.stderrText.split(separator: "\n").contains { $0.hasPrefix(bad.message) },
            "stderr lacks a line starting with \(bad.message.debugDescription):\n\(result)"
        )
        #expect(!result.stdoutText.contains("configuration OK"))
    }

    @Test("serve with a bad file exits 1 with the same message as validate and never listens", arguments: badConfigs)
    func serveRefuses(_ bad: BadConfig) throws {
        let (path, directory) = try Self.write(bad)
        // If serve started, it would run until the timeout: a timeout is a failure, not a hang.
        let serve = try CLI.run(["serve", "-c", path], timeout: .seconds(10))
        let validate = try CLI.run(["validate", "-c", path])
        #expect(serve.status == 1, "\(serve)")
        #expect(serve.stderrText == validate.stderrText, "serve:\n\(serve)\nvalidate:\n\(validate)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending("proxy.sock")), "serve created its socket")
    }

    @Test("every issue in a file is reported, not just the first")
    func collectsAllIssues() throws {
        let config = try ConfigFile { directory in
            """
            listen: { adress: "127.0.0.1:2375", socket_mode: "0777" }
            upstream: { socket: "\(directory.appending("upstream.sock"))" }
            rules:
              - match: { method: "GET", path: "/_ping" }
                action: allow
              - match: { method: "G ET", path: "containers" }
                action: allow
            """
        }
        let result = try CLI.run(["validate", "-c", config.path])
        #expect(result.status == 1)
        for keyPath in ["listen.adress: ", "listen.socket_mode: ", "rules[1].match.method: ", "rules[1].match.path: "] {
            #expect(
                result.stderrText.split(separator: "\n").contains { $0.hasPrefix(keyPath) },
                "\(keyPath)\n\(result)"
            )
        }
    }

    @Test("SOCKGUARD_LISTEN_ADDRESS=0.0.0.0:2375 makes validate fail")
    func environmentNonLoopback() throws {
        let result = try CLI.run(["validate"], environment: ["SOCKGUARD_LISTEN_ADDRESS": "0.0.0.0:2375"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderrText.split(separator: "\n").contains { $0.hasPrefix("listen.address: ") }, "\(result)")
    }

    @Test("insecure_allow_plain_tcp accepts a non-loopback address")
    func insecureOptIn() throws {
        let result = try CLI.run(
            ["validate"],
            environment: [
                "SOCKGUARD_LISTEN_ADDRESS": "0.0.0.0:2375", "SOCKGUARD_LISTEN_INSECURE_ALLOW_PLAIN_TCP": "true",
            ]
        )
        #expect(result.status == 0, "\(result)")
    }

    /// Writes the bad config (or nothing, for "missing file") into a fresh directory.
    static func write(_ bad: BadConfig) throws -> (path: String, directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "sgc")
        let path = directory.appending("sockguard.yaml")
        if let yaml = bad.yaml {
            try yaml(directory.path).write(toFile: path, atomically: true, encoding: .utf8)
        }
        return (path, directory)
    }
}
