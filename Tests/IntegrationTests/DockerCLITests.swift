import Foundation
import SockguardTestSupport
import Testing

/// The real docker CLI, through a proxy that allows everything, behaves as it does against the daemon directly:
/// plain requests, streams (`logs -f`, `events`) and hijacked connections (`exec -i`, `attach`).
@Suite("docker CLI through a permissive proxy")
struct DockerCLITests {
    @Test("docker version reports the daemon's engine and API version")
    func version() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let result = try daemon.docker(
            ["version", "--format", "{{.Server.APIVersion}}"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(result)
        let direct = try daemon.docker(["version", "--format", "{{.Server.APIVersion}}"])
        #expect(result.stdoutText == direct.stdoutText)
    }

    @Test("docker version works over a TCP listener too")
    func versionOverTCP() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon, listen: .tcp)
        #expect(proxy.dockerHost.hasPrefix("tcp://127.0.0.1:"))
        Fixtures.expectSuccess(try daemon.docker(["version"], host: proxy.dockerHost))
    }

    @Test("docker ps lists a running container")
    func ps() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "ps", command: ["sleep", "300"])
        let result = try daemon.docker(["ps", "--format", "{{.Names}}"], host: proxy.dockerHost)
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText.split(separator: "\n").contains(Substring(container.name)), "\(result)")
    }

    @Test("docker run --rm prints the container's output")
    func runRemove() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let name = DockerDaemonHarness.uniqueName("run")
        let result = try daemon.docker(
            ["run", "--rm", "--name", name, "--network", "none", daemon.imageName, "echo", "hi"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText == "hi\n")
        let leftover = try daemon.docker(["ps", "-a", "--filter", "name=^\(name)$", "--format", "{{.Names}}"])
        #expect(leftover.stdoutText.isEmpty, "--rm left the container behind")
    }

    @Test("docker exec runs a command in a running container")
    func exec() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "exec", command: ["sleep", "300"])
        let result = try daemon.docker(["exec", container.name, "echo", "from-exec"], host: proxy.dockerHost)
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText == "from-exec\n")
        let status = try daemon.docker(["exec", container.name, "sh", "-c", "exit 3"], host: proxy.dockerHost)
        #expect(status.status == 3, "exit status must survive the proxy:\n\(status)")
    }

    @Test("docker exec -i streams 3 MiB of stdin through cat byte for byte")
    func execStdinRoundTrip() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "execi", command: ["sleep", "300"])
        let input = randomBytes(3 * 1024 * 1024 + 17)
        let result = try daemon.docker(
            ["exec", "-i", container.name, "cat"],
            host: proxy.dockerHost,
            stdin: input,
            timeout: .seconds(120)
        )
        Fixtures.expectSuccess(result)
        #expect(result.stdout.count == input.count)
        #expect(try sha256(result.stdout) == sha256(input), "output differs from input")
        #expect(result.stdout == input)
    }

    @Test("docker logs -f follows a container until it exits")
    func logsFollow() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(
            daemon,
            prefix: "logs",
            command: ["sh", "-c", "for i in 1 2 3 4 5; do echo line$i; sleep 0.2; done"]
        )
        let result = try daemon.docker(["logs", "-f", container.name], host: proxy.dockerHost, timeout: .seconds(30))
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText == "line1\nline2\nline3\nline4\nline5\n")
    }

    @Test("docker events --since/--until returns a container's lifecycle")
    func eventsWindow() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let since = Int(Date().timeIntervalSince1970) - 1
        let name = DockerDaemonHarness.uniqueName("events")
        Fixtures.expectSuccess(
            try daemon.docker(["run", "--rm", "--name", name, "--network", "none", daemon.imageName, "true"])
        )
        let until = Int(Date().timeIntervalSince1970) + 1
        let result = try daemon.docker(
            [
                "events", "--since", String(since), "--until", String(until),
                "--filter", "container=\(name)", "--format", "{{.Action}}",
            ],
            host: proxy.dockerHost,
            timeout: .seconds(30)
        )
        Fixtures.expectSuccess(result)
        let actions = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(actions.contains("create") && actions.contains("start") && actions.contains("die"), "\(result)")
    }

    @Test("docker events streams an event that happens while it is connected")
    func eventsLive() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        // A container that runs `true` each time it is started. The stream is read while it runs, and the container
        // is started again until a start shows in it: however late a loaded machine connects the stream, a start
        // happens after. (The daemon's history is no help: it keeps only its last 256 events, which the parallel
        // suite pushes out within seconds.)
        let container = try ScratchContainer(daemon, prefix: "live", command: ["true"], start: false)
        let events = try daemon.liveDocker(
            ["events", "--filter", "container=\(container.name)", "--format", "{{.Action}}"],
            host: proxy.dockerHost
        )
        defer { events.stop() }
        // Started again after each wait that sees no start: one start after the stream connected is enough.
        for _ in 0..<30 where events.exitStatus == nil {
            Fixtures.expectSuccess(try daemon.docker(["start", container.name]))
            if await events.waitForLine(timeout: .seconds(2), where: { $0 == "start" }) { break }
        }
        #expect(events.stdoutLines.contains("start"), "stream: \(events.stdoutLines) \(events.stderrText)")
        #expect(events.exitStatus == nil, "the stream ended early: \(events.stderrText)")
    }

    @Test("docker attach --sig-proxy=false shows a running container's output until it exits")
    func attach() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        // The container speaks only once /tmp/go exists, and the test creates it only after the proxy has
        // switched the attach to a raw relay (its access-log line), so a slow machine cannot make the CLI miss
        // the output. (Not the daemon's event log: it keeps only the last 256 events, and the parallel suite
        // pushed the attach event out of it before it was polled.)
        let container = try ScratchContainer(
            daemon,
            prefix: "attach",
            command: ["sh", "-c", "while [ ! -f /tmp/go ]; do sleep 0.1; done; echo attached-output; echo bye"]
        )
        let host = proxy.dockerHost
        let name = container.name
        let attach = BackgroundCommand {
            try daemon.docker(["attach", "--sig-proxy=false", name], host: host, timeout: .seconds(150))
        }
        let relayed = await proxy.waitForStderrLine(timeout: .seconds(90)) { line in
            line.contains("/containers/\(name)/attach") && line.contains("\"status\":101")
        }
        #expect(relayed != nil, "the attach never became a raw relay:\n\(proxy.stderrText)")
        Fixtures.expectSuccess(try daemon.docker(["exec", name, "touch", "/tmp/go"]))
        let result: CommandResult
        do {
            result = try attach.wait()
        } catch {
            // Seen under CI load: the CLI got no output and its wait never ended. What the proxy and the daemon say
            // of the container (did it print, did it exit?) tells which side stalled.
            let state = try? daemon.docker(["inspect", "-f", "{{.State.Status}} exit={{.State.ExitCode}}", name])
            let logs = try? daemon.docker(["logs", name])
            let container = "container: \(state?.stdoutText ?? "?") logs: \(logs?.stdoutText ?? "?")"
            let logsSeen = "proxy log:\n\(proxy.stderrText)\ndaemon log:\n\(daemon.logTail(lines: 30))"
            Issue.record("\(error)\n\(container)\n\(logsSeen)")
            return
        }
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText == "attached-output\nbye\n", "\(result)")
    }

    @Test("docker run -i pipes stdin into a new container and its output back, byte for byte")
    func runStdin() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let input = randomBytes(1024 * 1024)
        let result = try daemon.docker(
            ["run", "--rm", "-i", "--network", "none", daemon.imageName, "cat"],
            host: proxy.dockerHost,
            stdin: input,
            timeout: .seconds(60)
        )
        Fixtures.expectSuccess(result)
        #expect(result.stdout.count == input.count)
        #expect(result.stdout == input)
    }

    @Test("a command the rules deny fails with the proxy's 403 message")
    func deniedNetworkList() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.proxy(
            daemon,
            rules: """
                  - match: { method: "*", path: "/networks/**" }
                    action: deny
                    reason: "networks are not allowed"
                  - match: { method: "*", path: "/networks" }
                    action: deny
                    reason: "networks are not allowed"
                \(Fixtures.allowEverything)
                """,
            extra: Fixtures.anyExec
        )
        Fixtures.expectDenied(try daemon.docker(["network", "ls"], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
    }

    @Test("docker-py runs a container through the proxy")
    func dockerPy() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let script = """
            import docker, sys
            client = docker.from_env()
            assert client.ping()
            print(client.version()["ApiVersion"])
            out = client.containers.run(sys.argv[1], ["echo", "from-python"], remove=True, network_mode="none")
            sys.stdout.write(out.decode())
            """
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let result = try daemon.run(
            python,
            ["-c", script, daemon.imageName],
            environment: daemon.cliEnvironment(host: proxy.dockerHost)
        )
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText.hasSuffix("from-python\n"), "\(result)")
    }

    private func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private func sha256(_ data: Data) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/sha256sum", [], stdin: data)
        return String(result.stdoutText.prefix(64))
    }
}
