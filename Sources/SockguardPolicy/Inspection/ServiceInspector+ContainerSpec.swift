/// `TaskTemplate.ContainerSpec`: the swarm twin of a container's `HostConfig`, checked as
/// `ContainerCreateInspector` checks that.
extension ServiceInspector {
    func checkMounts(_ containerSpec: JSONObject) throws(BodyFieldRefusal) {
        guard let mounts = try containerSpec.array("Mounts", in: Self.cs) else { return }
        for (position, element) in mounts.enumerated() {
            let field = "\(Self.cs)Mounts[\(position)]"
            guard case .object(let mount) = element else {
                throw .wrongType(field, expected: "an object", found: element)
            }
            try bindMounts.checkMount(mount, field: field, refusal: .serviceBindMount)
        }
    }

    func checkCapabilities(_ containerSpec: JSONObject) throws(BodyFieldRefusal) {
        let added = try containerSpec.strings("CapabilityAdd", in: Self.cs)
        if !options.allowAllCapabilities, !capabilities.contains("ALL"),
            let name = added.first(where: { !capabilities.contains(ContainerCreateInspector.normalizeCapability($0)) })
        {
            throw BodyFieldRefusal(
                .serviceCapabilities,
                "capability \"\(name)\" is not allowed (\(Self.cs)CapabilityAdd)"
            )
        }
        if try !(containerSpec.object("Sysctls", in: Self.cs)?.isEmpty ?? true), !options.allowSysctls {
            throw BodyFieldRefusal(.serviceSysctls, "setting kernel parameters is not allowed (\(Self.cs)Sysctls)")
        }
    }

    /// `Privileges.Seccomp`, `.AppArmor` and `.SELinuxContext`. Modes are trimmed and compared
    /// case-insensitively, which is stricter than dockerd.
    func checkPrivileges(_ containerSpec: JSONObject) throws(BodyFieldRefusal) {
        guard let privileges = try containerSpec.object("Privileges", in: Self.cs) else { return }
        let pp = Self.cs + "Privileges."
        if let seccomp = try privileges.object("Seccomp", in: pp) {
            let mode = Self.folded(try seccomp.string("Mode", in: pp + "Seccomp.") ?? "")
            let hasProfile = seccomp.value(forKey: "Profile").map { $0 != .null } ?? false
            if mode == "unconfined", !options.allowUnconfinedSeccomp {
                throw Self.securityRefusal("an unconfined seccomp profile", field: pp + "Seccomp.Mode")
            }
            if mode == "custom" || (mode.isEmpty && hasProfile), !options.allowCustomSeccompProfiles {
                throw Self.securityRefusal("a custom seccomp profile", field: pp + "Seccomp.Mode")
            }
        }
        if let appArmor = try privileges.object("AppArmor", in: pp),
            Self.folded(try appArmor.string("Mode", in: pp + "AppArmor.") ?? "") == "disabled",
            !options.allowUnconfinedAppArmor
        {
            throw Self.securityRefusal("disabling AppArmor", field: pp + "AppArmor.Mode")
        }
        guard let selinux = try privileges.object("SELinuxContext", in: pp) else { return }
        let sp = pp + "SELinuxContext."
        if try selinux.bool("Disable", in: sp) == true, !options.allowSelinuxDisable {
            throw Self.securityRefusal("disabling SELinux labels", field: sp + "Disable")
        }
        for key in ["User", "Role", "Type", "Level"] {
            if try !Self.folded(selinux.string(key, in: sp) ?? "").isEmpty, !options.allowSelinuxLabelOverride {
                throw Self.securityRefusal("overriding the SELinux label", field: sp + key)
            }
        }
    }

    /// The opt-in rails, all off by default.
    func checkRails(_ containerSpec: JSONObject) throws(BodyFieldRefusal) {
        let cs = Self.cs
        if options.requireNoNewPrivileges {
            let privileges = try containerSpec.object("Privileges", in: cs)
            guard try privileges?.bool("NoNewPrivileges", in: cs + "Privileges.") == true else {
                throw BodyFieldRefusal(
                    .serviceNoNewPrivileges,
                    "services must set no-new-privileges (\(cs)Privileges.NoNewPrivileges)"
                )
            }
        }
        if options.requireNonRootUser, ContainerUser.isRoot(try containerSpec.string("User", in: cs) ?? "") {
            throw BodyFieldRefusal(.serviceRootUser, "services must run as a non-root user (\(cs)User)")
        }
        if options.requireReadonlyRootfs, try containerSpec.bool("ReadOnly", in: cs) != true {
            throw BodyFieldRefusal(
                .serviceReadonlyRootfs,
                "services must have a read-only root filesystem (\(cs)ReadOnly)"
            )
        }
        if options.requireDropAllCapabilities,
            try !containerSpec.strings("CapabilityDrop", in: cs).contains(where: {
                ContainerCreateInspector.normalizeCapability($0) == "ALL"
            })
        {
            throw BodyFieldRefusal(
                .serviceDropAllCapabilities,
                "services must drop all capabilities (\(cs)CapabilityDrop)"
            )
        }
    }

    private static func securityRefusal(_ what: String, field: String) -> BodyFieldRefusal {
        BodyFieldRefusal(.serviceSecurityOpt, "\(what) is not allowed (\(field))")
    }

    /// Trimmed of ASCII whitespace and lower-cased, as the Go sockguard compares modes.
    static func folded(_ text: String) -> String {
        text.asciiTrimmed().lowercased()
    }
}
