import Foundation
import SockguardTestSupport
import Testing

/// Tecnativa docker-socket-proxy variables, applied when the config has no `rules:`, decide what the real docker
/// CLI may do.
@Suite("Tecnativa-compatible environment through the docker CLI")
struct TecnativaCompatTests {
    @Test("with no variables set, docker version works and docker ps is refused")
    func defaults() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.compatProxy(upstream: daemon.socketPath, environment: [:])
        Fixtures.expectSuccess(try daemon.docker(["version"], host: proxy.dockerHost))
        Fixtures.expectDenied(try daemon.docker(["ps"], host: proxy.dockerHost))
    }

    @Test("CONTAINERS=1 allows docker ps but not docker run")
    func containersReadOnly() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.compatProxy(upstream: daemon.socketPath, environment: ["CONTAINERS": "1"])
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
        let name = DockerDaemonHarness.uniqueName("tecrun")
        let run = try daemon.docker(
            ["run", "--rm", "--name", name, "--network", "none", daemon.imageName, "echo", "hi"],
            host: proxy.dockerHost
        )
        Fixtures.expectDenied(run, status: 125)
        let created = try daemon.docker(["ps", "-a", "--filter", "name=^\(name)$", "--format", "{{.Names}}"])
        #expect(created.stdoutText.isEmpty, "a denied docker run must not create a container")
    }

    @Test("POST=1 CONTAINERS=1 refuses to start until exec is constrained, naming the variables to set")
    func execGuardrail() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        do {
            let proxy = try await Fixtures.compatProxy(
                upstream: daemon.socketPath,
                environment: ["POST": "1", "CONTAINERS": "1"]
            )
            Issue.record("started with exec unconstrained: \(proxy.dockerHost)")
        } catch {
            let message = "\(error)"
            #expect(message.contains("CONTAINERS: allows POST /containers/{id}/exec"), "\(message)")
            #expect(message.contains("SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS"), "\(message)")
            #expect(message.contains("SOCKGUARD_INSECURE_ALLOW_BODY_BLIND_WRITES=true"), "\(message)")
        }
    }

    @Test("POST=1 CONTAINERS=1 NETWORKS=1 IMAGES=1 allows docker network create and rm")
    func networkCreateRemove() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.compatProxy(
            upstream: daemon.socketPath,
            environment: [
                "POST": "1", "CONTAINERS": "1", "NETWORKS": "1", "IMAGES": "1",
                "SOCKGUARD_REQUEST_BODY_EXEC_ALLOWED_COMMANDS": #"[["true"]]"#,
            ]
        )
        let network = DockerDaemonHarness.uniqueName("net")
        defer { _ = try? daemon.docker(["network", "rm", network]) }
        Fixtures.expectSuccess(try daemon.docker(["network", "create", "--internal", network], host: proxy.dockerHost))
        let listed = try daemon.docker(["network", "ls", "--format", "{{.Name}}"], host: proxy.dockerHost)
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText.split(separator: "\n").contains(Substring(network)))
        Fixtures.expectSuccess(try daemon.docker(["network", "rm", network], host: proxy.dockerHost))
    }

    @Test("ALLOW_START=1 CONTAINERS=1 with POST=0 allows docker start but refuses docker stop")
    func allowStartOnly() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.compatProxy(
            upstream: daemon.socketPath,
            environment: ["ALLOW_START": "1", "CONTAINERS": "1", "POST": "0"]
        )
        let container = try ScratchContainer(daemon, prefix: "start", command: ["sleep", "300"], start: false)
        Fixtures.expectSuccess(try daemon.docker(["start", container.name], host: proxy.dockerHost))
        #expect(try container.state() == "running")
        Fixtures.expectDenied(try daemon.docker(["stop", container.name], host: proxy.dockerHost))
        #expect(try container.state() == "running", "a denied stop must not reach the daemon")
    }

    @Test("docker-py sees a 403 APIError for a denied call and works for an allowed one")
    func dockerPyDenied() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.compatProxy(upstream: daemon.socketPath, environment: [:])
        let script = """
            import docker
            client = docker.from_env()
            print("version", client.version()["ApiVersion"])
            try:
                client.containers.list()
                print("listed")
            except docker.errors.APIError as error:
                print("denied", error.status_code, error.explanation)
            """
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let result = try daemon.run(python, ["-c", script], environment: daemon.cliEnvironment(host: proxy.dockerHost))
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText.contains("version 1.41"), "\(result)")
        #expect(result.stdoutText.contains("denied 403 \(Fixtures.deniedMessage)"), "\(result)")
    }

    @Test("variables in the test process's own environment do not leak into the proxy")
    func cleanEnvironment() async throws {
        // ProxyProcess starts the proxy with only PATH and HOME plus what the test passes; this is the check
        // that the default really is "refuse docker ps" even if the developer exported CONTAINERS=1.
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.compatProxy(upstream: daemon.socketPath, environment: [:])
        Fixtures.expectDenied(try daemon.docker(["ps"], host: proxy.dockerHost))
    }

    @Test("SOCKGUARD_UPSTREAM_SOCKET and SOCKGUARD_LISTEN_SOCKET configure a proxy with no config file")
    func environmentOnly() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start(
            environment: ["SOCKGUARD_UPSTREAM_SOCKET": daemon.socketPath, "CONTAINERS": "1"],
            listenFromEnvironment: true
        )
        Fixtures.expectSuccess(try daemon.docker(["ps"], host: proxy.dockerHost))
        Fixtures.expectDenied(try daemon.docker(["network", "ls"], host: proxy.dockerHost))
    }

    @Test("SOCKGUARD_LISTEN_ADDRESS makes the proxy listen on TCP")
    func environmentTCP() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await ProxyProcess.start(
            listen: .tcp,
            environment: ["SOCKGUARD_UPSTREAM_SOCKET": daemon.socketPath],
            listenFromEnvironment: true
        )
        Fixtures.expectSuccess(try daemon.docker(["version"], host: proxy.dockerHost))
    }
}
