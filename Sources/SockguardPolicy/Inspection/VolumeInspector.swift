/// `POST /volumes/create`: refuses volumes that reach outside the daemon's own volume directory.
///
/// The threat: a volume is mounted into containers later, so whoever chooses how it is backed chooses what
/// those containers see. The local driver's options turn a "named volume" into a host bind mount
/// (`{"type":"none","o":"bind","device":"/"}`) or an NFS/CIFS mount of anything the daemon can reach, and a
/// third-party or CSI driver runs plugin code with the daemon's privileges. By default this inspector refuses:
/// - `Driver` other than the daemon default (empty) or `local`, matched exactly: `Local` or ` local` would be
///   looked up as a plugin name, so they are custom drivers too (`volume_custom_driver`).
/// - `ClusterVolumeSpec` (any non-null value): a swarm cluster volume is always backed by a CSI plugin, so it
///   is a custom driver whatever `Driver` says (`volume_custom_driver`).
/// - A non-empty `DriverOpts`, or the legacy `Opts` map older clients send (`volume_driver_opts`).
///
/// `Name` and `Labels` are ignored. A field with the wrong JSON type is refused
/// (`request_body_invalid_field`); `null` is absent. Keys match case-insensitively, as dockerd matches them.
public struct VolumeInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.volume.*`.
    public struct Options: Sendable, Equatable {
        /// Permits any `Driver` and `ClusterVolumeSpec`.
        public var allowCustomDrivers = false
        /// Permits non-empty `DriverOpts` (and `Opts`), including local-driver bind mounts of host paths.
        public var allowDriverOpts = false

        public init() {}
    }

    /// Drivers that are the daemon's own: empty means the daemon default.
    static let builtinDrivers: Set<String> = ["", "local"]

    public let options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a volume spec must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            try check(root)
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "volume create body passed inspection"))
    }

    private func check(_ root: JSONObject) throws(BodyFieldRefusal) {
        let driver = try root.string("Driver", in: "") ?? ""
        if !options.allowCustomDrivers, !Self.builtinDrivers.contains(driver) {
            throw BodyFieldRefusal(.volumeCustomDriver, "volume driver \"\(driver)\" is not allowed (Driver)")
        }
        if try root.object("ClusterVolumeSpec", in: "") != nil, !options.allowCustomDrivers {
            throw BodyFieldRefusal(.volumeCustomDriver, "cluster volumes are not allowed (ClusterVolumeSpec)")
        }
        for key in ["DriverOpts", "Opts"] {
            if try !(root.object(key, in: "")?.isEmpty ?? true), !options.allowDriverOpts {
                throw BodyFieldRefusal(.volumeDriverOpts, "volume driver options are not allowed (\(key))")
            }
        }
    }
}
