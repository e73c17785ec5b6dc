import NIOCore
import SockguardPolicy

/// `clients.container_labels`: a TCP client that is a container of this daemon and carries `<prefix><method>`
/// labels may do only what those labels allow, on top of the rules. A container without such labels, or an
/// address no listed container has, falls through to the rules alone (as in sockguard Go and wollomatic), unless
/// `require_labels` refuses it. Who it is is asked once, when it connects; its first request waits for the answer.
/// What the daemon says is judged by `RequestDecider.containerLabelDenial`.
extension ClientConnectionHandler {
    /// Starts asking the daemon which container is at `address`; reads from the client wait meanwhile.
    func resolveContainerLabels(address: SocketAddress, prefix: String, context: ChannelHandlerContext) {
        guard let ip = address.ipAddress.flatMap(AddressRange.parse) else { return }
        self.resolvingContainer = true
        self.shared.containers.resolve(
            ip,
            upstream: self.shared.upstreams.active().endpoint,
            on: context.eventLoop,
            timeout: self.live.settings.bodyReadTimeout
        ).assumeIsolated().whenComplete { [weak self] result in
            guard let self else { return }
            self.resolvingContainer = false
            switch result {
            case .success(.container(let labels)):
                self.container = .container(ContainerLabelACL(labels: labels, prefix: prefix))
            case .success(.unlistedContainer): self.container = .unlisted
            case .success(.host): self.container = .host
            case .failure(let error): self.container = .unknown("\(error)")
            }
            self.resumeClientReads()
        }
    }
}
