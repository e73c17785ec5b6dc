import SockguardPolicy

extension RequestBodySetting {
    /// `request_body.libpod_container_create`: Podman's `POST /libpod/containers/create`, with sockguard (Go)'s
    /// keys; `deny_*` are the inverse of the matching `allow_*`. `SOCKGUARD_REQUEST_BODY_LIBPOD_CONTAINER_CREATE_*`.
    static let libpodContainerCreateCases: [RequestBodySetting] = [
        .init("request_body.libpod_container_create.allow_privileged", .flag(\.libpodContainerCreate.allowPrivileged)),
        .init(
            "request_body.libpod_container_create.allow_host_network",
            .flag(\.libpodContainerCreate.allowHostNetwork)
        ),
        .init("request_body.libpod_container_create.allow_host_pid", .flag(\.libpodContainerCreate.allowHostPID)),
        .init("request_body.libpod_container_create.allow_host_ipc", .flag(\.libpodContainerCreate.allowHostIPC)),
        .init("request_body.libpod_container_create.allow_host_userns", .flag(\.libpodContainerCreate.allowHostUserNS)),
        .init("request_body.libpod_container_create.allow_all_devices", .flag(\.libpodContainerCreate.allowAllDevices)),
        .init(
            "request_body.libpod_container_create.allow_all_capabilities",
            .flag(\.libpodContainerCreate.allowAllCapabilities)
        ),
        .init("request_body.libpod_container_create.allow_sysctls", .flag(\.libpodContainerCreate.allowSysctls)),
        .init(
            "request_body.libpod_container_create.allow_systemd_mode",
            .flag(\.libpodContainerCreate.allowSystemdMode)
        ),
        .init(
            "request_body.libpod_container_create.allow_custom_id_mappings",
            .flag(\.libpodContainerCreate.allowCustomIDMappings)
        ),
        .init(
            "request_body.libpod_container_create.require_non_root_user",
            .flag(\.libpodContainerCreate.requireNonRootUser)
        ),
        .init(
            "request_body.libpod_container_create.require_readonly_rootfs",
            .flag(\.libpodContainerCreate.requireReadonlyRootfs)
        ),
        .init(
            "request_body.libpod_container_create.require_memory_limit",
            .flag(\.libpodContainerCreate.requireMemoryLimit)
        ),
        .init("request_body.libpod_container_create.require_cpu_limit", .flag(\.libpodContainerCreate.requireCPULimit)),
        .init(
            "request_body.libpod_container_create.require_cpu_limit_hard",
            .flag(\.libpodContainerCreate.requireCPULimitHard)
        ),
        .init(
            "request_body.libpod_container_create.require_pids_limit",
            .flag(\.libpodContainerCreate.requirePidsLimit)
        ),
        .init(
            "request_body.libpod_container_create.allow_unconfined_seccomp",
            .flag(\.libpodContainerCreate.allowUnconfinedSeccomp)
        ),
        .init(
            "request_body.libpod_container_create.allow_unconfined_apparmor",
            .flag(\.libpodContainerCreate.allowUnconfinedAppArmor)
        ),
        .init(
            "request_body.libpod_container_create.allow_selinux_disable",
            .flag(\.libpodContainerCreate.allowSelinuxDisable)
        ),
        .init(
            "request_body.libpod_container_create.deny_unconfined_seccomp",
            .inverseFlag(\.libpodContainerCreate.allowUnconfinedSeccomp)
        ),
        .init(
            "request_body.libpod_container_create.deny_unconfined_apparmor",
            .inverseFlag(\.libpodContainerCreate.allowUnconfinedAppArmor)
        ),
        .init(
            "request_body.libpod_container_create.deny_selinux_disable",
            .inverseFlag(\.libpodContainerCreate.allowSelinuxDisable)
        ),
        .init(
            "request_body.libpod_container_create.allowed_bind_mounts",
            .list(\.libpodContainerCreate.allowedBindMounts, .absolutePath)
        ),
        .init(
            "request_body.libpod_container_create.allowed_devices",
            .list(\.libpodContainerCreate.allowedDevices, .absolutePath)
        ),
        .init(
            "request_body.libpod_container_create.allowed_capabilities",
            .list(\.libpodContainerCreate.allowedCapabilities, .nonEmpty)
        ),
        .init(
            "request_body.libpod_container_create.allowed_seccomp_profiles",
            .list(\.libpodContainerCreate.allowedSeccompProfiles, .nonEmpty)
        ),
        .init(
            "request_body.libpod_container_create.allowed_apparmor_profiles",
            .list(\.libpodContainerCreate.allowedAppArmorProfiles, .nonEmpty)
        ),
        .init(
            "request_body.libpod_container_create.restrict_namespace_sharing",
            .flag(\.libpodContainerCreate.namespaceSharing.restricted)
        ),
        .init(
            "request_body.libpod_container_create.allowed_namespace_sharing_containers",
            .list(\.libpodContainerCreate.namespaceSharing.allowedContainers, .nonEmpty)
        ),
    ]
}
