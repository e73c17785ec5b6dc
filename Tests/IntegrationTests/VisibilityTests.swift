import Foundation
import SockguardTestSupport
import Testing

/// `response.visible_resource_labels`, `name_patterns` and `image_patterns` against the real daemon, through the
/// docker CLI: what a client may see, listed, inspected, read or streamed.
@Suite("visibility through the real docker CLI")
struct VisibilityTests {
    static func proxy(_ daemon: DockerDaemonHarness, _ response: String) async throws -> ProxyProcess {
        try await Fixtures.proxy(daemon, rules: Fixtures.allowEverything, extra: Fixtures.anyExec, response: response)
    }

    @Test("name_patterns: docker ps lists matching containers only; inspect and logs of another answer not found")
    func namePatterns() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let web = try ScratchContainer(daemon, prefix: "vis-web", command: ["true"], start: false)
        let database = try ScratchContainer(daemon, prefix: "vis-db", command: ["true"], start: false)
        let proxy = try await Self.proxy(daemon, "name_patterns: [\"\(web.name.dropLast(2))*\"]")
        let listed = try daemon.docker(["ps", "-a", "--format", "{{.Names}}"], host: proxy.dockerHost)
        Fixtures.expectSuccess(listed)
        #expect(listed.stdoutText == "\(web.name)\n", "\(listed)")
        Fixtures.expectSuccess(try daemon.docker(["inspect", web.name], host: proxy.dockerHost))
        Fixtures.expectSuccess(try daemon.docker(["logs", web.name], host: proxy.dockerHost))
        for command in [["inspect", database.name], ["logs", database.name], ["top", database.name]] {
            let hidden = try daemon.docker(command, host: proxy.dockerHost)
            #expect(!hidden.succeeded && hidden.stderrText.contains("No such object"), "\(command): \(hidden)")
        }
        Fixtures.expectSuccess(try daemon.docker(["logs", database.name]))
        // As Go warns: patterns alone leave /events and the other lists unfiltered.
        #expect(await proxy.waitForStderrLine { $0.contains("without any visible_resource_labels selector") } != nil)
        let log = await proxy.waitForStderrLine { $0.contains("visibility_policy_hid_resource") }
        #expect(log?.contains("404") == true, "\(proxy.stderrLines)")
    }

    @Test("in warn mode a hidden container is shown, and the access log says it would have been hidden")
    func warnMode() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let database = try ScratchContainer(daemon, prefix: "vis-warn", command: ["true"], start: false)
        let proxy = try await Fixtures.proxy(
            daemon,
            rules: Fixtures.allowEverything,
            extra: Fixtures.anyExec + "\nmode: warn",
            response: "name_patterns: [\"no-such-name-*\"]"
        )
        for command in [["inspect", database.name], ["logs", database.name]] {
            Fixtures.expectSuccess(try daemon.docker(command, host: proxy.dockerHost))
            let line = await proxy.waitForStderrLine {
                $0.contains("would_deny") && $0.contains("visibility_policy_hid_resource")
                    && $0.contains("/\(command[0] == "inspect" ? "json" : "logs")")
            }
            #expect(line != nil, "\(command): \(proxy.stderrLines)")
        }
    }

    @Test("name and image patterns on images: docker images and image inspect show only matching tags")
    func imagePatterns() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let nothing = try await Self.proxy(daemon, "name_patterns: [\"no-such-image-*\"]")
        let none = try daemon.docker(["images", "-q"], host: nothing.dockerHost)
        Fixtures.expectSuccess(none)
        #expect(none.stdoutText.isEmpty, "\(none)")
        #expect(!(try daemon.docker(["images", "-q"]).stdoutText.isEmpty))
        for command in [["image", "inspect", daemon.imageName], ["image", "history", daemon.imageName]] {
            let hidden = try daemon.docker(command, host: nothing.dockerHost)
            #expect(!hidden.succeeded && hidden.stderrText.contains("No such"), "\(command): \(hidden)")
        }
        let matching = try await Self.proxy(daemon, "image_patterns: [\"\(daemon.imageName)\"]")
        let some = try daemon.docker(["images", "--format", "{{.Repository}}:{{.Tag}}"], host: matching.dockerHost)
        Fixtures.expectSuccess(some)
        #expect(some.stdoutText.contains(daemon.imageName), "\(some)")
        Fixtures.expectSuccess(try daemon.docker(["image", "history", daemon.imageName], host: matching.dockerHost))
    }

    @Test("visible_resource_labels narrows docker events to the labelled containers' events")
    func events() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let team = DockerDaemonHarness.uniqueName("team")
        let proxy = try await Self.proxy(daemon, "visible_resource_labels: [\"team=\(team)\"]")
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        let mine = try ScratchContainer(
            daemon,
            prefix: "vis-ev-mine",
            options: ["--label", "team=\(team)"],
            command: ["true"],
            start: false
        )
        let other = try ScratchContainer(daemon, prefix: "vis-ev-other", command: ["true"], start: false)
        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let arguments = [
            "events", "--since", since, "--until", until, "--filter", "type=container", "--format",
            "{{.Actor.Attributes.name}}",
        ]
        let direct = try daemon.docker(arguments)
        #expect(direct.stdoutText.contains(other.name), "\(direct)")
        let proxied = try daemon.docker(arguments, host: proxy.dockerHost)
        Fixtures.expectSuccess(proxied)
        #expect(proxied.stdoutText.contains(mine.name), "\(proxied)")
        #expect(!proxied.stdoutText.contains(other.name), "\(proxied)")
    }
}
