import Logging
import NIOCore
import NIOSSL
import NIOTLS
import SockguardPolicy

/// Sits right behind the listener's `NIOSSLServerHandler`. When the handshake completed (the client
/// certificate already chains to the client CA), checks the leaf against the `CertificateSelectors`; a
/// certificate they refuse closes the connection before any request is read. Then it leaves the pipeline.
final class ClientCertificateGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let selectors: CertificateSelectors
    let logger: Logger
    private var admitted = false

    init(selectors: CertificateSelectors, logger: Logger) {
        self.selectors = selectors
        self.logger = logger
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case TLSUserEvent.handshakeCompleted = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        let refusal: String?
        do {
            guard let leaf = try context.pipeline.syncOperations.nioSSL_peerCertificate() else {
                throw TLSFile.Failure(description: "no client certificate")
            }
            refusal = selectors.refusal(ofLeaf: try leaf.toDERBytes(), spki: try leaf.extractPublicKey().toSPKIBytes())
        } catch {
            refusal = "\(error)"
        }
        if let refusal {
            logger.warning(
                "client certificate refused",
                metadata: [
                    "client": "\(context.channel.remoteAddress.map { "\($0)" } ?? "unknown")", "reason": "\(refusal)",
                ]
            )
            context.close(promise: nil)
            return
        }
        admitted = true
        context.fireUserInboundEventTriggered(event)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Nothing is decrypted before the handshake completes; this is only a guard.
        guard admitted else { return }
        context.fireChannelRead(data)
    }
}
