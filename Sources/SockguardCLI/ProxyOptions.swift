import ArgumentParser
import Logging
import SockguardConfig
import SockguardProxy

/// The flags of the commands that run the proxy (`serve`, `learn`): where it listens and where the daemon is.
struct ProxyOptions: ParsableArguments {
    @Option(name: .long, help: "TCP listen address host:port (listen.address).")
    var listenAddress: String?

    @Option(name: .long, help: "Unix socket to listen on instead of TCP (listen.socket).")
    var listenSocket: String?

    @Option(name: .long, help: "Docker daemon socket (upstream.socket).")
    var upstreamSocket: String?

    /// The flags as configuration overrides, keyed by YAML key.
    var overrides: [String: String] {
        var overrides: [String: String] = [:]
        overrides["listen.address"] = self.listenAddress
        overrides["listen.socket"] = self.listenSocket
        overrides["upstream.socket"] = self.upstreamSocket
        return overrides
    }
}

/// The logger and access log of a running proxy, on `log.output` in `log.format` at `log.level`.
struct ProxyLogging {
    let logger: Logger
    let accessLog: AccessLog

    init(_ log: LogConfig) throws {
        let output: LogOutput
        do {
            output = try LogOutput.open(log.output)
        } catch {
            throw failOnConfigError("\(error)")
        }
        let level = Logger.Level(log.level)
        let format = log.format
        self.logger = Logger(label: "sockguard") { label in
            StructuredLogHandler(label: label, fileDescriptor: output.fileDescriptor, format: format, level: level)
        }
        self.accessLog = AccessLog(
            fileDescriptor: output.fileDescriptor,
            format: format == .text ? .text : .json,
            batched: true
        )
    }
}
