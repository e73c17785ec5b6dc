import Logging
import NIOCore
import NIOPosix
import NIOSSL
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
    private let auditLog: AuditLog?
    /// The policy requests are judged by; a reload replaces it (`PolicyStore.replace(with:)`).
    public let policies: PolicyStore
    /// The Prometheus series (`metrics.enabled`); nil when off.
    public let metrics: ProxyMetrics?

    /// `auditLog` is `log.audit`'s writer, opened by the caller (it is a file the command line may name); nil when
    /// off. It is shared with the caller, who reopens it on SIGHUP and shuts it down after the server.
    public init(settings: ProxySettings, logger: Logger, accessLog: AccessLog?, auditLog: AuditLog? = nil) {
        self.settings = settings
        self.logger = logger
        self.accessLog = settings.accessLog ? accessLog : nil
        self.auditLog = auditLog
        self.policies = PolicyStore(settings)
        self.metrics = settings.metricsPath.map { _ in
            ProxyMetrics(version: settings.version, listeners: settings.listeners)
        }
        self.metrics?.setPolicyVersion(self.policies.generation)
        auditLog?.countDrops(in: self.metrics)
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
        let pool = UpstreamPool(endpoints: self.settings.upstreams)
        let health = HealthMonitor(
            pool: pool,
            timeout: self.settings.upstreamProbeTimeout,
            version: self.settings.version,
            listeners: self.settings.listeners,
            watchdog: self.settings.watchdogInterval.map { _ in
                UpstreamWatchdog(logger: self.logger, metrics: self.metrics)
            }
        )
        // Probes run when /health is served, there is an endpoint to fail over to, or the watchdog is on: a proxy
        // with none of these never talks to dockerd on its own. The watchdog's interval wins.
        var probe: RepeatedTask?
        if let interval = self.settings.watchdogInterval {
            probe = health.start(on: group.next(), interval: interval)
        } else if self.settings.healthPath != nil || pool.endpoints.count > 1 {
            probe = health.start(on: group.next(), interval: self.settings.upstreamProbeInterval)
        }
        defer { probe?.cancel() }
        let readiness = self.settings.readiness.map {
            ReadinessMonitor(health: health, settings: $0, metrics: self.metrics)
        }
        let readinessProbe = readiness?.start(on: group.next())
        defer { readinessProbe?.cancel() }
        var reloads: [RepeatedTask] = []
        defer { reloads.forEach { $0.cancel() } }
        let limiter = Limiter(metrics: self.metrics, logger: self.logger)
        var channels: [Channel] = []
        do {
            for listener in self.settings.listeners {
                let shared = ConnectionContext(
                    settings: self.settings,
                    policies: self.policies,
                    accessLog: self.accessLog,
                    metrics: self.metrics,
                    health: health,
                    readiness: readiness,
                    listener: listener,
                    auditLog: self.auditLog,
                    limiter: limiter,
                    logger: self.logger
                )
                let tls = try listener.tls.map(ListenerTLSContext.init(settings:))
                if let tls { reloads.append(self.watchCertificates(tls, on: group.next())) }
                let channel = try await self.bind(listener, tls: tls, shared: shared, group: group)
                channels.append(channel)
                self.logger.info(
                    "listening",
                    metadata: [
                        "listener": "\(listener.name)",
                        "role": "\(listener.role.rawValue)",
                        "address": "\(Self.describe(channel.localAddress, fallback: listener.listener))",
                        "upstream": "\(self.settings.upstreams.map(\.description).joined(separator: ", "))",
                        "tls": "\(listener.tls == nil ? "off" : "mutual, TLS 1.3")",
                        "rules": "\(self.settings.ruleSet.rules.count)",
                        "profiles": "\(listener.allowedProfiles.map { $0.sorted().joined(separator: ",") } ?? "any")",
                    ]
                )
            }
        } catch {
            for channel in channels { try? await channel.close() }
            throw error
        }
        StartupMemory.releaseStartupPages()
        let bound = channels
        try await withGracefulShutdownHandler {
            for channel in bound {
                try await channel.closeFuture.get()
            }
        } onGracefulShutdown: {
            for channel in bound { channel.close(promise: nil) }
        }
        for listener in self.settings.listeners {
            if case .unix(let path, _, _) = listener.listener { unlink(path) }
        }
        self.logger.info("stopped")
    }

    /// Binds one listener; every connection it accepts gets its own proxy pipeline behind TLS, if any.
    private func bind(
        _ listener: ProxySettings.ListenerSettings,
        tls: ListenerTLSContext?,
        shared: ConnectionContext,
        group: MultiThreadedEventLoopGroup
    ) async throws -> Channel {
        let logger = self.logger
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.context))
                        if !tls.settings.selectors.isEmpty {
                            try channel.pipeline.syncOperations.addHandler(
                                ClientCertificateGate(selectors: tls.settings.selectors, logger: logger)
                            )
                        }
                    }
                    try ClientPipeline.install(on: channel, shared: shared)
                }
            }
            .childChannelOption(.maxMessagesPerRead, value: 16)
        switch listener.listener {
        case .tcp(let host, let port):
            // TCP_NODELAY lives at the TCP level (`.tcpOption`); `.socketOption(.tcp_nodelay)` would be SOL_SOCKET
            // option 1, SO_DEBUG, which needs CAP_NET_ADMIN and fails every connection in a `cap_drop: [ALL]`
            // container.
            bootstrap = bootstrap.childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            return try await bootstrap.bind(host: host, port: port).get()
        case .unix(let path, let mode, let owner):
            try StaleSocket.clear(path)
            let channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
            guard chmod(path, mode_t(mode)) == 0 else {
                try? await channel.close()
                throw ProxyServerError.socketPermissions(path: path, errno: errno)
            }
            if let owner {
                // -1 leaves that id as it is (chown(2)).
                let uid = owner.uid.map { uid_t($0) } ?? uid_t(bitPattern: -1)
                let gid = owner.gid.map { gid_t($0) } ?? gid_t(bitPattern: -1)
                guard chown(path, uid, gid) == 0 else {
                    try? await channel.close()
                    throw ProxyServerError.socketOwner(path: path, errno: errno)
                }
            }
            return channel
        }
    }

    /// Re-reads the listener's certificate files when they change; a broken new set keeps the old one serving.
    private func watchCertificates(_ tls: ListenerTLSContext, on eventLoop: EventLoop) -> RepeatedTask {
        let logger = self.logger
        return eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
            switch tls.reloadIfChanged() {
            case .unchanged: break
            case .reloaded:
                logger.info("listener certificates reloaded", metadata: ["cert_file": "\(tls.settings.certFile)"])
            case .failed(let reason):
                logger.error(
                    "listener certificates not reloaded; the previous ones keep serving",
                    metadata: ["reason": "\(reason)"]
                )
            }
        }
    }

    private static func describe(_ address: SocketAddress?, fallback: ProxySettings.Listener) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return fallback.description }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// Why the listener could not start.
public enum ProxyServerError: Error, CustomStringConvertible {
    case pathNotASocket(path: String)
    case socketInUse(path: String, reason: String)
    case socketPermissions(path: String, errno: Int32)
    case socketOwner(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .pathNotASocket(let path):
            return "listen.socket: \(path) exists and is not a socket; refusing to replace it"
        case .socketInUse(let path, let reason):
            return "listen.socket: \(path) is in use: \(reason)"
        case .socketPermissions(let path, let code):
            return "listen.socket_mode: cannot set the mode of \(path): \(String(cString: strerror(code)))"
        case .socketOwner(let path, let code):
            return
                "listen.socket_uid/socket_gid: cannot change the owner of \(path): \(String(cString: strerror(code)))"
        }
    }
}
