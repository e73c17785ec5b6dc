import Foundation
import SockguardTestSupport

/// A dockerd of one test's own, started and stopped with `scripts/dev-dockerd.sh` as a user would (no default
/// bridge), for tests that change the daemon itself: swarm mode, a restart. ``purge()`` stops it and removes its
/// directory; call it in a `defer`.
struct ScriptedDaemon {
    static let script = ImageTests.repository + "/scripts/dev-dockerd.sh"

    let scratch: TemporaryDirectory
    var directory: String { scratch.path + "/d" }
    var socketPath: String { directory + "/docker.sock" }
    var host: String { "unix://" + socketPath }

    /// The docker CLI's environment for this daemon, with its own empty configuration.
    var cliEnvironment: [String: String] {
        DockerDaemonHarness.cliEnvironment(host: host, configDirectory: directory + "/cli-config")
    }

    init(prefix: String) throws {
        scratch = try TemporaryDirectory(prefix: prefix)
    }

    func start() throws -> CommandResult {
        try ProcessRunner.run(Self.script, ["start", "--dir", directory, "--bridge-none"], timeout: .seconds(240))
    }

    func stop() throws -> CommandResult {
        try ProcessRunner.run(Self.script, ["stop", "--dir", directory], timeout: .seconds(60))
    }

    func purge() {
        _ = try? ProcessRunner.run(Self.script, ["stop", "--dir", directory, "--purge"], timeout: .seconds(60))
    }

    /// The docker CLI against `host` (default: this daemon).
    func docker(_ arguments: [String], on host: String? = nil) throws -> CommandResult {
        try ProcessRunner.run(
            DockerDaemonHarness.dockerCLI,
            arguments,
            environment: cliEnvironment.merging(["DOCKER_HOST": host ?? self.host]) { $1 },
            timeout: .seconds(120)
        )
    }
}
