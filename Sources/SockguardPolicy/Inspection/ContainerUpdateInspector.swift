/// `POST /containers/{id}/update`: refuses changes to a running container's devices, resource limits and
/// restart policy.
///
/// The threat: limits set at create time are the operator's, and update rewrites them on a live container.
/// Lifting memory, CPU or PID limits lets one container starve the host; device fields reach host hardware;
/// a restart policy keeps a container coming back. The body is dockerd's `UpdateConfig`: the `Resources`
/// fields inline at the top level, plus `RestartPolicy`. By default this inspector refuses:
/// - A non-empty `Devices`, `DeviceRequests` or `DeviceCgroupRules` (`container_update_devices`).
/// - Any resource field that asks for a change (`container_update_resources`). The docker CLI sends every
///   field, unset ones as `0`, `""`, `[]` or `null`, and dockerd leaves a field alone when it is zero, so zero
///   is no change. The three pointer fields (`PidsLimit`, `MemorySwappiness`, `OomKillDisable`) are the
///   exception: the CLI sends them only when set, and an explicit `0` or `false` is a change (`PidsLimit: 0`
///   lifts the limit), so any non-null value counts.
/// - A `RestartPolicy` with a non-empty `Name` or a non-zero `MaximumRetryCount`
///   (`container_update_restart_policy`); the CLI sends `{"Name":"","MaximumRetryCount":0}` when unset.
///
/// Fields `UpdateConfig` lacks (`Privileged`, `CapAdd`, a nested `HostConfig`) are ignored, as dockerd
/// ignores them. A field with the wrong JSON type is refused (`request_body_invalid_field`); `null` is
/// absent. Keys match case-insensitively, as dockerd matches them.
public struct ContainerUpdateInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.container_update.*`.
    public struct Options: Sendable, Equatable {
        /// Permits non-empty `Devices`, `DeviceRequests` and `DeviceCgroupRules`.
        public var allowAllDevices = false
        /// Permits changing any resource limit (memory, CPU, block I/O, PIDs, ulimits, OOM killer).
        public var allowResourceUpdates = false
        /// Permits setting `RestartPolicy`.
        public var allowRestartPolicy = false

        public init() {}
    }

    /// Integer resource fields; zero is no change.
    static let integerResources = [
        "Memory", "MemorySwap", "MemoryReservation", "KernelMemory", "KernelMemoryTCP", "NanoCpus", "CpuShares",
        "CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpuCount", "CpuPercent",
        "BlkioWeight", "IOMaximumIOps", "IOMaximumBandwidth",
    ]
    /// String resource fields; empty is no change.
    static let stringResources = ["CpusetCpus", "CpusetMems", "CgroupParent"]
    /// Array resource fields; empty is no change.
    static let arrayResources = [
        "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
        "BlkioDeviceWriteIOps", "Ulimits",
    ]

    public let options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a container update must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            try checkDevices(root)
            try checkResources(root)
            try checkRestartPolicy(root)
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "container update body passed inspection"))
    }

    private func checkDevices(_ root: JSONObject) throws(BodyFieldRefusal) {
        for key in ["Devices", "DeviceRequests"] {
            if try !(root.array(key, in: "")?.isEmpty ?? true), !options.allowAllDevices {
                throw BodyFieldRefusal(.containerUpdateDevices, "changing devices is not allowed (\(key))")
            }
        }
        if try !root.strings("DeviceCgroupRules", in: "").isEmpty, !options.allowAllDevices {
            throw BodyFieldRefusal(.containerUpdateDevices, "changing devices is not allowed (DeviceCgroupRules)")
        }
    }

    private func checkResources(_ root: JSONObject) throws(BodyFieldRefusal) {
        // Every field is type-checked even when updates are allowed: a value dockerd reads differently from
        // this inspector must not pass.
        var changed: [String] = []
        for key in Self.integerResources {
            if try (root.int64(key, in: "") ?? 0) != 0 { changed.append(key) }
        }
        for key in Self.stringResources {
            if try !(root.string(key, in: "") ?? "").isEmpty { changed.append(key) }
        }
        for key in Self.arrayResources {
            if try !(root.array(key, in: "")?.isEmpty ?? true) { changed.append(key) }
        }
        for key in ["PidsLimit", "MemorySwappiness"] {
            if try root.int64(key, in: "") != nil { changed.append(key) }
        }
        if try root.bool("OomKillDisable", in: "") != nil { changed.append("OomKillDisable") }
        if let changed = changed.first, !options.allowResourceUpdates {
            throw BodyFieldRefusal(.containerUpdateResources, "changing resource limits is not allowed (\(changed))")
        }
    }

    private func checkRestartPolicy(_ root: JSONObject) throws(BodyFieldRefusal) {
        guard let policy = try root.object("RestartPolicy", in: "") else { return }
        let name = try policy.string("Name", in: "RestartPolicy.") ?? ""
        let retries = try policy.int64("MaximumRetryCount", in: "RestartPolicy.") ?? 0
        if !name.isEmpty || retries != 0, !options.allowRestartPolicy {
            throw BodyFieldRefusal(
                .containerUpdateRestartPolicy,
                "changing the restart policy is not allowed (RestartPolicy.Name=\(name))"
            )
        }
    }
}
