import Foundation
import SockguardTestSupport
import Testing

/// `response.*` against the real daemon: what `docker inspect` and friends show through the proxy.
@Suite("response redaction through the real docker CLI")
struct ResponseRedactionTests {
    @Test("docker inspect through the proxy shows env names but no values and no host mount paths; direct shows both")
    func inspectRedacted() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let hostDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent(DockerDaemonHarness.uniqueName("redact-host")).path
        try FileManager.default.createDirectory(atPath: hostDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: hostDirectory) }
        let container = try ScratchContainer(
            daemon,
            prefix: "redact",
            options: ["-e", "DB_PASSWORD=hunter2-secret", "-v", "\(hostDirectory):/data:ro"],
            command: ["sleep", "300"]
        )
        let direct = try daemon.docker(["inspect", container.name])
        Fixtures.expectSuccess(direct)
        #expect(direct.stdoutText.contains("DB_PASSWORD=hunter2-secret"))
        #expect(direct.stdoutText.contains(hostDirectory))

        let proxied = try daemon.docker(["inspect", container.name], host: proxy.dockerHost)
        Fixtures.expectSuccess(proxied)
        #expect(!proxied.stdoutText.contains("hunter2"), "\(proxied)")
        #expect(!proxied.stdoutText.contains(hostDirectory), "\(proxied)")
        #expect(proxied.stdoutText.contains("DB_PASSWORD=<redacted>"), "\(proxied)")
        #expect(proxied.stdoutText.contains("<redacted>:/data:ro"), "\(proxied)")
        // Everything else is the daemon's answer: the same id, state and destination.
        let format = "{{.Id}} {{.State.Status}} {{range .Mounts}}{{.Destination}}{{end}}"
        let directFields = try daemon.docker(["inspect", "--format", format, container.name]).stdoutText
        let proxiedFields = try daemon.docker(["inspect", "--format", format, container.name], host: proxy.dockerHost)
        #expect(proxiedFields.stdoutText == directFields)
        #expect(directFields.contains("running /data"))
    }

    @Test("docker volume inspect and ls through the proxy hide the mount point; docker-py reads the redacted env")
    func volumesAndPython() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let volume = DockerDaemonHarness.uniqueName("redact-vol")
        Fixtures.expectSuccess(try daemon.docker(["volume", "create", volume]))
        defer { _ = try? daemon.docker(["volume", "rm", "-f", volume]) }
        let direct = try daemon.docker(["volume", "inspect", "--format", "{{.Mountpoint}}", volume])
        #expect(direct.stdoutText.hasPrefix("/"))
        let proxied = try daemon.docker(
            ["volume", "inspect", "--format", "{{.Name}} {{.Mountpoint}}", volume],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(proxied)
        #expect(proxied.stdoutText == "\(volume) <redacted>\n")
        let listed = try daemon.docker(
            ["volume", "ls", "--format", "{{.Name}} {{.Mountpoint}}"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText.contains("\(volume) <redacted>\n"), "\(listed)")

        let container = try ScratchContainer(
            daemon,
            prefix: "redact-py",
            options: ["-e", "API_TOKEN=tok-123456"],
            command: ["sleep", "300"],
            start: false
        )
        let script = """
            import docker, sys
            env = docker.from_env().containers.get(sys.argv[1]).attrs["Config"]["Env"]
            print(",".join(sorted(e for e in env if e.startswith("API_TOKEN"))))
            """
        let python = DockerDaemonHarness.findExecutable("python3") ?? "/usr/bin/python3"
        let result = try daemon.run(
            python,
            ["-c", script, container.name],
            environment: daemon.cliEnvironment(host: proxy.dockerHost)
        )
        Fixtures.expectSuccess(result)
        #expect(result.stdoutText == "API_TOKEN=<redacted>\n")
    }

    @Test("with redaction switched off, the daemon's answer passes unchanged")
    func switchedOff() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.proxy(
            daemon,
            rules: Fixtures.allowEverything,
            extra: Fixtures.anyExec,
            response: "redact_container_env: false, redact_mount_paths: false, redact_network_topology: false"
        )
        let container = try ScratchContainer(
            daemon,
            prefix: "redact-off",
            options: ["-e", "VISIBLE=yes-it-is"],
            command: ["true"],
            start: false
        )
        let direct = try daemon.docker(["inspect", container.name])
        let proxied = try daemon.docker(["inspect", container.name], host: proxy.dockerHost)
        Fixtures.expectSuccess(proxied)
        #expect(proxied.stdoutText == direct.stdoutText)
        #expect(proxied.stdoutText.contains("VISIBLE=yes-it-is"))
    }

    @Test("visible_resource_labels: other containers are left out of docker ps and are not found by inspect")
    func visibility() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let team = DockerDaemonHarness.uniqueName("team")
        let proxy = try await Fixtures.proxy(
            daemon,
            rules: Fixtures.allowEverything,
            extra: Fixtures.anyExec,
            response: "visible_resource_labels: [\"team=\(team)\"]"
        )
        let mine = try ScratchContainer(
            daemon,
            prefix: "vis-mine",
            options: ["--label", "team=\(team)"],
            command: ["true"],
            start: false
        )
        let other = try ScratchContainer(
            daemon,
            prefix: "vis-other",
            options: ["--label", "team=else"],
            command: ["true"],
            start: false
        )
        let listed = try daemon.docker(["ps", "-a", "--format", "{{.Names}}"], host: proxy.dockerHost)
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText == "\(mine.name)\n", "\(listed)")
        Fixtures.expectSuccess(try daemon.docker(["inspect", mine.name], host: proxy.dockerHost))
        let hidden = try daemon.docker(["inspect", other.name], host: proxy.dockerHost)
        #expect(!hidden.succeeded)
        #expect(hidden.stderrText.contains("No such object"), "\(hidden)")
        #expect(try daemon.docker(["inspect", other.name]).succeeded)
    }
}
