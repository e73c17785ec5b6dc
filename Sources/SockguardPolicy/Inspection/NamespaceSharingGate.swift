/// `restrict_namespace_sharing` with `allowed_namespace_sharing_containers` (sockguard (Go)'s keys, on both
/// `container_create` and `libpod_container_create`): when restricted, joining another container's namespace
/// (`HostConfig.NetworkMode: container:web`, libpod's `{"nsmode": "container", "value": "web"}`) is allowed only
/// for the containers listed, compared exactly as written; an empty list allows none. Unrestricted (the default,
/// as in Go) such joins pass; joining the host's namespaces is the `allow_host_*` switches' business.
public struct NamespaceSharingGate: Sendable, Equatable {
    public var restricted = false
    public var allowedContainers: [String] = []

    public init(restricted: Bool = false, allowedContainers: [String] = []) {
        self.restricted = restricted
        self.allowedContainers = allowedContainers
    }

    /// Refuses joining `reference`'s `what` namespace (`field` names the body field) unless the gate allows it.
    func check(_ reference: String, what: String, field: String) throws(BodyFieldRefusal) {
        guard restricted else { return }
        guard !allowedContainers.isEmpty else {
            throw BodyFieldRefusal(
                .containerCreateNamespaceSharing,
                "sharing another container's \(what) namespace is not allowed (\(field))"
            )
        }
        guard allowedContainers.contains(reference) else {
            throw BodyFieldRefusal(
                .containerCreateNamespaceSharing,
                "namespace-sharing target \"\(reference)\" is not in allowed_namespace_sharing_containers (\(field))"
            )
        }
    }

    /// The container a Docker namespace mode joins: `container:<ref>`, read as sockguard (Go) reads it (spaces
    /// trimmed around the mode and the reference, the prefix in any case) so that no spelling dockerd might
    /// accept slips past; nil for any other mode or an empty reference.
    static func containerReference(_ mode: String) -> String? {
        let trimmed = mode.trimmingSpaces()
        let prefix = "container:"
        guard trimmed.utf8.count > prefix.utf8.count,
            trimmed.utf8.prefix(prefix.utf8.count).map({ (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 })
                .elementsEqual(prefix.utf8)
        else { return nil }
        let reference = String(decoding: trimmed.utf8.dropFirst(prefix.utf8.count), as: UTF8.self).trimmingSpaces()
        return reference.isEmpty ? nil : reference
    }

    /// `ns:<path>` in any case, spaces trimmed: a namespace joined by its file (`deny_namespace_path_mode`).
    static func isNamespacePath(_ mode: String) -> Bool {
        mode.trimmingSpaces().utf8.prefix(3).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }.elementsEqual(
            "ns:".utf8
        )
    }
}
