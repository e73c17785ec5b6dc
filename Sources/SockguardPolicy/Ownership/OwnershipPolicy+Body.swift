/// Create bodies: the owner label stamped into `Labels`, and the objects a container create names.
extension OwnershipPolicy {
    /// A create body ready to forward, and the objects it names that must be checked first.
    public struct PreparedCreate: Sendable, Equatable {
        public var body: [UInt8]
        public var checks: [OwnerCheck]
    }

    /// Reads a create body once: with `stamp`, the body gets the owner label (`stamp(_:)`); with `references`,
    /// the objects a container create names are listed (`references(inContainerCreate:)`).
    public func prepareCreate(_ body: [UInt8], stamp: Bool, references: Bool) -> OwnershipOutcome<PreparedCreate> {
        var parser = JSONParser(bytes: body, maxDepth: JSONBody.maxDepth)
        guard let document = try? parser.parseDocument(), document.nodes[0].kind == .object else {
            return .deny(OwnershipRefusal("the body is not a JSON object").denial)
        }
        do throws(OwnershipRefusal) {
            return .proceed(
                PreparedCreate(
                    body: stamp ? try stamped(body, document) : body,
                    checks: references ? self.references(in: JSONBody(document: document)) : []
                )
            )
        } catch {
            return .deny(error.denial)
        }
    }

    /// `body` with `"<label_key>":"<owner>"` in its top-level `Labels` (matched case-insensitively, as dockerd
    /// does), everything else byte for byte. A body that already names this owner is returned as is; one that
    /// names another owner is refused.
    public func stamp(_ body: [UInt8]) -> OwnershipOutcome<[UInt8]> {
        switch prepareCreate(body, stamp: true, references: false) {
        case .proceed(let prepared): .proceed(prepared.body)
        case .deny(let denial): .deny(denial)
        }
    }

    private func stamped(_ body: [UInt8], _ document: JSONDocument) throws(OwnershipRefusal) -> [UInt8] {
        let entry = Array((JSONString.quote(labelKey) + ":" + JSONString.quote(owner)).utf8)
        let root = document.nodes[0]
        guard let labels = document.member(foldedKey: "Labels", of: 0) else {
            // No Labels: add them as the first member.
            var output = Array(body[..<(root.start + 1)])
            output += Array("\"Labels\":{".utf8) + entry + [UInt8(ascii: "}")]
            if root.count > 0 { output.append(UInt8(ascii: ",")) }
            output += body[(root.start + 1)...]
            return output
        }
        let node = document.nodes[labels]
        switch node.kind {
        case .null:
            return Array(body[..<node.start]) + [UInt8(ascii: "{")] + entry + [UInt8(ascii: "}")] + body[node.end...]
        case .object:
            if let existing = document.member(labelKey, of: labels) {
                guard document.nodes[existing].kind == .string, document.string(at: existing) == owner else {
                    throw OwnershipRefusal.conflict(labelKey)
                }
                return body
            }
            var output = Array(body[..<(node.start + 1)]) + entry
            if node.count > 0 { output.append(UInt8(ascii: ",")) }
            output += body[(node.start + 1)...]
            return output
        default:
            throw OwnershipRefusal("Labels is not an object")
        }
    }

    /// The objects a `POST /containers/create` body names, each to be checked before it is forwarded: its image,
    /// the container whose namespaces it joins, its networks, and the named volumes it mounts (which dockerd
    /// may create on first use, so a missing one is fine: it is created unowned and stays out of reach).
    public func references(inContainerCreate body: [UInt8]) -> [OwnerCheck] {
        guard case .proceed(let prepared) = prepareCreate(body, stamp: false, references: true) else { return [] }
        return prepared.checks
    }

    private func references(in parsed: JSONBody) -> [OwnerCheck] {
        var checks: [OwnerCheck] = []
        if case .string(let image)? = parsed["Image"], !image.isEmpty {
            checks.append(OwnerCheck(kind: .image, reference: image, isRead: true, missingIsAllowed: true))
        }
        let predefinedNetworks: Set<String> = ["", "default", "bridge", "host", "none"]
        var networks: [String] = []
        if case .string(let mode)? = parsed["HostConfig", "NetworkMode"] {
            networks.append(mode)
        }
        for mode in [parsed["HostConfig", "PidMode"], parsed["HostConfig", "IpcMode"]] {
            if case .string(let mode)? = mode, mode.hasPrefix("container:") {
                networks.append(mode)
            }
        }
        if case .object(let endpoints)? = parsed["NetworkingConfig", "EndpointsConfig"] {
            networks += endpoints.keys
        }
        for network in networks where !predefinedNetworks.contains(network) {
            if network.hasPrefix("container:") {
                checks.append(OwnerCheck(kind: .container, reference: String(network.dropFirst(10)), isRead: false))
            } else {
                checks.append(OwnerCheck(kind: .network, reference: network, isRead: false))
            }
        }
        if case .array(let binds)? = parsed["HostConfig", "Binds"] {
            for case .string(let bind) in binds {
                let source =
                    bind.utf8.split(separator: UInt8(ascii: ":"), maxSplits: 1).first
                    .map { String(decoding: $0, as: UTF8.self) } ?? ""
                if !source.isEmpty && !HostPathAllowlist.isAbsolute(source) {
                    checks.append(OwnerCheck(kind: .volume, reference: source, isRead: false, missingIsAllowed: true))
                }
            }
        }
        if case .array(let mounts)? = parsed["HostConfig", "Mounts"] {
            for case .object(let mount) in mounts {
                guard case .string(let type)? = mount.value(forKey: "Type"), type == "volume",
                    case .string(let source)? = mount.value(forKey: "Source"), !source.isEmpty
                else { continue }
                checks.append(OwnerCheck(kind: .volume, reference: source, isRead: false, missingIsAllowed: true))
            }
        }
        if case .array(let from)? = parsed["HostConfig", "VolumesFrom"] {
            for case .string(let entry) in from {
                let container = entry.split(separator: ":").first.map(String.init) ?? entry
                checks.append(OwnerCheck(kind: .container, reference: container, isRead: false))
            }
        }
        return checks
    }

    /// The check an answer leads to instead of a decision: an exec instance's container, whose owner is the
    /// exec's. Nil when the answer decides by itself (`judge`).
    public func followUp(_ check: OwnerCheck, status: Int, body: [UInt8]) -> OwnerCheck? {
        guard check.kind == .exec, status == 200, let parsed = try? JSONBody(parsing: body),
            case .string(let container)? = parsed["ContainerID"], !container.isEmpty
        else { return nil }
        return OwnerCheck(kind: .container, reference: container, isRead: check.isRead)
    }

    /// Decides one check from the daemon's answer to `GET check.lookupPath`.
    public func judge(_ check: OwnerCheck, status: Int, body: [UInt8]) -> Decision {
        switch status {
        case 200:
            break
        case 404:
            if check.missingIsAllowed { return .allow(MatchedRule(index: nil, reason: "not created yet")) }
            return .deny(
                Denial(
                    status: 404,
                    reasonCode: .ownerMismatch,
                    message: "sockguard: no such \(check.kind.rawValue): \(check.reference)"
                )
            )
        default:
            return .deny(
                Denial(
                    status: 502,
                    reasonCode: .ownerLookupFailed,
                    message:
                        "sockguard: the Docker daemon answered \(status) about \(check.kind.rawValue) \(check.reference)"
                )
            )
        }
        var parser = JSONParser(bytes: body, maxDepth: JSONBody.maxDepth, allowsDuplicateKeys: true)
        // An exec instance is decided by its container (`followUp`); one without a container is unreadable.
        guard check.kind != .exec, let document = try? parser.parseDocument(), document.nodes[0].kind == .object else {
            return .deny(
                Denial(
                    status: 502,
                    reasonCode: .ownerLookupFailed,
                    message:
                        "sockguard: the Docker daemon's account of \(check.kind.rawValue) \(check.reference) is unreadable"
                )
            )
        }
        let labels = document.labels(at: check.kind.labelsPath, of: 0)
        switch labels[labelKey] {
        case owner?:
            return .allow(MatchedRule(index: nil, reason: "owned"))
        case nil where check.kind == .image && check.isRead && allowUnownedImages:
            return .allow(MatchedRule(index: nil, reason: "unowned image"))
        default:
            // Another owner's object, or nobody's: the same answer, so a client learns nothing about others.
            return .deny(
                Denial(
                    reasonCode: .ownerMismatch,
                    message: "sockguard: \(check.kind.rawValue) \(check.reference) does not belong to owner \(owner)"
                )
            )
        }
    }
}
