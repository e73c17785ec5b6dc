import NIOCore
import NIOHTTP1

/// The handlers of one client connection, in pipeline order, kept so a hijack can take the HTTP ones out.
struct ClientPipeline {
    let requestDecoder: ByteToMessageHandler<HTTPRequestDecoder>
    let responseEncoder: HTTPResponseEncoder

    /// Installs the HTTP/1.1 server handlers and the proxy handler on a freshly accepted channel.
    static func install(on channel: Channel, shared: ConnectionContext) throws {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderListSize = shared.maxHeaderBytes
        limits.maxHeaderFieldSize = shared.maxHeaderBytes
        limits.maxHeaderFieldCount = 256
        let handlers = ClientPipeline(
            // Bytes that arrive behind an upgrade request (early stdin of `docker exec -i`) are kept and
            // handed to the raw relay when the decoder is removed.
            requestDecoder: ByteToMessageHandler(
                HTTPRequestDecoder(
                    leftOverBytesStrategy: .forwardBytes,
                    informationalResponseStrategy: .drop,
                    limitConfiguration: limits
                )
            ),
            // Framing headers pass through from dockerd untouched; see ClientConnectionHandler.
            responseEncoder: HTTPResponseEncoder(configuration: .passThroughFraming)
        )
        // Ordering of pipelined requests and the 400 for malformed HTTP are the proxy handler's own
        // (ClientConnectionHandler+Pipelining.swift).
        let proxy = ClientConnectionHandler(shared: shared, pipeline: handlers)
        try channel.pipeline.syncOperations.addHandlers([
            handlers.responseEncoder,
            handlers.requestDecoder,
            proxy,
        ])
    }
}

extension HTTPResponseEncoder.Configuration {
    /// Framing headers are forwarded as dockerd sent them instead of being recomputed.
    static var passThroughFraming: Self {
        var configuration = Self()
        configuration.automaticallySetFramingHeaders = false
        return configuration
    }
}

extension HTTPRequestEncoder.Configuration {
    /// Framing headers are forwarded as the client sent them instead of being recomputed.
    static var passThroughFraming: Self {
        var configuration = Self()
        configuration.automaticallySetFramingHeaders = false
        return configuration
    }
}
