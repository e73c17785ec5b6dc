/// Host filesystem access: `HostConfig.Binds` and `HostConfig.Mounts`.
extension ContainerCreateInspector {
    func checkMounts(_ hostConfig: JSONObject) throws(BodyFieldRefusal) {
        let hc = Self.hc
        for bind in try hostConfig.strings("Binds", in: hc) {
            try checkBind(bind)
        }
        guard let mounts = try hostConfig.array("Mounts", in: hc) else { return }
        for (position, element) in mounts.enumerated() {
            let field = "\(hc)Mounts[\(position)]"
            guard case .object(let mount) = element else {
                throw .wrongType(field, expected: "an object", found: element)
            }
            try bindMounts.checkMount(mount, field: field, refusal: .containerCreateBindMount)
            if !options.allowTmpfsPrivilegedOptions { try Self.checkTmpfsOptions(mount, field: field) }
        }
    }

    /// `TmpfsOptions.Options` is a list of `[name]` or `[name, value]`; `exec`, `dev` and `suid` undo dockerd's
    /// `noexec,nodev,nosuid` default for the tmpfs.
    static func checkTmpfsOptions(_ mount: JSONObject, field: String) throws(BodyFieldRefusal) {
        guard case .object(let tmpfs)? = mount.value(forKey: "TmpfsOptions"),
            case .array(let entries)? = tmpfs.value(forKey: "Options")
        else { return }
        for entry in entries {
            guard case .array(let parts) = entry, case .string(let name)? = parts.first else { continue }
            if ["exec", "dev", "suid"].contains(name.lowercased()) {
                throw BodyFieldRefusal(
                    .containerCreateTmpfsOptions,
                    "tmpfs option \(name) is not allowed (\(field).TmpfsOptions.Options)"
                )
            }
        }
    }

    /// `source:target[:options]` as dockerd splits it on Linux. One part is an anonymous volume; a source
    /// starting with `/` is a host path; anything else must look like a volume name.
    private func checkBind(_ bind: String) throws(BodyFieldRefusal) {
        let field = "\(Self.hc)Binds \"\(bind)\""
        // Split as bytes, as dockerd does: a ":" followed by a combining mark is still a separator.
        let parts = bind.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let first = parts.first, !first.isEmpty else {
            throw BodyFieldRefusal(.containerCreateBindMount, "malformed bind mount (\(field))")
        }
        guard parts.count > 1 else { return }
        let source = String(decoding: first, as: UTF8.self)
        if HostPathAllowlist.isAbsolute(source) {
            try bindMounts.checkHostPath(source, field: field, refusal: .containerCreateBindMount)
        } else if !Self.isVolumeName(source) {
            throw BodyFieldRefusal(
                .containerCreateBindMount,
                "bind mount source must be an absolute path or a volume name (\(field))"
            )
        }
    }

    /// dockerd's volume name grammar, `[A-Za-z0-9][A-Za-z0-9_.-]*`: no `/`, so never a host path.
    static func isVolumeName(_ name: String) -> Bool {
        var first = true
        for byte in name.utf8 {
            let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            guard alphanumeric || (!first && (byte == 0x5F || byte == 0x2E || byte == 0x2D)) else { return false }
            first = false
        }
        return !first
    }
}
