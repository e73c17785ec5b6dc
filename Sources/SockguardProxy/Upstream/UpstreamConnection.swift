import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 connection to the Docker daemon's unix socket, owned by one client connection and living on
/// that connection's event loop. Keeps references to its HTTP handlers so a hijack can take them out.
struct UpstreamConnection {
    let channel: Channel
    let requestEncoder: HTTPRequestEncoder
    let responseDecoder: ByteToMessageHandler<HTTPResponseDecoder>
    let handler: UpstreamHandler

    /// Connects to `endpoint` on `eventLoop`. Framing headers pass through untouched: the client's
    /// Content-Length / Transfer-Encoding are forwarded as they came and the encoder only follows them.
    static func connect(
        endpoint: UpstreamEndpoint,
        on eventLoop: EventLoop,
        delegate: UpstreamDelegate,
        completion: @escaping (Result<UpstreamConnection, Error>) -> Void
    ) {
        let handler = UpstreamHandler()
        handler.delegate = delegate
        let encoder = HTTPRequestEncoder(configuration: .passThroughFraming)
        // Informational responses (100 Continue) are forwarded, or `Expect: 100-continue` clients wait forever.
        let decoder = ByteToMessageHandler(
            HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes, informationalResponseStrategy: .forward)
        )
        let handlers = NIOLoopBound((encoder, decoder, handler), eventLoop: eventLoop)
        endpoint.connect(on: eventLoop, timeout: .seconds(10)) { channel in
            let (encoder, decoder, handler) = handlers.value
            // The encoder sits nearer the head than the decoder: the decoder learns that a request
            // was HEAD by seeing it pass outbound.
            try channel.pipeline.syncOperations.addHandlers([encoder, decoder, handler])
        }
        .assumeIsolated()
        .whenComplete { result in
            completion(
                result.map { channel in
                    UpstreamConnection(
                        channel: channel,
                        requestEncoder: encoder,
                        responseDecoder: decoder,
                        handler: handler
                    )
                }
            )
        }
    }
}
