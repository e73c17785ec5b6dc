import Foundation
import SockguardTestSupport
import Testing

/// `examples/compose/`: each stack is read by a compose implementation (Debian's `docker-compose`), its proxy is
/// hardened and unpublished on an internal network, its environment loads in `sockguard validate`, and a client
/// reaches it; the Traefik stack's proxy is brought up on the test daemon and a client container talks to it.
@Suite("compose examples")
struct ComposeExampleTests {
    static let examples = ImageTests.repository + "/examples/compose"
    static let compose = "/usr/bin/docker-compose"
    static let python = "/usr/bin/python3"

    static let stacks = ["traefik", "portainer", "watchtower", "homepage", "gitlab-runner", "tecnativa-migration"]

    @Test("every example directory is tested")
    func allListed() throws {
        let found = try FileManager.default.contentsOfDirectory(atPath: Self.examples).sorted()
        #expect(found == Self.stacks.sorted())
    }

    /// `docker-compose config` of a stack, as JSON objects (PyYAML reads compose's YAML).
    static func resolved(_ stack: String, environment: [String: String] = [:]) throws -> [String: Any] {
        let file = "\(examples)/\(stack)/compose.yaml"
        var variables = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        variables.merge(environment) { $1 }
        let config = try ProcessRunner.run(compose, ["-f", file, "config"], environment: variables)
        try #require(config.succeeded, "\(config)")
        let json = try ProcessRunner.run(
            python,
            ["-c", "import sys, yaml, json; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
            stdin: config.stdout
        )
        try #require(json.succeeded, "\(json)")
        return try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
    }

    @Test(
        "the proxy is hardened, unpublished, on internal networks only, its environment loads, and a client uses it",
        arguments: stacks
    )
    func hardened(stack: String) throws {
        let config = try Self.resolved(stack)
        let services = try #require(config["services"] as? [String: [String: Any]])
        let proxies = services.filter { ($0.value["image"] as? String) == "sockguard:local" }
        try #require(proxies.count == 1, "\(services.keys)")
        let (name, proxy) = try #require(proxies.first)
        #expect(proxy["read_only"] as? Bool == true)
        #expect((proxy["cap_drop"] as? [String]) == ["ALL"])
        #expect((proxy["security_opt"] as? [String])?.contains("no-new-privileges:true") == true)
        #expect(proxy["ports"] == nil, "the Docker API is never published")
        #expect(proxy["privileged"] == nil)
        let volumes = try #require(proxy["volumes"] as? [Any])
        #expect(volumes.map { "\($0)" } == ["/var/run/docker.sock:/var/run/docker.sock:ro"], "\(volumes)")
        let networks = try #require(config["networks"] as? [String: [String: Any]])
        let joined = try #require(proxy["networks"] as? [String: Any])
        for network in joined.keys {
            #expect(networks[network]?["internal"] as? Bool == true, "\(stack): \(network) is not internal")
        }
        // What the proxy is told, the binary accepts.
        let environment = try #require(proxy["environment"] as? [String: String])
        let validated = try ProcessRunner.run(
            try ProxyProcess.binaryPath(),
            ["validate"],
            environment: environment.merging(["PATH": "/usr/bin:/bin"]) { $1 }
        )
        #expect(validated.succeeded, "\(stack): \(validated)")
        // Some client is pointed at the proxy: its compose file or its own configuration names it.
        let directory = "\(Self.examples)/\(stack)"
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory)
        let texts = try files.compactMap { path -> String? in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory)
            return isDirectory.boolValue ? nil : try String(contentsOfFile: "\(directory)/\(path)", encoding: .utf8)
        }
        #expect(
            texts.contains {
                $0.contains("tcp://\(name):2375") || ($0.contains("host: \(name)") && $0.contains("2375"))
            },
            "\(stack): no client names \(name):2375"
        )
    }

    @Test("the Traefik stack's proxy comes up hardened on the test daemon; a container on its network reads through it")
    func broughtUp() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let tag = try ImageTests.image(daemon)
        let project = DockerDaemonHarness.uniqueName("compose").replacingOccurrences(of: "-", with: "")
        var environment = daemon.cliEnvironment(host: daemon.dockerHost)
        environment["SOCKGUARD_IMAGE"] = tag
        environment["DOCKER_SOCKET"] = daemon.socketPath
        let file = "\(Self.examples)/traefik/compose.yaml"
        let arguments = ["-p", project, "-f", file]
        defer { _ = try? ProcessRunner.run(Self.compose, arguments + ["down", "-t", "1"], environment: environment) }
        let up = try ProcessRunner.run(
            Self.compose,
            arguments + ["up", "-d", "sockguard"],
            environment: environment,
            timeout: .seconds(120)
        )
        try #require(up.succeeded, "\(up)")
        let network = "\(project)_docker-api"
        func fetch(_ path: String) throws -> CommandResult {
            try daemon.docker([
                "run", "--rm", "--network", network, daemon.imageName, "wget", "-q", "-O", "-",
                "http://sockguard:2375\(path)",
            ])
        }
        let listed = try await waitUntil(timeout: .seconds(30)) { try fetch("/v1.41/containers/json").succeeded }
        let answer = try fetch("/v1.41/containers/json")
        let logs = try daemon.docker(["logs", "\(project)_sockguard_1"])
        #expect(listed, "\(answer)\n\(logs)")
        #expect(answer.stdoutText.hasPrefix("["), "\(answer)")
        let denied = try fetch("/v1.41/secrets")
        #expect(!denied.succeeded && denied.stderrText.contains("403"), "\(denied)")
        let published = try daemon.docker(["port", "\(project)_sockguard_1"])
        #expect(published.stdoutText.isEmpty, "\(published)")
    }

    @Test("the README's container quick start runs as written, on its own internal network")
    func readmeQuickStart() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let tag = try ImageTests.image(daemon)
        let readme = try String(contentsOfFile: ImageTests.repository + "/README.md", encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.contains("docker run -d --name sockguard") })
        var command = ""
        for line in lines[start...] {
            command += line.trimmingCharacters(in: .whitespaces)
            guard command.hasSuffix("\\") else { break }
            command = String(command.dropLast()) + " "
        }
        let network = DockerDaemonHarness.uniqueName("qs-net")
        let name = DockerDaemonHarness.uniqueName("qs")
        // The README's names and paths, made this test's own.
        let arguments = command.split(separator: " ").dropFirst().map { word -> String in
            switch word {
            case "sockguard": name
            case "docker-api": network
            case "sockguard:local": tag
            default: word.replacingOccurrences(of: "/var/run/docker.sock:/", with: "\(daemon.socketPath):/")
            }
        }
        #expect(arguments.contains(daemon.socketPath + ":/var/run/docker.sock:ro"), "\(arguments)")
        Fixtures.expectSuccess(try daemon.docker(["network", "create", "--internal", network]))
        defer {
            _ = try? daemon.docker(["rm", "-f", name])
            _ = try? daemon.docker(["network", "rm", network])
        }
        Fixtures.expectSuccess(try daemon.docker(arguments))
        func fetch(_ path: String) throws -> CommandResult {
            try daemon.docker([
                "run", "--rm", "--network", network, daemon.imageName, "wget", "-q", "-O", "-",
                "http://\(name):2375\(path)",
            ])
        }
        let up = try await waitUntil(timeout: .seconds(30)) { try fetch("/v1.41/containers/json").succeeded }
        let logs = try daemon.docker(["logs", name])
        #expect(up, "\(logs)")
        let refused = try fetch("/v1.41/images/json")
        #expect(
            !refused.succeeded && refused.stderrText.contains("403"),
            "the traefik preset lists no images: \(refused)"
        )
    }
}
