import Foundation
import SockguardTestSupport
import Testing

/// `examples/swarm` and `examples/kubernetes`: one proxy per Docker host. The Swarm stack is deployed with
/// `docker stack deploy` on a private daemon in swarm mode and the docker CLI talks to it through the socket it
/// leaves in the host directory; the Kubernetes manifests (base and kustomize overlays) pass PyPI's
/// `kubernetes-validate --strict` offline, are hardened, and what they tell the proxy loads in `sockguard validate`.
@Suite("fleet manifests")
struct FleetManifestTests {
    static let kubernetes = ImageTests.repository + "/examples/kubernetes"
    static let overlays = ["traefik", "custom-policy"]

    static let validator = DockerDaemonHarness.findExecutable("kubernetes-validate")
    static let kubectl = DockerDaemonHarness.findExecutable("kubectl")

    @Test("every overlay is tested")
    func allListed() throws {
        let found = try FileManager.default.contentsOfDirectory(atPath: Self.kubernetes + "/overlays").sorted()
        #expect(found == Self.overlays.sorted())
    }

    /// YAML documents as JSON objects (PyYAML).
    static func documents(_ yaml: Data) throws -> [[String: Any]] {
        let json = try ProcessRunner.run(
            ComposeExampleTests.python,
            ["-c", "import sys, yaml, json; json.dump([d for d in yaml.safe_load_all(sys.stdin) if d], sys.stdout)"],
            stdin: yaml
        )
        try #require(json.succeeded, "\(json)")
        return try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
    }

    /// `kubernetes-validate --strict` of one file: unknown fields and wrong types fail.
    static func validateStrictly(_ file: String) throws {
        let validator = try #require(Self.validator, "kubernetes-validate is missing: pip install kubernetes-validate")
        let result = try ProcessRunner.run(validator, ["--strict", "--quiet", file], timeout: .seconds(120))
        #expect(result.succeeded, "\(file): \(result)")
    }

    @Test("the base's resources pass kubernetes-validate --strict, and a misspelt field fails it")
    func baseValidates() throws {
        let base = Self.kubernetes + "/base"
        for file in ["namespace.yaml", "daemonset.yaml", "service.yaml", "networkpolicy.yaml"] {
            try Self.validateStrictly("\(base)/\(file)")
        }
        // The validator is not a formality: the same DaemonSet with one misspelt field is refused.
        let scratch = try TemporaryDirectory(prefix: "sgk8s")
        let daemonSet = try String(contentsOfFile: base + "/daemonset.yaml", encoding: .utf8)
        try daemonSet.replacingOccurrences(of: "readOnlyRootFilesystem", with: "readOnlyRootFileSystem")
            .write(toFile: scratch.path + "/bad.yaml", atomically: true, encoding: .utf8)
        let validator = try #require(Self.validator)
        let refused = try ProcessRunner.run(validator, ["--strict", "--quiet", scratch.path + "/bad.yaml"])
        #expect(!refused.succeeded && refused.stdoutText.contains("readOnlyRootFileSystem"), "\(refused)")
    }

    @Test(
        "each kustomize build passes kubernetes-validate --strict, is hardened, and its proxy configuration loads",
        .enabled(if: kubectl != nil, "needs kubectl (kustomize) to build the overlays"),
        arguments: ["base"] + overlays.map { "overlays/\($0)" }
    )
    func kustomized(_ directory: String) throws {
        let built = try ProcessRunner.run(try #require(Self.kubectl), ["kustomize", "\(Self.kubernetes)/\(directory)"])
        try #require(built.succeeded, "\(built)")
        let scratch = try TemporaryDirectory(prefix: "sgk8s")
        try built.stdout.write(to: URL(fileURLWithPath: scratch.path + "/built.yaml"))
        try Self.validateStrictly(scratch.path + "/built.yaml")

        let resources = try Self.documents(built.stdout)
        func named(_ kind: String) -> [[String: Any]] { resources.filter { $0["kind"] as? String == kind } }
        #expect(resources.allSatisfy { ($0["metadata"] as? [String: Any])?["namespace"] as? String != "default" })
        let daemonSet = try #require(named("DaemonSet").first)
        let template = try #require((daemonSet["spec"] as? [String: Any])?["template"] as? [String: Any])
        let pod = try #require(template["spec"] as? [String: Any])
        #expect(pod["hostNetwork"] == nil && pod["hostPID"] == nil)
        #expect(pod["automountServiceAccountToken"] as? Bool == false)
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let security = try #require(container["securityContext"] as? [String: Any])
        #expect(security["readOnlyRootFilesystem"] as? Bool == true)
        #expect(security["allowPrivilegeEscalation"] as? Bool == false)
        #expect((security["capabilities"] as? [String: Any])?["drop"] as? [String] == ["ALL"])
        #expect(security["privileged"] == nil)
        let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
        let socket = try #require(mounts.first { $0["mountPath"] as? String == "/var/run/docker.sock" })
        #expect(socket["readOnly"] as? Bool == true)

        // Clients reach their own node's proxy, and only labelled pods may connect.
        let service = try #require(named("Service").first?["spec"] as? [String: Any])
        #expect(service["internalTrafficPolicy"] as? String == "Local")
        #expect(service["type"] == nil, "the Docker API is never exposed outside the cluster")
        let policy = try #require(named("NetworkPolicy").first?["spec"] as? [String: Any])
        let guarded = (policy["podSelector"] as? [String: Any])?["matchLabels"] as? [String: String]
        let podLabels = (template["metadata"] as? [String: Any])?["labels"] as? [String: String] ?? [:]
        #expect(
            guarded.map { $0.allSatisfy { podLabels[$0.key] == $0.value } } == true,
            "\(String(describing: guarded))"
        )

        // Every ConfigMap a volume names is one the build holds.
        let configMaps = Set(named("ConfigMap").compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String })
        for volume in pod["volumes"] as? [[String: Any]] ?? [] {
            if let name = (volume["configMap"] as? [String: Any])?["name"] as? String {
                #expect(configMaps.contains(name), "volume names ConfigMap \(name); the build has \(configMaps)")
            }
        }

        // What the container is told, the binary accepts (a policy file from this overlay's ConfigMap).
        var environment = ["PATH": "/usr/bin:/bin"]
        for variable in container["env"] as? [[String: Any]] ?? [] {
            environment[try #require(variable["name"] as? String)] = variable["value"] as? String ?? ""
        }
        var arguments = ["validate"]
        let serveArguments = container["args"] as? [String] ?? ["serve"]
        #expect(serveArguments.first == "serve")
        if let flag = serveArguments.firstIndex(of: "-c") {
            let path = serveArguments[flag + 1]
            let file = (path as NSString).lastPathComponent
            arguments += ["-c", "\(Self.kubernetes)/\(directory)/\(file)"]
        }
        let validated = try ProcessRunner.run(try ProxyProcess.binaryPath(), arguments, environment: environment)
        #expect(validated.succeeded, "\(directory): \(validated)")
    }

    @Test("the Swarm stack deploys as a global service; the docker CLI reads through its socket and cannot write")
    func swarmStack() async throws {
        let shared = try await DockerDaemonHarness.shared()
        let daemon = try ScriptedDaemon(prefix: "sgsw")
        let started = try daemon.start()
        try #require(started.succeeded, "\(started)")
        defer { daemon.purge() }
        let cli = daemon.cliEnvironment
        let port = SocketEndpoint.freeTCPPort()
        Fixtures.expectSuccess(
            try daemon.docker(["swarm", "init", "--advertise-addr", "127.0.0.1", "--listen-addr", "127.0.0.1:\(port)"])
        )
        let tag = "sockguard-swarm:\(ProcessInfo.processInfo.processIdentifier)"
        let image = try ProcessRunner.run(
            ImageTests.repository + "/scripts/build-image.sh",
            [tag, try ProxyProcess.binaryPath()],
            environment: cli.merging(["DOCKER": DockerDaemonHarness.dockerCLI]) { $1 },
            timeout: .seconds(300)
        )
        try #require(image.succeeded, "\(image)")

        let runDirectory = daemon.scratch.path + "/run"
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        var deployEnvironment = cli
        deployEnvironment["SOCKGUARD_IMAGE"] = tag
        deployEnvironment["DOCKER_SOCKET"] = daemon.socketPath
        deployEnvironment["SOCKGUARD_RUN_DIR"] = runDirectory
        let deployed = try ProcessRunner.run(
            DockerDaemonHarness.dockerCLI,
            ["stack", "deploy", "--detach=true", "-c", ImageTests.repository + "/examples/swarm/stack.yaml", "sg"],
            environment: deployEnvironment,
            timeout: .seconds(120)
        )
        try #require(deployed.succeeded, "\(deployed)")
        #expect(!deployed.stderrText.contains("Ignoring unsupported options"), "\(deployed.stderrText)")

        let socket = runDirectory + "/docker.sock"
        let up = await waitUntil(timeout: .seconds(60)) { FileManager.default.fileExists(atPath: socket) }
        let tasks = try daemon.docker(["service", "ps", "--no-trunc", "sg_sockguard"])
        try #require(up, "the proxy did not listen: \(tasks)")
        let mode = try daemon.docker(["service", "inspect", "-f", "{{json .Spec.Mode}}", "sg_sockguard"])
        #expect(mode.stdoutText.contains("Global"), "\(mode)")

        // The docker CLI through the node's proxy: it reads this daemon (the service itself is listed) ...
        let proxied = "unix://" + socket
        let services = try daemon.docker(["service", "ls", "--format", "{{.Name}} {{.Mode}}"], on: proxied)
        #expect(services.stdoutText.contains("sg_sockguard global"), "\(services)")
        Fixtures.expectSuccess(try daemon.docker(["ps"], on: proxied))
        // ... and, under the readonly preset, changes nothing.
        Fixtures.expectDenied(
            try daemon.docker(["run", "--rm", "--network", "none", shared.imageName, "true"], on: proxied),
            status: 125
        )
        Fixtures.expectDenied(try daemon.docker(["service", "rm", "sg_sockguard"], on: proxied))
        Fixtures.expectSuccess(try daemon.docker(["service", "inspect", "sg_sockguard"]))
        Fixtures.expectSuccess(try daemon.docker(["stack", "rm", "sg"]))
    }
}
