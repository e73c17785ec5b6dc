import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The listener: accepts client connections and gives each its own proxy pipeline. Runs as a `Service` until
/// graceful shutdown closes the listening socket. One bad connection never stops the server.
public final class ProxyServer: Service {
    private let settings: ProxySettings
    private let logger: Logger
    private let accessLog: AccessLog?

    public init(settings: ProxySettings, logger: Logger, accessLog: AccessLog?) {
        self.settings = settings
        self.logger = logger
        self.accessLog = settings.accessLog ? accessLog : nil
    }

    public func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.settings.eventLoopThreads)
        do {
            try await self.serve(on: group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    private func serve(on group: MultiThreadedEventLoopGroup) async throws {
        let health = HealthMonitor(socketPath: self.settings.upstreamSocketPath)
        // The probe runs only when /health is served: a proxy without it never talks to dockerd on its own.
        let probe = self.settings.healthPath.map { _ in
            health.start(on: group.next(), interval: self.settings.healthInterval)
        }
        defer { probe?.cancel() }
        let shared = ConnectionContext(settings: self.settings, accessLog: self.accessLog, health: health)

        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try ClientPipeline.install(on: channel, shared: shared)
                }
            }
            .childChannelOption(.maxMessagesPerRead, value: 16)

        let channel: Channel
        switch self.settings.listener {
        case .tcp(let host, let port):
            bootstrap = bootstrap.childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            channel = try await bootstrap.bind(host: host, port: port).get()
        case .unix(let path, let mode):
            try Self.removeStaleSocket(at: path)
            channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
            guard chmod(path, mode_t(mode)) == 0 else {
                try? await channel.close()
                throw ProxyServerError.socketPermissions(path: path, errno: errno)
            }
        }
        self.logger.info(
            "listening",
            metadata: [
                "address": "\(Self.describe(channel.localAddress, fallback: self.settings.listener))",
                "upstream": "\(self.settings.upstreamSocketPath)",
                "rules": "\(self.settings.ruleSet.rules.count)",
            ]
        )
        StartupMemory.releaseStartupPages()
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
        if case .unix(let path, _) = self.settings.listener {
            unlink(path)
        }
        self.logger.info("stopped")
    }

    /// A socket file left behind by a crashed run is replaced; any other file at that path is an error.
    private static func removeStaleSocket(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw ProxyServerError.pathNotASocket(path: path)
        }
        unlink(path)
    }

    private static func describe(_ address: SocketAddress?, fallback: ProxySettings.Listener) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return fallback.description }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// Why the listener could not start.
public enum ProxyServerError: Error, CustomStringConvertible {
    case pathNotASocket(path: String)
    case socketPermissions(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .pathNotASocket(let path):
            return "listen.socket: \(path) exists and is not a socket; refusing to replace it"
        case .socketPermissions(let path, let code):
            return "listen.socket_mode: cannot set the mode of \(path): \(String(cString: strerror(code)))"
        }
    }
}
