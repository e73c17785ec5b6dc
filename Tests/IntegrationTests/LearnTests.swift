import Foundation
import SockguardTestSupport
import Testing

/// `sockguard learn` in front of the real daemon: a workload through the docker CLI and docker-py is learned,
/// replayed through `serve` with the learned policy without a single denial, and what it never did is denied.
@Suite("sockguard learn against the real daemon")
struct LearnTests {
    /// ps, run, inspect, logs, exec -i, stop, rm with the docker CLI, then a list and a log read with docker-py.
    static func workload(_ daemon: DockerDaemonHarness, host: String, name: String) throws {
        Fixtures.expectSuccess(try daemon.docker(["ps", "-a"], host: host))
        Fixtures.expectSuccess(
            try daemon.docker(
                [
                    "run", "-d", "--name", name, "--network", "none", daemon.imageName, "sh", "-c",
                    "echo ready; sleep 300",
                ],
                host: host
            )
        )
        Fixtures.expectSuccess(try daemon.docker(["inspect", name], host: host))
        Fixtures.expectSuccess(try daemon.docker(["logs", name], host: host))
        let exec = try daemon.docker(["exec", "-i", name, "cat"], host: host, stdin: Data("through exec\n".utf8))
        Fixtures.expectSuccess(exec)
        #expect(exec.stdoutText.contains("through exec"), "\(exec)")
        let script = """
            import sys, docker
            client = docker.DockerClient(base_url=sys.argv[1])
            names = [c.name for c in client.containers.list(all=True)]
            print("listed", sys.argv[2] in names)
            print("logs", client.containers.get(sys.argv[2]).logs().decode().strip())
            """
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let py = try daemon.run(python, ["-c", script, host, name], environment: daemon.cliEnvironment(host: host))
        Fixtures.expectSuccess(py)
        #expect(py.stdoutText.contains("listed True") && py.stdoutText.contains("logs ready"), "\(py)")
        Fixtures.expectSuccess(try daemon.docker(["stop", "-t", "0", name], host: host))
        Fixtures.expectSuccess(try daemon.docker(["rm", name], host: host))
    }

    @Test("learn, replay with zero denials, then what was never done is denied")
    func roundTrip() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let directory = try TemporaryDirectory(prefix: "sgn")
        let policyPath = directory.appending("learned.yaml")
        let upstream = ["SOCKGUARD_UPSTREAM_SOCKET": daemon.socketPath]
        let learner = try await ProxyProcess.start(
            arguments: { _ in ["learn", "--allow-all-while-learning", "-o", policyPath] },
            environment: upstream,
            listenFromEnvironment: true
        )
        try Self.workload(daemon, host: learner.dockerHost, name: DockerDaemonHarness.uniqueName("learn"))
        // SIGUSR1 writes a snapshot and learning goes on; SIGTERM writes the final policy and exits 0.
        learner.send(signal: SIGUSR1)
        let snapshot = await learner.waitForStderrLine(timeout: .seconds(10)) {
            $0.contains("learned policy snapshot written")
        }
        #expect(snapshot != nil, "\(learner.stderrText)")
        #expect(learner.stop(grace: .seconds(20)) == 0, "\(learner.stderrText)")
        let policy = try String(contentsOfFile: policyPath, encoding: .utf8)
        #expect(policy.contains("path: \"/containers/*/exec\""), "\(policy)")
        #expect(policy.contains("allowed_commands:\n      - [\"cat\"]"), "\(policy)")
        let validate = try ProxyProcess.run(arguments: ["validate", "-c", policyPath])
        #expect(validate.status == 0, "\(validate)")

        let proxy = try await ProxyProcess.start(
            arguments: { _ in ["serve", "-c", policyPath] },
            environment: upstream,
            listenFromEnvironment: true
        )
        defer { _ = proxy.stop() }
        try Self.workload(daemon, host: proxy.dockerHost, name: DockerDaemonHarness.uniqueName("replay"))
        let denied = proxy.accessLogEntries().filter { $0["decision"] as? String == "deny" }
        #expect(denied.isEmpty, "the replay was denied: \(denied)")

        // Outside what was learned: a privileged create, a bind of /, another command in an exec, /secrets.
        let host = proxy.dockerHost
        for flags in [["--privileged"], ["-v", "/:/host"]] {
            let refusedName = DockerDaemonHarness.uniqueName("refused")
            let run = try daemon.docker(
                ["run", "--rm", "--name", refusedName] + flags + ["--network", "none", daemon.imageName, "true"],
                host: host
            )
            // Refused before the daemon: no container of that name was ever created.
            let created = try daemon.docker(["ps", "-a", "--filter", "name=^\(refusedName)$", "--format", "{{.Names}}"])
            #expect(created.stdoutText.isEmpty, "\(flags) created \(created.stdoutText)")
            #expect(run.status == 125 && run.stderrText.contains("sockguard"), "\(flags): \(run)")
        }
        let other = DockerDaemonHarness.uniqueName("other")
        Fixtures.expectSuccess(
            try daemon.docker(["run", "-d", "--name", other, "--network", "none", daemon.imageName, "sleep", "300"])
        )
        defer { _ = try? daemon.docker(["rm", "-f", other]) }
        let exec = try daemon.docker(["exec", other, "id"], host: host)
        #expect(exec.status != 0 && exec.stderrText.contains("is not allowlisted"), "\(exec)")
        let execs = try daemon.docker(["inspect", "--format", "{{len .ExecIDs}}", other])
        #expect(
            execs.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0",
            "an exec instance was made: \(execs)"
        )
        Fixtures.expectDenied(try daemon.docker(["secret", "ls"], host: host))
        // The access log's reason_code is the Go sockguard's; reason_detail is ours where the two differ.
        let codes = Set(
            proxy.accessLogEntries().filter { $0["decision"] as? String == "deny" }
                .compactMap { $0["reason_detail"] as? String ?? $0["reason_code"] as? String }
        )
        #expect(
            codes.isSuperset(of: ["container_create_privileged", "container_create_bind_mount", "exec_command"]),
            "\(codes)"
        )
    }

    @Test("--requests N and --duration end learning by themselves and write the policy")
    func endsByItself() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let directory = try TemporaryDirectory(prefix: "sgn")
        let upstream = ["SOCKGUARD_UPSTREAM_SOCKET": daemon.socketPath]
        let counted = directory.appending("counted.yaml")
        let learner = try await ProxyProcess.start(
            arguments: { _ in ["learn", "--allow-all-while-learning", "--requests", "2", "-o", counted] },
            environment: upstream,
            listenFromEnvironment: true
        )
        // docker version: HEAD /_ping, then GET /version.
        Fixtures.expectSuccess(try daemon.docker(["version"], host: learner.dockerHost))
        let exited = await waitUntil(timeout: .seconds(20)) { learner.exitStatus != nil }
        #expect(exited && learner.exitStatus == 0, "\(learner.stderrText)")
        let policy = try String(contentsOfFile: counted, encoding: .utf8)
        #expect(policy.contains("path: \"/version\"") && policy.contains("# 2 requests seen"), "\(policy)")

        let timed = directory.appending("timed.yaml")
        // Run to completion: the duration ends it, whether or not a client ever came.
        var environment = upstream
        environment["SOCKGUARD_LISTEN_SOCKET"] = directory.appending("timed.sock")
        let quiet = try ProxyProcess.run(
            arguments: ["learn", "--duration", "1s", "-o", timed],
            environment: environment
        )
        #expect(quiet.status == 0, "\(quiet)")
        #expect(
            try String(contentsOfFile: timed, encoding: .utf8).contains(
                "# 0 requests seen, starting from the given policy."
            )
        )
    }
}
