import Foundation
import SockguardTestSupport
import Testing

/// Runs the built `sockguard` binary with a clean environment: only `PATH`, plus what a test adds, so variables
/// in the developer's shell (`CONTAINERS=1`, `SOCKGUARD_*`) cannot change a result.
enum CLI {
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(20)
    ) throws -> CommandResult {
        var clean = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"]
        clean.merge(environment) { _, new in new }
        return try ProcessRunner.run(try ProxyProcess.binaryPath(), arguments, environment: clean, timeout: timeout)
    }

    /// Parses stdout as one JSON object.
    static func json(_ result: CommandResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: result.stdout)
        return try #require(object as? [String: Any], "stdout is not a JSON object:\n\(result)")
    }
}

/// A configuration file in a private temporary directory.
struct ConfigFile {
    let directory: TemporaryDirectory
    let path: String

    init(_ yaml: (TemporaryDirectory) -> String) throws {
        directory = try TemporaryDirectory(prefix: "sgc")
        path = directory.appending("sockguard.yaml")
        try yaml(directory).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The brief's policy with sockets in `directory`.
    static func good() throws -> ConfigFile {
        try ConfigFile { directory in
            """
            listen: { socket: "\(directory.appending("proxy.sock"))" }
            upstream: { socket: "\(directory.appending("upstream.sock"))" }
            rules:
              - match: { method: "GET,HEAD", path: "/_ping" }
                action: allow
              - match: { method: "GET", path: "/containers/**" }
                action: allow
              - match: { method: "*", path: "/**" }
                action: deny
                reason: "default deny"
            response: { deny_verbosity: verbose }
            """
        }
    }
}
