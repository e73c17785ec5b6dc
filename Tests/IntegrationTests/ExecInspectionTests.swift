import Foundation
import SockguardTestSupport
import Testing

/// `docker exec` through a proxy whose rules allow exec, constrained by `request_body.exec`: only allowlisted
/// argv run, never as root; an exec instance made behind the proxy's back is checked again before it starts.
@Suite("docker exec against exec inspection")
struct ExecInspectionTests {
    static func proxy(_ daemon: DockerDaemonHarness) async throws -> ProxyProcess {
        try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(daemon.socketPath)" }
            rules:
              - match: { method: "GET,HEAD", path: "/**" }
                action: allow
              - match: { method: "POST", path: "/containers/*/exec" }
                action: allow
              - match: { method: "POST", path: "/exec/*/start" }
                action: allow
              - match: { method: "POST", path: "/exec/*/resize" }
                action: allow
            request_body:
              exec:
                allowed_commands:
                  - ["echo", "allowed-*"]
                  - ["cat"]
            """
        }
    }

    /// Counts the exec instances the daemon creates in `container` from now for `seconds`, from a live event
    /// stream (finished exec instances do not stay in `ExecIDs`, and the daemon's event history keeps only its
    /// last 256 events, which the parallel suite can push out within seconds). `wait()` returns at the end.
    static func countExecsCreated(
        in container: ScratchContainer,
        for seconds: Int,
        _ daemon: DockerDaemonHarness
    ) -> BackgroundCommand {
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        let until = String(Int(Date().timeIntervalSince1970) + seconds)
        let name = container.name
        return BackgroundCommand {
            try daemon.docker(
                [
                    "events", "--since", since, "--until", until, "--filter", "container=\(name)",
                    "--filter", "event=exec_create", "--format", "{{.Action}}",
                ],
                timeout: .seconds(seconds + 60)
            )
        }
    }

    static func count(_ events: CommandResult) -> Int {
        events.stdoutText.split(separator: "\n").count
    }

    @Test("an allowlisted argv runs; another argv, root and privileged are refused and no exec instance is made")
    func allowlist() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "execpolicy", command: ["sleep", "300"])
        let execs = Self.countExecsCreated(in: container, for: 40, daemon)

        let allowed = try daemon.docker(
            ["exec", "-u", "1000", container.name, "echo", "allowed-1"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(allowed)
        #expect(allowed.stdoutText == "allowed-1\n")
        let input = Data("through stdin\n".utf8)
        let interactive = try daemon.docker(
            ["exec", "-i", "-u", "1000", container.name, "cat"],
            host: proxy.dockerHost,
            stdin: input
        )
        #expect(interactive.stdout == input, "\(interactive)")

        let refused: [([String], String)] = [
            (
                ["-u", "1000", container.name, "sh", "-c", "id"],
                "exec command [\"sh\", \"-c\", \"id\"] is not allowlisted"
            ),
            (["-u", "1000", container.name, "echo", "other"], "is not allowlisted"),
            ([container.name, "echo", "allowed-1"], "exec as root is not allowed"),
            (["-u", "root", container.name, "echo", "allowed-1"], "exec as root is not allowed"),
            (["--privileged", "-u", "1000", container.name, "echo", "allowed-1"], "privileged exec is not allowed"),
        ]
        for (arguments, message) in refused {
            let result = try daemon.docker(["exec"] + arguments, host: proxy.dockerHost)
            #expect(result.status != 0, "\(arguments): \(result)")
            #expect(result.stderrText.contains("sockguard: "), "\(arguments): \(result)")
            #expect(result.stderrText.contains(message), "\(arguments): \(result)")
        }
        // The two allowed ones, and no instance for any refused one.
        #expect(Self.count(try execs.wait()) == 2, "a refused exec create never reached the daemon")
    }

    @Test("exec start re-inspects the instance: one created directly with another argv never runs")
    func startReinspects() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "execstart", command: ["sleep", "300"])
        // Exec instances made on the daemon itself, then started through the proxy with docker-py.
        let script = """
            import docker, sys
            direct = docker.APIClient(base_url=sys.argv[1])
            proxied = docker.APIClient(base_url=sys.argv[2])
            good = direct.exec_create(sys.argv[3], ["echo", "allowed-direct"], user="1000")
            sys.stdout.write(proxied.exec_start(good["Id"]).decode())
            bad = direct.exec_create(sys.argv[3], ["echo", "pwned"], user="1000")
            try:
                proxied.exec_start(bad["Id"])
                print("bad exec started")
            except docker.errors.APIError as error:
                print("refused", error.response.status_code, error.explanation)
            state = direct.exec_inspect(bad["Id"])
            print("never ran", state["ExitCode"], state["Pid"])
            try:
                proxied.exec_start("0" * 64)
                print("missing exec started")
            except docker.errors.APIError as error:
                print("missing", error.response.status_code)
            """
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let result = try daemon.run(
            python,
            ["-c", script, daemon.dockerHost, proxy.dockerHost, container.name],
            environment: daemon.cliEnvironment(host: proxy.dockerHost)
        )
        Fixtures.expectSuccess(result)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first == "allowed-direct", "\(result)")
        #expect(lines.contains { $0.hasPrefix("refused 403") && $0.contains("is not allowlisted") }, "\(result)")
        #expect(lines.contains("missing 404"), "\(result)")
        #expect(lines.contains("never ran None 0"), "the refused exec ran: \(result)")
    }
}
