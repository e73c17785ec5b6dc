/// What a write's body asked for, in the terms of the `request_body` options that admit it: what learn mode
/// records of a container create or an exec create, so the policy it writes admits exactly what was seen.
public struct BodyFeatures: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case containerCreate
        case exec
    }

    public var kind: Kind
    /// `HostConfig.Privileged`, or an exec's `Privileged`.
    public var privileged = false
    public var hostNetwork = false
    public var hostPID = false
    public var hostIPC = false
    /// Host paths bound into the container (`HostConfig.Binds` sources, `Mounts` of type bind).
    public var bindSources: [String] = []
    /// `HostConfig.CapAdd`, upper-cased without `CAP_`.
    public var capabilities: [String] = []
    /// `HostConfig.Devices[].PathOnHost`.
    public var devices: [String] = []
    /// An exec's command line.
    public var command: [String] = []
    /// An exec that runs as root (`User` empty, `0` or `root`), as `ExecInspector` reads it.
    public var rootUser = false

    public init(kind: Kind) {
        self.kind = kind
    }

    /// The features of a container create or exec create body; nil for other endpoints and for bodies that are
    /// not objects.
    public static func read(endpoint: DockerEndpoint, body: JSONBody) -> BodyFeatures? {
        guard case .object(let root) = body.root else { return nil }
        if endpoint.isCollection(.containers, "create") { return containerCreate(root) }
        if ExecInspector.isCreate(endpoint) { return exec(root) }
        return nil
    }

    static func exec(_ root: JSONObject) -> BodyFeatures {
        var features = BodyFeatures(kind: .exec)
        features.command = (try? ExecInspector.command(root)) ?? []
        features.privileged = (try? root.bool("Privileged", in: "")) == true
        features.rootUser = ContainerUser.isRoot(((try? root.string("User", in: "")) ?? nil) ?? "")
        return features
    }

    static func containerCreate(_ root: JSONObject) -> BodyFeatures {
        var features = BodyFeatures(kind: .containerCreate)
        guard case .object(let host)? = root.value(forKey: "HostConfig") else { return features }
        features.privileged = (try? host.bool("Privileged", in: "")) == true
        func mode(_ key: String) -> String { ((try? host.string(key, in: "")) ?? nil) ?? "" }
        features.hostNetwork = mode("NetworkMode") == "host"
        features.hostPID = mode("PidMode") == "host"
        features.hostIPC = mode("IpcMode") == "host"
        for bind in (try? host.strings("Binds", in: "")) ?? [] {
            let source = bind.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).first
            if let source, source.first == UInt8(ascii: "/") {
                features.bindSources.append(String(decoding: source, as: UTF8.self))
            }
        }
        for case .object(let mount) in (try? host.array("Mounts", in: "")) ?? [] {
            let type = ((try? mount.string("Type", in: "")) ?? nil) ?? ""
            if type.lowercased() == "bind", let source = (try? mount.string("Source", in: "")) ?? nil {
                features.bindSources.append(source)
            }
        }
        features.capabilities = ((try? host.strings("CapAdd", in: "")) ?? []).map { capability in
            let upper = capability.uppercased()
            return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
        }
        for case .object(let device) in (try? host.array("Devices", in: "")) ?? [] {
            if let path = (try? device.string("PathOnHost", in: "")) ?? nil { features.devices.append(path) }
        }
        return features
    }
}
