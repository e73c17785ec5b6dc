/// The checks of `LibpodContainerCreateInspector` that its options open or require.
extension LibpodContainerCreateInspector {
    /// `cap_add`: every entry allowed, unless `allow_all_capabilities`.
    func checkCapabilities(_ value: JSONValue) throws(BodyFieldRefusal) {
        guard value.isSet, !options.allowAllCapabilities else { return }
        guard case .array(let entries) = value else {
            throw BodyFieldRefusal.wrongType("cap_add", expected: "an array", found: value)
        }
        for entry in entries {
            guard case .string(let name) = entry else {
                throw BodyFieldRefusal.wrongType("cap_add[]", expected: "a string", found: entry)
            }
            let capability = ContainerCreateInspector.normalizeCapability(name)
            guard capabilities.contains(capability) else {
                throw BodyFieldRefusal(
                    .containerCreateCapabilities,
                    "capability \(capability) is not allowed (cap_add)"
                )
            }
        }
    }

    /// `devices`: `[{"path": "/dev/fuse"}]`, a path optionally followed by `:container-path:permissions`; each
    /// host path inside `allowed_devices`, unless `allow_all_devices`.
    func checkDevices(_ value: JSONValue) throws(BodyFieldRefusal) {
        guard value.isSet, !options.allowAllDevices else { return }
        guard case .array(let entries) = value else {
            throw BodyFieldRefusal.wrongType("devices", expected: "an array", found: value)
        }
        for entry in entries {
            guard case .object(let device) = entry, case .string(let path)? = device.value(forKey: "path") else {
                throw BodyFieldRefusal.wrongType("devices[]", expected: "an object with a path", found: entry)
            }
            let host = String(path.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
            guard HostPathAllowlist.isAbsolute(host), self.devices.allows(host) else {
                throw BodyFieldRefusal(.containerCreateDevices, "host device \(host) is not allowed (devices)")
            }
        }
    }

    /// The commands that make Podman run a container in systemd mode when `systemd` is `true` (its default).
    static let initCommands: Set<String> = ["/sbin/init", "/usr/sbin/init", "/usr/local/sbin/init"]

    /// Systemd mode (cgroups and tmpfs mounts set up for an init): `always`, or `true` with an init as the
    /// entrypoint or command, unless `allow_systemd_mode`. `true` with another command is Podman's default for
    /// every run and changes nothing.
    func checkSystemd(_ value: JSONValue, in root: JSONObject) throws(BodyFieldRefusal) {
        guard !options.allowSystemdMode, case .string(let mode) = value else { return }
        switch mode.lowercased() {
        case "", "false": return
        case "true":
            let first = [root.value(forKey: "entrypoint"), root.value(forKey: "command")].lazy.compactMap { value in
                if case .array(let items)? = value, case .string(let text)? = items.first { text } else { nil }
            }.first
            guard let first, Self.initCommands.contains(first) || first.split(separator: "/").last == "systemd" else {
                return
            }
            throw BodyFieldRefusal(
                .requestBodyInvalidField,
                "systemd mode for \(first) is not allowed (systemd; set allow_systemd_mode)"
            )
        default:
            throw BodyFieldRefusal(.requestBodyInvalidField, "systemd mode \(mode) is not allowed (systemd)")
        }
    }

    /// What `require_*` and the profile allowlists ask for, present or not.
    func checkRequirements(_ root: JSONObject) throws(BodyFieldRefusal) {
        for (key, allowed, name) in [
            ("seccomp_profile_path", options.allowedSeccompProfiles, "seccomp"),
            ("apparmor_profile", options.allowedAppArmorProfiles, "apparmor"),
        ] where !allowed.isEmpty {
            let value = if case .string(let text)? = root.value(forKey: key), !text.isEmpty { text } else { "default" }
            if !allowed.contains(value) {
                throw BodyFieldRefusal(
                    .containerCreateSecurityOpt,
                    "\(name) profile \"\(value)\" is not in allowed_\(name)_profiles (\(key))"
                )
            }
        }
        if options.requireNonRootUser {
            let user = if case .string(let text)? = root.value(forKey: "user") { text } else { "" }
            if ContainerUser.isRoot(user) {
                throw BodyFieldRefusal(.containerCreateRootUser, "a non-root user is required (user)")
            }
        }
        if options.requireReadonlyRootfs, root.value(forKey: "read_only_filesystem") != .bool(true) {
            throw BodyFieldRefusal(
                .containerCreateReadonlyRootfs,
                "a read-only root filesystem is required (read_only_filesystem)"
            )
        }
        let limits: JSONObject? =
            if case .object(let object)? = root.value(forKey: "resource_limits") { object } else { nil }
        func positive(_ section: String, _ key: String) -> Bool {
            guard case .object(let group)? = limits?.value(forKey: section), let value = group.value(forKey: key),
                case .number(let number) = value
            else { return false }
            return (Double(number) ?? 0) > 0
        }
        if options.requireMemoryLimit, !positive("memory", "limit") {
            throw BodyFieldRefusal(.containerCreateMemoryLimit, "a memory limit is required (resource_limits.memory)")
        }
        if options.requireCPULimitHard, !positive("cpu", "quota") {
            throw BodyFieldRefusal(.containerCreateCPULimit, "a CPU quota is required (resource_limits.cpu.quota)")
        }
        if options.requireCPULimit, !positive("cpu", "quota"), !positive("cpu", "shares") {
            throw BodyFieldRefusal(.containerCreateCPULimit, "a CPU limit is required (resource_limits.cpu)")
        }
        if options.requirePidsLimit, !positive("pids", "limit") {
            throw BodyFieldRefusal(.containerCreatePidsLimit, "a pids limit is required (resource_limits.pids)")
        }
    }
}
