import Foundation
import NIOCore
import NIOEmbedded
import SockguardPolicy

@testable import SockguardProxy

/// One client connection's pipeline (`ClientPipeline`) on an `EmbeddedChannel`: bytes in, bytes out, no socket.
/// The upstream socket does not exist, so these tests only ever exercise requests the proxy answers itself; an
/// attempt to forward would show as an upstream connection in `handler.upstream`.
final class EmbeddedProxy {
    let channel = EmbeddedChannel()
    private let logPipe: (read: Int32, write: Int32)

    init(
        rules: RuleSet,
        inspectors: InspectorRegistry = InspectorRegistry(),
        verbosity: ProxySettings.DenyVerbosity = .verbose
    ) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        logPipe = (fds[0], fds[1])
        let settings = ProxySettings(
            listener: .unix(path: "/nonexistent/proxy.sock", mode: 0o660),
            upstreams: [try UpstreamEndpoint(address: .unix(path: "/nonexistent/upstream.sock"))],
            ruleSet: rules,
            inspectors: inspectors,
            denyVerbosity: verbosity
        )
        let shared = ConnectionContext(
            settings: settings,
            policies: PolicyStore(settings),
            accessLog: AccessLog(fileDescriptor: logPipe.write),
            health: HealthMonitor(pool: UpstreamPool(endpoints: settings.upstreams))
        )
        try ClientPipeline.install(on: channel, shared: shared)
        try channel.connect(to: SocketAddress(unixDomainSocketPath: "/nonexistent/proxy.sock")).wait()
    }

    deinit {
        _ = try? channel.finish()
        close(logPipe.read)
        close(logPipe.write)
    }

    var handler: ClientConnectionHandler {
        get throws { try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self) }
    }

    /// Whether the proxy opened (or began opening) a connection to the daemon.
    var contactedUpstream: Bool {
        get throws {
            if case .none = try handler.upstream { return false }
            return true
        }
    }

    func send(_ text: String) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    /// Everything written to the client so far.
    func output() throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += String(buffer: buffer)
        }
        return text
    }

    /// The access log lines written so far, parsed.
    func logEntries() -> [[String: Any]] {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(logPipe.read, &chunk, chunk.count)
            guard count > 0 else { break }
            data.append(contentsOf: chunk[0..<count])
        }
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
        }
    }
}
