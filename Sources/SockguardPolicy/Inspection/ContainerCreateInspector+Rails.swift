/// The opt-in rails: hardening a deployment may demand of every container (all off by default).
extension ContainerCreateInspector {
    func checkRails(root: JSONObject, hostConfig: JSONObject) throws(BodyFieldRefusal) {
        let hc = Self.hc
        if options.requireNonRootUser, ContainerUser.isRoot(try root.string("User", in: "") ?? "") {
            throw BodyFieldRefusal(.containerCreateRootUser, "containers must run as a non-root user (User)")
        }
        if options.requireNoNewPrivileges {
            // Later entries override earlier ones, as in dockerd.
            var noNewPrivileges = false
            for entry in try hostConfig.strings("SecurityOpt", in: hc) {
                if let setting = SecurityOption(entry).noNewPrivileges { noNewPrivileges = setting }
            }
            guard noNewPrivileges else {
                throw BodyFieldRefusal(
                    .containerCreateNoNewPrivileges,
                    "containers must set no-new-privileges (\(hc)SecurityOpt)"
                )
            }
        }
        if options.requireReadonlyRootfs, try hostConfig.bool("ReadonlyRootfs", in: hc) != true {
            throw BodyFieldRefusal(
                .containerCreateReadonlyRootfs,
                "containers must have a read-only root filesystem (\(hc)ReadonlyRootfs)"
            )
        }
        if options.requireDropAllCapabilities,
            try !hostConfig.strings("CapDrop", in: hc).contains(where: { Self.normalizeCapability($0) == "ALL" })
        {
            throw BodyFieldRefusal(
                .containerCreateDropAllCapabilities,
                "containers must drop all capabilities (\(hc)CapDrop)"
            )
        }
        if options.requireMemoryLimit, (try hostConfig.int64("Memory", in: hc) ?? 0) <= 0 {
            throw BodyFieldRefusal(.containerCreateMemoryLimit, "containers must set a memory limit (\(hc)Memory)")
        }
        // A CPU limit: any of NanoCpus, CpuQuota, CpuShares; a hard one (a cap on CPU time): NanoCpus or CpuQuota.
        if options.requireCPULimit || options.requireCPULimitHard {
            let nanoCPUs = try hostConfig.int64("NanoCpus", in: hc) ?? 0
            let quota = try hostConfig.int64("CpuQuota", in: hc) ?? 0
            let hard = nanoCPUs > 0 || quota > 0
            let shares = (try hostConfig.int64("CpuShares", in: hc) ?? 0) > 0
            if options.requireCPULimitHard, !hard {
                throw BodyFieldRefusal(
                    .containerCreateCPULimit,
                    "containers must set a hard CPU limit (\(hc)NanoCpus or \(hc)CpuQuota)"
                )
            }
            if options.requireCPULimit, !hard, !shares {
                throw BodyFieldRefusal(
                    .containerCreateCPULimit,
                    "containers must set a CPU limit (\(hc)NanoCpus, \(hc)CpuQuota or \(hc)CpuShares)"
                )
            }
        }
        if options.requirePidsLimit, (try hostConfig.int64("PidsLimit", in: hc) ?? 0) <= 0 {
            throw BodyFieldRefusal(.containerCreatePidsLimit, "containers must set a pids limit (\(hc)PidsLimit)")
        }
        try checkRequiredLabels(root)
    }

    private func checkRequiredLabels(_ root: JSONObject) throws(BodyFieldRefusal) {
        guard !options.requiredLabels.isEmpty else { return }
        let labels = try root.stringMap("Labels", in: "")
        for (key, required) in options.requiredLabels.sorted(by: { $0.key < $1.key }) {
            // Label keys are data, matched exactly (dockerd keeps them case-sensitive).
            guard let value = labels.first(where: { $0.key.utf8.elementsEqual(key.utf8) })?.value else {
                throw BodyFieldRefusal(.containerCreateRequiredLabel, "label \"\(key)\" is required (Labels)")
            }
            if let required, !value.utf8.elementsEqual(required.utf8) {
                throw BodyFieldRefusal(
                    .containerCreateRequiredLabel,
                    "label \"\(key)\" must be \"\(required)\" (Labels)"
                )
            }
        }
    }
}
