/// The `Mounts[]` entries a container create (`HostConfig.Mounts`) and a service spec
/// (`TaskTemplate.ContainerSpec.Mounts`) share: a bind source, or the device a local-driver volume mounts, must be
/// an allowed host path. `refusal` is the reason code of the endpoint asking.
extension HostPathAllowlist {
    /// dockerd upper-cases `Type` before looking it up, so it is compared case-insensitively.
    func checkMount(_ mount: JSONObject, field: String, refusal: ReasonCode) throws(BodyFieldRefusal) {
        guard let type = try mount.string("Type", in: field + ".") else {
            throw BodyFieldRefusal(.requestBodyInvalidField, "\(field).Type is required")
        }
        switch type.lowercased() {
        case "bind":
            guard let source = try mount.string("Source", in: field + "."), HostPathAllowlist.isAbsolute(source) else {
                throw BodyFieldRefusal(refusal, "bind mount source must be an absolute path (\(field).Source)")
            }
            try checkHostPath(source, field: "\(field).Source", refusal: refusal)
        case "volume":
            // The local driver mounts `device` itself (`type=none,o=bind,device=/etc`): a bind mount in disguise.
            let volumeOptions = try mount.object("VolumeOptions", in: field + ".")
            let driverConfig = try volumeOptions?.object("DriverConfig", in: field + ".VolumeOptions.")
            let driverField = field + ".VolumeOptions.DriverConfig."
            for (key, value) in try driverConfig?.stringMap("Options", in: driverField) ?? []
            where key.lowercased() == "device" {
                if HostPathAllowlist.isAbsolute(value) {
                    try checkHostPath(value, field: "\(driverField)Options.device", refusal: refusal)
                } else if !value.isEmpty && !value.contains(":") {
                    // A relative device is a host path relative to dockerd's working directory (`/` under
                    // systemd): `device=etc` with `o=bind` mounts /etc. Remote sources (`:/export`, NFS) carry a colon.
                    throw BodyFieldRefusal(
                        refusal,
                        "a relative device is a host path; use an absolute one (\(driverField)Options.device)"
                    )
                }
            }
        case "tmpfs", "image":
            return
        default:
            throw BodyFieldRefusal(refusal, "mount type \"\(type)\" is not allowed (\(field).Type)")
        }
    }

    func checkHostPath(_ path: String, field: String, refusal: ReasonCode) throws(BodyFieldRefusal) {
        guard !allows(path) else { return }
        let shown = Self.clean(path) ?? path
        throw BodyFieldRefusal(refusal, "bind mount of host path \(shown) is not allowed (\(field))")
    }
}
