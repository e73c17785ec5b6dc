/// One `HostConfig.SecurityOpt` entry, split the way dockerd splits it: `key=value`, or the legacy
/// `key:value` when there is no `=`; the bare words `no-new-privileges` and `disable` stand alone.
/// Key and value are lower-cased, so `Seccomp=Unconfined` is caught even though dockerd would refuse it.
struct SecurityOption: Sendable, Equatable {
    var key: String
    var value: String
    /// No `=` or `:` in the entry (`no-new-privileges` on its own).
    var isBare = false

    init(_ entry: String) {
        let lowered = entry.lowercased()
        if let equals = lowered.firstIndex(of: "=") {
            key = String(lowered[..<equals])
            value = String(lowered[lowered.index(after: equals)...])
        } else if let colon = lowered.firstIndex(of: ":") {
            key = String(lowered[..<colon])
            value = String(lowered[lowered.index(after: colon)...])
        } else if lowered == "disable" {
            key = "label"
            value = "disable"
        } else {
            key = lowered
            value = ""
            isBare = true
        }
    }

    var isUnconfinedSeccomp: Bool { key == "seccomp" && value == "unconfined" }
    var isUnconfinedAppArmor: Bool { key == "apparmor" && value == "unconfined" }
    var isSelinuxDisable: Bool { key == "label" && value == "disable" }
    var isUnconfinedSystemPaths: Bool { key == "systempaths" && value == "unconfined" }
    /// `label=user:...`, `role:`, `type:`, `level:`: a custom SELinux context.
    var isSelinuxLabelOverride: Bool {
        key == "label" && ["user:", "role:", "type:", "level:"].contains { value.hasPrefix($0) }
    }

    /// The `no-new-privileges` setting this entry makes, if it makes one. Values parse as Go's
    /// `strconv.ParseBool`; an unparseable value reads as false (dockerd refuses it anyway).
    var noNewPrivileges: Bool? {
        guard key == "no-new-privileges" else { return nil }
        if isBare { return true }
        switch value {
        case "1", "t", "true": return true
        default: return false
        }
    }

    /// The value of `entry` when its key is `key` (`seccomp`, `apparmor`), as sent (not lower-cased: a profile
    /// name or a profile's JSON); nil for another key.
    static func rawValue(of entry: String, key: String) -> String? {
        guard let separator = entry.firstIndex(where: { $0 == "=" || $0 == ":" }),
            entry[..<separator].lowercased() == key
        else { return nil }
        return String(entry[entry.index(after: separator)...])
    }
}
