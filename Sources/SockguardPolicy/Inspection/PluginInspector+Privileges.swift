/// The privileges a client accepts on pull and upgrade, and the settings of `set`.
extension PluginInspector {
    func checkPrivileges(_ privileges: [JSONValue]) throws(BodyFieldRefusal) {
        for (position, element) in privileges.enumerated() {
            let field = "[\(position)]"
            guard case .object(let privilege) = element else {
                throw .wrongType(field, expected: "an object", found: element)
            }
            let name = try privilege.string("Name", in: field + ".") ?? ""
            let values = try privilege.strings("Value", in: field + ".")
            try checkPrivilege(name: name, values: values, field: field)
        }
    }

    /// The privilege names dockerd computes from a plugin's manifest (`computePrivileges`).
    private func checkPrivilege(name: String, values: [String], field: String) throws(BodyFieldRefusal) {
        switch name.asciiTrimmed().lowercased() {
        case "network":
            if values.contains(where: { $0.asciiTrimmed().lowercased() == "host" }), !options.allowHostNetwork {
                throw BodyFieldRefusal(.pluginHostNetwork, "the host network is not allowed (\(field) network)")
            }
        case "host pid":
            if !options.allowHostPID {
                throw BodyFieldRefusal(.pluginHostPID, "the host PID namespace is not allowed (\(field) host pid)")
            }
        case "host ipc":
            if !options.allowHostIPC {
                throw BodyFieldRefusal(.pluginHostIPC, "the host IPC namespace is not allowed (\(field) host ipc)")
            }
        case "mount":
            for value in values where !value.isEmpty {
                try checkMount(value, field: "\(field) mount")
            }
        case "device":
            for value in values where !value.isEmpty {
                try checkDevice(value, field: "\(field) device")
            }
        case "allow-all-devices":
            if !options.allowAllDevices {
                throw BodyFieldRefusal(
                    .pluginDevices,
                    "access to all devices is not allowed (\(field) allow-all-devices)"
                )
            }
        case "capabilities":
            guard !options.allowAllCapabilities else { return }
            for value in values {
                let capability = Self.normalizeCapability(value)
                if !capability.isEmpty, !capabilities.contains(capability) {
                    throw BodyFieldRefusal(
                        .pluginCapabilities,
                        "capability \"\(capability)\" is not allowed (\(field) capabilities)"
                    )
                }
            }
        default:
            throw BodyFieldRefusal(.pluginPrivilege, "plugin privilege \"\(name)\" is not allowed (\(field).Name)")
        }
    }

    private func checkMount(_ path: String, field: String) throws(BodyFieldRefusal) {
        guard !bindMounts.allows(path) else { return }
        let shown = HostPathAllowlist.clean(path) ?? path
        throw BodyFieldRefusal(.pluginBindMount, "mounting host path \(shown) is not allowed (\(field))")
    }

    private func checkDevice(_ path: String, field: String) throws(BodyFieldRefusal) {
        guard !options.allowAllDevices, !devices.allows(path) else { return }
        let shown = HostPathAllowlist.clean(path) ?? path
        throw BodyFieldRefusal(.pluginDevices, "device \(shown) is not allowed (\(field))")
    }

    /// What a `set` entry changes, classified as the Go sockguard classifies it.
    enum Setting: Equatable {
        case mount(String)
        case device(String)
        /// An environment variable or plain setting, matched against `allowedSetEnvPrefixes`.
        case other
    }

    /// `*.source` and `*.path` keys name a mount's source and a device's path; otherwise a key that is not all
    /// upper case (so not an environment variable) with an absolute value is a mount, or a device under `/dev/`.
    /// Compared by bytes, as Go compares them, so a combining mark never hides a `/` or a suffix.
    static func classify(key: Substring, value: Substring) -> Setting {
        let key = key.asciiTrimmed()
        let value = String(value.asciiTrimmed())
        guard !key.isEmpty, value.utf8.first == UInt8(ascii: "/") else { return .other }
        let lowered = key.lowercased().utf8
        if lowered.reversed().starts(with: ".source".utf8.reversed()) { return .mount(value) }
        if lowered.reversed().starts(with: ".path".utf8.reversed()) { return .device(value) }
        if key.uppercased().utf8.elementsEqual(key.utf8) { return .other }
        return value.utf8.starts(with: "/dev/".utf8) ? .device(value) : .mount(value)
    }

    func checkSettings(_ settings: [JSONValue]) throws(BodyFieldRefusal) {
        for (position, element) in settings.enumerated() {
            let field = "[\(position)]"
            guard case .string(let setting) = element else {
                throw .wrongType(field, expected: "a string", found: element)
            }
            // The first `=` byte, as dockerd splits it, even where it begins a grapheme cluster.
            guard let equals = setting.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                throw BodyFieldRefusal(.pluginSetting, "a plugin setting must be key=value (\(field))")
            }
            switch Self.classify(key: setting[..<equals], value: setting[setting.utf8.index(after: equals)...]) {
            case .mount(let path):
                try checkMount(path, field: field)
            case .device(let path):
                guard !devices.allows(path) else { continue }
                let shown = HostPathAllowlist.clean(path) ?? path
                throw BodyFieldRefusal(.pluginDevices, "device \(shown) is not allowed (\(field))")
            case .other:
                // Byte prefixes, so a look-alike never matches; the value may be a secret and is not echoed.
                if !setEnvPrefixes.contains(where: { setting.utf8.starts(with: $0.utf8) }) {
                    let key = setting[..<equals]
                    throw BodyFieldRefusal(.pluginSetting, "plugin setting \"\(key)\" is not allowed (\(field))")
                }
            }
        }
    }
}
