import Foundation
import SockguardTestSupport
import Testing

/// Archive bodies through a proxy whose rules allow them: `docker build` contexts are read for `RUN` and the
/// host network, `docker cp` uploads for setuid files and target paths. Refused requests leave no image and no
/// file behind.
@Suite("docker build and docker cp against archive inspection")
struct ArchiveInspectionTests {
    static func proxy(_ daemon: DockerDaemonHarness, requestBody: String = "") async throws -> ProxyProcess {
        try await ProxyProcess.start { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(daemon.socketPath)" }
            rules:
              - match: { method: "GET,HEAD", path: "/**" }
                action: allow
              - match: { method: "POST", path: "/build" }
                action: allow
              - match: { method: "PUT", path: "/containers/*/archive" }
                action: allow
              - match: { method: "POST", path: "/images/load" }
                action: allow
            \(requestBody)
            """
        }
    }

    /// `docker build` with the classic builder (`POST /build` with a tar context): this CLI has no buildx, and
    /// BuildKit's session tunnels stay denied anyway.
    static func build(
        _ daemon: DockerDaemonHarness,
        dockerfile: String,
        tag: String,
        extra: [String] = [],
        host: String
    ) throws -> CommandResult {
        let context = try TemporaryDirectory(prefix: "sgbuild")
        try Data(dockerfile.utf8).write(to: URL(fileURLWithPath: context.appending("Dockerfile")))
        try Data("payload\n".utf8).write(to: URL(fileURLWithPath: context.appending("payload.txt")))
        var environment = daemon.cliEnvironment(host: host)
        environment["DOCKER_BUILDKIT"] = "0"
        return try daemon.run(
            DockerDaemonHarness.dockerCLI,
            ["build", "-t", tag] + extra + [context.path],
            environment: environment,
            timeout: .seconds(120)
        )
    }

    static func imageExists(_ tag: String, _ daemon: DockerDaemonHarness) throws -> Bool {
        try daemon.docker(["image", "inspect", tag]).status == 0
    }

    @Test("a Dockerfile with only FROM, LABEL and COPY builds; one with RUN, or --network host, is refused")
    func buildContext() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(daemon)
        let good = DockerDaemonHarness.uniqueName("sgbuild-ok")
        defer { _ = try? daemon.docker(["rmi", "-f", good]) }
        let built = try Self.build(
            daemon,
            dockerfile: "FROM \(daemon.imageName)\nLABEL team=web\nCOPY payload.txt /payload.txt\n",
            tag: good,
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(built)
        #expect(try Self.imageExists(good, daemon), "\(built)")

        let refused: [(dockerfile: String, extra: [String], message: String)] = [
            ("FROM \(daemon.imageName)\nRUN echo pwned > /pwned\n", [], "RUN"),
            ("FROM \(daemon.imageName)\nLABEL a=b\nrun \\\n  echo pwned\n", [], "RUN"),
            ("FROM \(daemon.imageName)\nONBUILD RUN echo later\n", [], "RUN"),
            ("FROM \(daemon.imageName)\nLABEL a=b\n", ["--network", "host"], "host network"),
        ]
        for (dockerfile, extra, message) in refused {
            let tag = DockerDaemonHarness.uniqueName("sgbuild-no")
            let result = try Self.build(daemon, dockerfile: dockerfile, tag: tag, extra: extra, host: proxy.dockerHost)
            #expect(result.status != 0, "\(dockerfile): \(result)")
            #expect(result.stderrText.contains("sockguard: "), "\(dockerfile): \(result)")
            #expect(result.stderrText.contains(message), "\(dockerfile): \(result)")
            #expect(try !Self.imageExists(tag, daemon), "a refused build produced an image")
        }
    }

    @Test("request_body.build.allow_run_instructions lets RUN through")
    func runAllowed() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(
            daemon,
            requestBody: "request_body: { build: { allow_run_instructions: true } }"
        )
        let tag = DockerDaemonHarness.uniqueName("sgbuild-run")
        defer { _ = try? daemon.docker(["rmi", "-f", tag]) }
        let result = try Self.build(
            daemon,
            dockerfile: "FROM \(daemon.imageName)\nRUN echo built > /built\n",
            tag: tag,
            extra: ["--network", "none"],
            host: proxy.dockerHost
        )
        Fixtures.expectSuccess(result)
        #expect(try Self.imageExists(tag, daemon))
    }

    @Test("docker cp of a setuid file, or outside allowed_paths, is refused and writes nothing")
    func copyInto() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Self.proxy(
            daemon,
            requestBody: "request_body: { container_archive: { allowed_paths: [/tmp, /data] } }"
        )
        let container = try ScratchContainer(daemon, prefix: "cparchive", command: ["sleep", "300"])
        let scratch = try TemporaryDirectory(prefix: "sgcparchive")
        let plain = scratch.appending("plain.txt")
        let setuid = scratch.appending("setuid.bin")
        try Data("plain\n".utf8).write(to: URL(fileURLWithPath: plain))
        try Data("suid\n".utf8).write(to: URL(fileURLWithPath: setuid))
        try FileManager.default.setAttributes([.posixPermissions: 0o4755], ofItemAtPath: setuid)

        Fixtures.expectSuccess(
            try daemon.docker(["cp", plain, "\(container.name):/tmp/plain.txt"], host: proxy.dockerHost)
        )
        let copied = try daemon.docker(["exec", container.name, "cat", "/tmp/plain.txt"])
        #expect(copied.stdoutText == "plain\n", "\(copied)")

        let refused: [(source: String, target: String, message: String)] = [
            (setuid, "/tmp/setuid.bin", "setuid"),
            (plain, "/etc/plain.txt", "allowed"),
        ]
        for (source, target, message) in refused {
            let result = try daemon.docker(["cp", source, "\(container.name):\(target)"], host: proxy.dockerHost)
            #expect(result.status != 0, "\(target): \(result)")
            #expect(result.stderrText.contains("sockguard: "), "\(target): \(result)")
            #expect(result.stderrText.lowercased().contains(message), "\(target): \(result)")
            let present = try daemon.docker(["exec", container.name, "ls", target])
            #expect(present.status != 0, "\(target) was written: \(present)")
        }
    }

    @Test("docker load checks the archive's tags against the registry policy")
    func load() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let scratch = try TemporaryDirectory(prefix: "sgload")
        let tarball = scratch.appending("image.tar")
        let tag = "sockguard-load/" + DockerDaemonHarness.uniqueName("img") + ":v1"
        defer { _ = try? daemon.docker(["rmi", "-f", tag]) }
        Fixtures.expectSuccess(try daemon.docker(["tag", daemon.imageName, tag]))
        Fixtures.expectSuccess(try daemon.docker(["save", "-o", tarball, tag]))
        Fixtures.expectSuccess(try daemon.docker(["rmi", tag]))

        // Default policy: official Docker Hub images only; this one is in a user namespace.
        let strict = try await Self.proxy(daemon)
        let refused = try daemon.docker(["load", "-i", tarball], host: strict.dockerHost)
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderrText.contains("sockguard: "), "\(refused)")
        #expect(try !Self.imageExists(tag, daemon), "a refused load stored the image")

        let hub = try await Self.proxy(
            daemon,
            requestBody: "request_body: { image_load: { allowed_registries: [docker.io] } }"
        )
        Fixtures.expectSuccess(try daemon.docker(["load", "-i", tarball], host: hub.dockerHost))
        #expect(try Self.imageExists(tag, daemon))
    }
}
