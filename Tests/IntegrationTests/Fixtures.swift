import Foundation
import SockguardTestSupport
import Testing

/// Proxies and containers the integration tests build on. Every call makes fresh, uniquely named resources, so
/// tests can run in parallel against the one shared daemon.
enum Fixtures {
    /// The body every denial carries.
    static let deniedMessage = "request denied by sockguard policy"

    /// A proxy in front of the shared daemon with `rules` (YAML list items, indented by two spaces) and
    /// `extra` top-level YAML.
    static func proxy(
        _ daemon: DockerDaemonHarness,
        rules: String,
        extra: String = "",
        response: String = "deny_verbosity: verbose",
        listen: ProxyProcess.Listen = .unixSocket
    ) async throws -> ProxyProcess {
        try await ProxyProcess.start(listen: listen) { paths in
            """
            listen: \(paths.listenYAML)
            upstream: { socket: "\(daemon.socketPath)" }
            rules:
            \(rules)
            response: { \(response) }
            \(extra)
            """
        }
    }

    /// Rules that allow every request.
    static let allowEverything = """
          - match: { method: "*", path: "/**" }
            action: allow
        """

    /// Opts out of the body-blind guardrail, for tests whose rules allow everything but test another inspector.
    static let blindWritesOptIn = "insecure_allow_body_blind_writes: true"

    /// Opts out of the body-blind guardrail and lets exec run any command as root: for tests of the data path
    /// (streams, hijacks), not of the exec policy.
    static let anyExec = """
        insecure_allow_body_blind_writes: true
        request_body: { exec: { allow_root_user: true } }
        """

    /// A proxy that allows everything (but what the body inspectors refuse): the baseline for "the proxy is
    /// transparent" tests.
    static func permissiveProxy(
        _ daemon: DockerDaemonHarness,
        listen: ProxyProcess.Listen = .unixSocket
    ) async throws -> ProxyProcess {
        try await proxy(daemon, rules: allowEverything, extra: anyExec, listen: listen)
    }

    /// A proxy whose config has no `rules:`, so Tecnativa-style variables (`CONTAINERS=1`, ...) decide.
    static func compatProxy(
        upstream socketPath: String,
        environment: [String: String]
    ) async throws -> ProxyProcess {
        try await ProxyProcess.start(
            config: { paths in
                """
                listen: \(paths.listenYAML)
                upstream: { socket: "\(socketPath)" }
                """
            },
            environment: environment
        )
    }

    /// The exact request the proxy's background health probe sends to its upstream on a connection of its own.
    static let healthProbe = Data("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".utf8)

    /// Everything the upstream received except whole connections that carried nothing but the health probe, and
    /// connections that carried nothing at all (a probe that connected and gave up before writing, on a loaded
    /// machine: no request reached the upstream on it).
    static func trafficExceptHealthProbes(_ upstream: RecordingUpstream) -> [Data] {
        upstream.connectionBytes.filter { $0 != healthProbe && !$0.isEmpty }
    }

    /// Checks that a docker CLI command was refused by the proxy: the CLI's error exit status (1, or 125 for
    /// `docker run`) and the 403 message on stderr.
    static func expectDenied(
        _ result: CommandResult,
        status: Int32 = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "expected a denial:\n\(result)", sourceLocation: sourceLocation)
        #expect(
            result.stderrText.contains(deniedMessage),
            "expected the 403 message on stderr:\n\(result)",
            sourceLocation: sourceLocation
        )
    }

    /// Checks that a command succeeded, showing its output otherwise.
    static func expectSuccess(_ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.succeeded, "expected success:\n\(result)", sourceLocation: sourceLocation)
    }
}

/// A container created directly on the daemon (not through the proxy) and removed, with `rm -f`, on release.
final class ScratchContainer: Sendable {
    let name: String
    let daemon: DockerDaemonHarness

    /// `docker run -d` (or `docker create` when `start` is false) with `--network none`.
    init(
        _ daemon: DockerDaemonHarness,
        prefix: String,
        options: [String] = [],
        command: [String],
        start: Bool = true
    ) throws {
        self.daemon = daemon
        self.name = DockerDaemonHarness.uniqueName(prefix)
        let verb = start ? ["run", "-d"] : ["create"]
        let result = try daemon.docker(
            verb + ["--name", name, "--network", "none"] + options + [daemon.imageName] + command
        )
        guard result.succeeded else { throw HarnessError.commandFailed(step: "creating \(name)", result: result) }
    }

    /// The container's state as docker reports it (`running`, `exited`, `created`).
    func state() throws -> String {
        try daemon.docker(["inspect", "--format", "{{.State.Status}}", name]).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        _ = try? daemon.docker(["rm", "-f", name], timeout: .seconds(30))
    }
}

/// A user-defined bridge network with its own /24 (`<base>.<random>.0/24`), whose containers reach the host at
/// the gateway: client containers for proxies that tell clients apart by address or labels. Removed on deinit.
final class ClientNetwork: Sendable {
    let daemon: DockerDaemonHarness
    let name: String
    /// The first three octets, e.g. `10.231.57`.
    let prefix: String
    var gateway: String { "\(prefix).1" }

    init(_ daemon: DockerDaemonHarness, tag: String, base: String) throws {
        self.daemon = daemon
        self.name = DockerDaemonHarness.uniqueName(tag)
        self.prefix = "\(base).\(Int.random(in: 16...250))"
        let result = try daemon.docker([
            "network", "create", "--subnet", "\(prefix).0/24", "--gateway", "\(prefix).1", name,
        ])
        guard result.succeeded else { throw HarnessError.commandFailed(step: "creating \(name)", result: result) }
    }

    /// The address `.host` on this network.
    func address(_ host: Int) -> String { "\(prefix).\(host)" }

    /// busybox wget from a new container on this network (at `.host` if given, with `labels`) against `port`
    /// on the host; `post` sends `{}` as JSON.
    func fetch(
        port: Int,
        _ path: String,
        host: Int? = nil,
        labels: [String] = [],
        post: Bool = false
    ) throws -> CommandResult {
        let placement = ["--network", name] + (host.map { ["--ip", address($0)] } ?? [])
        let wget =
            ["wget", "-q", "-O", "-"]
            + (post ? ["--post-data", "{}", "--header", "Content-Type: application/json"] : [])
            + ["http://\(gateway):\(port)\(path)"]
        return try daemon.docker(
            ["run", "--rm"] + placement + labels.flatMap { ["--label", $0] } + [daemon.imageName] + wget,
            timeout: .seconds(60)
        )
    }

    deinit {
        _ = try? daemon.docker(["network", "rm", name], timeout: .seconds(30))
    }
}
