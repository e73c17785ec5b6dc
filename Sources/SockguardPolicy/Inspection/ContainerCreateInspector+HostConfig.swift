/// `HostConfig` fields that widen the container's reach into the host: privileges, namespaces, devices,
/// capabilities, kernel parameters, confinement profiles and runtime.
extension ContainerCreateInspector {
    static let hc = "HostConfig."

    /// A namespace mode field, its allow switch and its reason code.
    struct NamespaceField {
        var key: String
        var allowed: Bool
        var reasonCode: ReasonCode
        var what: String
    }

    func checkHostConfig(_ hostConfig: JSONObject) throws(BodyFieldRefusal) {
        let hc = Self.hc
        if try hostConfig.bool("Privileged", in: hc) == true, !options.allowPrivileged {
            throw BodyFieldRefusal(
                .containerCreatePrivileged,
                "privileged containers are not allowed (\(hc)Privileged)"
            )
        }
        let namespaces = [
            NamespaceField(
                key: "NetworkMode",
                allowed: options.allowHostNetwork,
                reasonCode: .containerCreateHostNetwork,
                what: "network"
            ),
            NamespaceField(
                key: "PidMode",
                allowed: options.allowHostPID,
                reasonCode: .containerCreateHostPID,
                what: "PID"
            ),
            NamespaceField(
                key: "IpcMode",
                allowed: options.allowHostIPC,
                reasonCode: .containerCreateHostIPC,
                what: "IPC"
            ),
            NamespaceField(key: "UTSMode", allowed: false, reasonCode: .containerCreateHostUTS, what: "UTS"),
            NamespaceField(
                key: "UsernsMode",
                allowed: options.allowHostUserNS,
                reasonCode: .containerCreateHostUserNS,
                what: "user"
            ),
            NamespaceField(
                key: "CgroupnsMode",
                allowed: options.allowHostCgroupNS,
                reasonCode: .containerCreateHostCgroupNS,
                what: "cgroup"
            ),
        ]
        for field in namespaces {
            guard let mode = try hostConfig.string(field.key, in: hc), Self.joinsHostNamespace(mode), !field.allowed
            else {
                continue
            }
            throw BodyFieldRefusal(
                field.reasonCode,
                "the host \(field.what) namespace is not allowed (\(hc)\(field.key)=\(mode))"
            )
        }
        try checkNamespaceSharing(hostConfig)
        try checkDevices(hostConfig)
        try checkCapabilities(hostConfig)
        if try !(hostConfig.object("Sysctls", in: hc)?.isEmpty ?? true), !options.allowSysctls {
            throw BodyFieldRefusal(.containerCreateSysctls, "setting kernel parameters is not allowed (\(hc)Sysctls)")
        }
        if try !hostConfig.strings("VolumesFrom", in: hc).isEmpty, !options.allowVolumesFrom {
            throw BodyFieldRefusal(
                .containerCreateVolumesFrom,
                "mounting another container's volumes is not allowed (\(hc)VolumesFrom)"
            )
        }
        if try !(hostConfig.string("CgroupParent", in: hc) ?? "").isEmpty, !options.allowCgroupParent {
            throw BodyFieldRefusal(
                .containerCreateCgroupParent,
                "choosing the cgroup parent is not allowed (\(hc)CgroupParent)"
            )
        }
        try checkConfinement(hostConfig)
        if let runtime = try hostConfig.string("Runtime", in: hc), !runtime.isEmpty,
            !options.allowedRuntimes.contains(runtime)
        {
            throw BodyFieldRefusal(.containerCreateRuntime, "runtime \"\(runtime)\" is not allowed (\(hc)Runtime)")
        }
    }

    /// `host`, in any case and with anything after a `:` (older dockerd read `host:x` as host), or an
    /// `ns:<path>` naming some namespace file directly. `container:<id>` is not the host.
    /// Read as bytes, as dockerd splits modes at the first `:` byte (as Characters, a `:` followed by a combining
    /// mark would not be a `:`).
    static func joinsHostNamespace(_ mode: String) -> Bool {
        let bytes = Array(mode.utf8)
        let kind = bytes.prefix { $0 != UInt8(ascii: ":") }.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        let hasColon = kind.count < bytes.count
        return kind.elementsEqual("host".utf8) || (hasColon && kind.elementsEqual("ns".utf8))
    }

    /// `container:<ref>` modes against `restrict_namespace_sharing`, and `NetworkMode: ns:<path>` against
    /// `deny_namespace_path_mode`, on the fields sockguard (Go) covers.
    private func checkNamespaceSharing(_ hostConfig: JSONObject) throws(BodyFieldRefusal) {
        let hc = Self.hc
        let fields = [("NetworkMode", "network"), ("PidMode", "PID"), ("IpcMode", "IPC"), ("UsernsMode", "user")]
        for (key, what) in fields {
            guard let mode = try hostConfig.string(key, in: hc) else { continue }
            if let reference = NamespaceSharingGate.containerReference(mode) {
                try options.namespaceSharing.check(reference, what: what, field: "\(hc)\(key)=\(mode)")
            }
            if key == "NetworkMode", options.denyNamespacePathMode, NamespaceSharingGate.isNamespacePath(mode) {
                throw BodyFieldRefusal(
                    .containerCreateHostNetwork,
                    "a network namespace joined by path is not allowed (\(hc)NetworkMode=\(mode))"
                )
            }
        }
    }

    /// `Devices`, `DeviceRequests` and `DeviceCgroupRules`, each with its own switch, as in sockguard (Go).
    private func checkDevices(_ hostConfig: JSONObject) throws(BodyFieldRefusal) {
        let hc = Self.hc
        if !options.allowAllDevices, let devices = try hostConfig.array("Devices", in: hc), !devices.isEmpty {
            let allowlist = HostPathAllowlist(options.allowedDevices)
            for device in devices {
                guard case .object(let entry) = device, let path = try entry.string("PathOnHost", in: hc + "Devices[].")
                else {
                    throw BodyFieldRefusal(.containerCreateDevices, "host devices are not allowed (\(hc)Devices)")
                }
                guard allowlist.allows(path) else {
                    throw BodyFieldRefusal(.containerCreateDevices, "host device \(path) is not allowed (\(hc)Devices)")
                }
            }
        }
        if !options.allowDeviceRequests, let requests = try hostConfig.array("DeviceRequests", in: hc),
            !requests.isEmpty
        {
            throw BodyFieldRefusal(.containerCreateDevices, "device requests are not allowed (\(hc)DeviceRequests)")
        }
        if !options.allowDeviceCgroupRules {
            for rule in try hostConfig.strings("DeviceCgroupRules", in: hc)
            where !options.allowedDeviceCgroupRules.contains(rule) {
                throw BodyFieldRefusal(
                    .containerCreateDevices,
                    "device cgroup rule \"\(rule)\" is not allowed (\(hc)DeviceCgroupRules)"
                )
            }
        }
    }

    private func checkCapabilities(_ hostConfig: JSONObject) throws(BodyFieldRefusal) {
        let hc = Self.hc
        let added = try hostConfig.strings("CapAdd", in: hc)
        // `Capabilities` (API 1.40) replaced the whole default set; treat every entry as added.
        let replaced = try hostConfig.strings("Capabilities", in: hc)
        guard !options.allowAllCapabilities, !capabilities.contains("ALL") else { return }
        for (key, names) in [("CapAdd", added), ("Capabilities", replaced)] {
            for name in names where !capabilities.contains(Self.normalizeCapability(name)) {
                throw BodyFieldRefusal(
                    .containerCreateCapabilities,
                    "capability \"\(name)\" is not allowed (\(hc)\(key))"
                )
            }
        }
    }

    private func checkConfinement(_ hostConfig: JSONObject) throws(BodyFieldRefusal) {
        let hc = Self.hc
        let entries = try hostConfig.strings("SecurityOpt", in: hc)
        try Self.checkProfiles(
            entries,
            seccomp: options.allowedSeccompProfiles,
            apparmor: options.allowedAppArmorProfiles
        )
        for entry in entries {
            let option = SecurityOption(entry)
            let refused: String? =
                if option.isUnconfinedSeccomp && !options.allowUnconfinedSeccomp {
                    "an unconfined seccomp profile"
                } else if option.isUnconfinedAppArmor && !options.allowUnconfinedAppArmor {
                    "an unconfined AppArmor profile"
                } else if option.isSelinuxDisable && !options.allowSelinuxDisable {
                    "disabling SELinux labels"
                } else if option.isUnconfinedSystemPaths && !options.allowUnconfinedSystemPaths {
                    "unmasking system paths"
                } else if option.isSelinuxLabelOverride && options.denySelinuxLabelOverride {
                    "overriding the SELinux label"
                } else {
                    nil
                }
            if let refused {
                throw BodyFieldRefusal(
                    .containerCreateSecurityOpt,
                    "\(refused) is not allowed (\(hc)SecurityOpt \"\(entry)\")"
                )
            }
        }
        guard !options.allowUnconfinedSystemPaths else { return }
        // Any list replaces dockerd's defaults, so even a non-empty one can unmask `/proc/kcore`.
        for key in ["MaskedPaths", "ReadonlyPaths"] {
            guard try hostConfig.array(key, in: hc) != nil else { continue }
            throw BodyFieldRefusal(
                .containerCreateSystemPaths,
                "overriding the masked system paths is not allowed (\(hc)\(key))"
            )
        }
    }

    /// `allowed_seccomp_profiles` and `allowed_apparmor_profiles`, as in sockguard (Go): a non-empty list admits
    /// only its values (exactly as sent), and `default` stands for a create that names no profile.
    static func checkProfiles(
        _ entries: [String],
        seccomp: [String],
        apparmor: [String]
    ) throws(BodyFieldRefusal) {
        for (kind, allowed) in [("seccomp", seccomp), ("apparmor", apparmor)] where !allowed.isEmpty {
            let values = entries.compactMap { SecurityOption.rawValue(of: $0, key: kind) }
            for value in values.isEmpty ? ["default"] : values where !allowed.contains(value) {
                throw BodyFieldRefusal(
                    .containerCreateSecurityOpt,
                    "\(kind) profile \"\(value.prefix(64))\" is not in allowed_\(kind)_profiles (\(hc)SecurityOpt)"
                )
            }
        }
    }
}
