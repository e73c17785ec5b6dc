/// `clients.container_labels`: a client container carrying `<prefix><method>` labels may do only what they allow,
/// on top of the rules. One without such labels, or an address no listed container has, falls through to the rules
/// alone (as in sockguard Go and wollomatic), unless `require_labels` refuses it.
extension RequestDecider {
    /// The refusal of a request the rules allowed but the client container's labels do not.
    func containerLabelDenial() -> Denial? {
        let required = settings.containerLabelsRequired
        switch client.container {
        case .container(let acl) where !acl.hasLabels:
            guard required else { return nil }
            return Denial(
                reasonCode: .containerLabelDenied,
                message:
                    "sockguard: this container has no allow labels, and clients.container_labels.require_labels is on"
            )
        case .unlisted:
            guard required else { return nil }
            return Denial(
                reasonCode: .containerLabelDenied,
                message: "sockguard: no running container has this Docker network address, and "
                    + "clients.container_labels.require_labels is on"
            )
        case .container(let acl) where !acl.allows(method: head.method, path: target.path):
            return Denial(
                reasonCode: .containerLabelDenied,
                message: "sockguard: this container's labels do not allow \(head.method) \(target.path)"
            )
        case .unknown(let why):
            return Denial(
                reasonCode: .containerLabelDenied,
                message: "sockguard: could not tell which container is connecting: \(why)"
            )
        case .notApplicable, .host, .container:
            return nil
        }
    }
}
