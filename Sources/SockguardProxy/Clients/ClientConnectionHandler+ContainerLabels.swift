import NIOCore
import SockguardPolicy

/// `clients.container_labels`: a TCP client that is a container of this daemon and carries `<prefix><method>`
/// labels may do only what those labels allow, on top of the rules. A container without such labels, or an
/// address no listed container has, falls through to the rules alone (as in sockguard Go and wollomatic), unless
/// `require_labels` refuses it. Who it is is asked once, when it connects; its first request waits for the answer.
extension ClientConnectionHandler {
    enum LabelIdentity {
        /// Container labels are off, or the client is on the unix socket.
        case notApplicable
        case resolving
        case container(ContainerLabelACL)
        /// A host client: the rules alone decide.
        case notAContainer
        /// An address inside a Docker network that no running container has, even after retries.
        case unlistedContainer
        /// The daemon could not say: every request is refused.
        case unknown(String)
    }

    /// Starts asking the daemon which container is at `address`; reads from the client wait meanwhile.
    func resolveContainerLabels(address: SocketAddress, prefix: String, context: ChannelHandlerContext) {
        guard let ip = address.ipAddress.flatMap(AddressRange.parse) else { return }
        self.labelIdentity = .resolving
        self.shared.containers.resolve(
            ip,
            upstream: self.shared.upstreams.active().endpoint,
            on: context.eventLoop,
            timeout: self.live.settings.bodyReadTimeout
        ).assumeIsolated().whenComplete { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(.container(let labels)):
                self.labelIdentity = .container(ContainerLabelACL(labels: labels, prefix: prefix))
            case .success(.unlistedContainer): self.labelIdentity = .unlistedContainer
            case .success(.host): self.labelIdentity = .notAContainer
            case .failure(let error): self.labelIdentity = .unknown("\(error)")
            }
            self.resumeClientReads()
        }
    }

    /// The refusal of a request the rules allowed but the client container's labels do not.
    func containerLabelDenial(method: String, path: String) -> Denial? {
        let required = self.live.settings.containerLabelsRequired
        switch self.labelIdentity {
        case .container(let acl) where !acl.hasLabels:
            guard required else { return nil }
            return Denial(
                reasonCode: .containerLabelDenied,
                message: "sockguard: this container has no allow labels, and clients.container_labels.require_labels is on"
            )
        case .unlistedContainer:
            guard required else { return nil }
            return Denial(
                reasonCode: .containerLabelDenied,
                message: "sockguard: no running container has this Docker network address, and "
                    + "clients.container_labels.require_labels is on"
            )
        case .container(let acl) where !acl.allows(method: method, path: path):
            return Denial(
                reasonCode: .containerLabelDenied,
                message: "sockguard: this container's labels do not allow \(method) \(path)"
            )
        case .unknown(let why):
            return Denial(
                reasonCode: .containerLabelDenied,
                message: "sockguard: could not tell which container is connecting: \(why)"
            )
        default:
            return nil
        }
    }
}
