import Foundation
import SockguardTestSupport
import Testing

/// `ownership.*` against the real daemon: two proxies with different owners in front of one dockerd, the real
/// docker CLI on each.
@Suite("owner-label isolation through the real docker CLI")
struct OwnershipTests {
    let daemon: DockerDaemonHarness
    let ownerA: String
    let ownerB: String

    init() async throws {
        daemon = try await DockerDaemonHarness.shared()
        ownerA = DockerDaemonHarness.uniqueName("owner-a")
        ownerB = DockerDaemonHarness.uniqueName("owner-b")
    }

    func proxy(owner: String) async throws -> ProxyProcess {
        try await Fixtures.proxy(
            daemon,
            rules: Fixtures.allowEverything,
            extra: Fixtures.anyExec + "\nownership: { owner: \"\(owner)\" }"
        )
    }

    /// A command through a proxy that must fail with sockguard's ownership refusal.
    func expectRefused(_ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.succeeded, "expected a refusal:\n\(result)", sourceLocation: sourceLocation)
        #expect(
            result.stderrText.contains("does not belong to owner"),
            "expected the ownership message:\n\(result)",
            sourceLocation: sourceLocation
        )
    }

    @Test("owner A cannot see, inspect, stop or remove owner B's containers; docker ps of A lists only A's")
    func containers() async throws {
        let proxyA = try await proxy(owner: ownerA)
        let proxyB = try await proxy(owner: ownerB)
        let nameA = DockerDaemonHarness.uniqueName("own-a")
        let nameB = DockerDaemonHarness.uniqueName("own-b")
        defer {
            _ = try? daemon.docker(["rm", "-f", nameA, nameB], timeout: .seconds(30))
        }
        Fixtures.expectSuccess(
            try daemon.docker(
                ["run", "-d", "--name", nameA, "--network", "none", daemon.imageName, "sleep", "300"],
                host: proxyA.dockerHost
            )
        )
        Fixtures.expectSuccess(
            try daemon.docker(
                ["run", "-d", "--name", nameB, "--network", "none", daemon.imageName, "sleep", "300"],
                host: proxyB.dockerHost
            )
        )
        // The proxy stamped the owner label: the daemon itself says so.
        let label = try daemon.docker([
            "inspect", "--format", "{{index .Config.Labels \"com.sockguard.owner\"}}", nameA,
        ])
        #expect(label.stdoutText == "\(ownerA)\n")

        let listed = try daemon.docker(["ps", "-a", "--format", "{{.Names}}"], host: proxyA.dockerHost)
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText == "\(nameA)\n", "\(listed)")

        Fixtures.expectSuccess(try daemon.docker(["inspect", nameA], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["inspect", "--type", "container", nameB], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["stop", "-t", "0", nameB], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["rm", "-f", nameB], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["logs", nameB], host: proxyA.dockerHost))
        // An exec instance belongs to its container's owner: B cannot start or read one A made.
        let body = #"{"Cmd":["true"]}"#
        let created = try #require(
            try RawHTTPClient.exchange(
                "POST /containers/\(nameA)/exec HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)",
                with: proxyA.endpoint
            )
        )
        #expect(created.statusCode == 201, "\(created.bodyText)")
        let execID = try #require(
            (try JSONSerialization.jsonObject(with: created.body) as? [String: Any])?["Id"] as? String
        )
        let foreign = try #require(
            try RawHTTPClient.exchange("GET /exec/\(execID)/json HTTP/1.1\r\nHost: d\r\n\r\n", with: proxyB.endpoint)
        )
        #expect(foreign.statusCode == 403, "\(foreign.bodyText)")
        let own = try #require(
            try RawHTTPClient.exchange("GET /exec/\(execID)/json HTTP/1.1\r\nHost: d\r\n\r\n", with: proxyA.endpoint)
        )
        #expect(own.statusCode == 200, "\(own.bodyText)")
        // B's container was never touched.
        let state = try daemon.docker(["inspect", "--format", "{{.State.Status}}", nameB])
        #expect(state.stdoutText == "running\n")
        // A may stop and remove its own.
        Fixtures.expectSuccess(try daemon.docker(["rm", "-f", nameA], host: proxyA.dockerHost))
    }

    @Test("owner A cannot see, inspect or remove owner B's networks and volumes, nor mount B's volume")
    func networksAndVolumes() async throws {
        let proxyA = try await proxy(owner: ownerA)
        let proxyB = try await proxy(owner: ownerB)
        let networkA = DockerDaemonHarness.uniqueName("own-net-a")
        let networkB = DockerDaemonHarness.uniqueName("own-net-b")
        let volumeA = DockerDaemonHarness.uniqueName("own-vol-a")
        let volumeB = DockerDaemonHarness.uniqueName("own-vol-b")
        defer {
            _ = try? daemon.docker(["network", "rm", networkA, networkB])
            _ = try? daemon.docker(["volume", "rm", "-f", volumeA, volumeB])
        }
        Fixtures.expectSuccess(
            try daemon.docker(["network", "create", "--internal", networkA], host: proxyA.dockerHost)
        )
        Fixtures.expectSuccess(
            try daemon.docker(["network", "create", "--internal", networkB], host: proxyB.dockerHost)
        )
        Fixtures.expectSuccess(try daemon.docker(["volume", "create", volumeA], host: proxyA.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["volume", "create", volumeB], host: proxyB.dockerHost))

        let networks = try daemon.docker(["network", "ls", "--format", "{{.Name}}"], host: proxyA.dockerHost)
        Fixtures.expectSuccess(networks)
        #expect(networks.stdoutText == "\(networkA)\n", "\(networks)")
        let volumes = try daemon.docker(["volume", "ls", "--format", "{{.Name}}"], host: proxyA.dockerHost)
        Fixtures.expectSuccess(volumes)
        #expect(volumes.stdoutText == "\(volumeA)\n", "\(volumes)")

        Fixtures.expectSuccess(try daemon.docker(["network", "inspect", networkA], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["network", "inspect", networkB], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["network", "rm", networkB], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["volume", "inspect", volumeB], host: proxyA.dockerHost))
        expectRefused(try daemon.docker(["volume", "rm", volumeB], host: proxyA.dockerHost))
        // A container of A may use A's volume and network, not B's.
        let run = ["run", "--rm", "--network", networkA, "-v", "\(volumeA):/data", daemon.imageName, "true"]
        Fixtures.expectSuccess(try daemon.docker(run, host: proxyA.dockerHost, timeout: .seconds(60)))
        expectRefused(
            try daemon.docker(
                ["run", "--rm", "--network", "none", "-v", "\(volumeB):/data", daemon.imageName, "true"],
                host: proxyA.dockerHost
            )
        )
        expectRefused(
            try daemon.docker(
                ["run", "--rm", "--network", networkB, daemon.imageName, "true"],
                host: proxyA.dockerHost
            )
        )
        #expect(try daemon.docker(["network", "inspect", networkB]).succeeded)
        #expect(try daemon.docker(["volume", "inspect", volumeB]).succeeded)
    }

    @Test("docker events through owner A's proxy shows A's container events only")
    func events() async throws {
        let proxyA = try await proxy(owner: ownerA)
        let proxyB = try await proxy(owner: ownerB)
        let nameA = DockerDaemonHarness.uniqueName("own-ev-a")
        let nameB = DockerDaemonHarness.uniqueName("own-ev-b")
        defer { _ = try? daemon.docker(["rm", "-f", nameA, nameB], timeout: .seconds(30)) }
        let markerA = DockerDaemonHarness.uniqueName("own-ev-mark")
        let closerA = DockerDaemonHarness.uniqueName("own-ev-close")
        defer { _ = try? daemon.docker(["rm", "-f", markerA, closerA], timeout: .seconds(30)) }
        // Live streams, read while they run: replaying the daemon's history (`--since`) loses events under the
        // parallel suite, which pushes them out of the daemon's last 256 within seconds.
        let format = "{{.Actor.Attributes.name}} {{.Action}}"
        let throughA = try daemon.liveDocker(["events", "--format", format], host: proxyA.dockerHost)
        let direct = try daemon.liveDocker(["events", "--format", format])
        defer {
            throughA.stop()
            direct.stop()
        }
        func create(_ name: String, through proxy: ProxyProcess) throws {
            Fixtures.expectSuccess(
                try daemon.docker(
                    ["create", "--name", name, "--network", "none", daemon.imageName, "true"],
                    host: proxy.dockerHost
                )
            )
        }
        // Both streams are live once A's marker reaches them (a CLI prints nothing before its first event).
        var live = false
        for attempt in 0..<20 where !live {
            let marker = "\(markerA)-\(attempt)"
            defer { _ = try? daemon.docker(["rm", "-f", marker], timeout: .seconds(30)) }
            try create(marker, through: proxyA)
            let seenThroughA = await throughA.waitForLine(timeout: .seconds(3)) { $0 == "\(marker) create" }
            let seenDirectly = await direct.waitForLine(timeout: .seconds(3)) { $0 == "\(marker) create" }
            live = seenThroughA && seenDirectly
        }
        #expect(live, "the event streams never showed a marker:\n\(throughA.stderrText)\n\(direct.stderrText)")
        try create(nameA, through: proxyA)
        try create(nameB, through: proxyB)
        // Directly, both are there.
        #expect(await direct.waitForLine(timeout: .seconds(60)) { $0 == "\(nameA) create" })
        #expect(await direct.waitForLine(timeout: .seconds(60)) { $0 == "\(nameB) create" })
        #expect(await throughA.waitForLine(timeout: .seconds(60)) { $0 == "\(nameA) create" })
        // Events arrive in order: once A's own later event is through, B's would have been too.
        try create(closerA, through: proxyA)
        #expect(await throughA.waitForLine(timeout: .seconds(60)) { $0 == "\(closerA) create" })
        #expect(!throughA.stdoutLines.contains { $0.contains(nameB) }, "\(throughA.stdoutLines)")
    }
}
