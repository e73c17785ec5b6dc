import Foundation
import Testing

@testable import SockguardPolicy

/// `allowed_seccomp_profiles` and `allowed_apparmor_profiles`, for Docker creates and libpod creates alike.
@Suite struct ProfileAllowlistTests {
    static func docker(_ securityOpt: [String], seccomp: [String] = [], apparmor: [String] = []) throws -> Bool {
        let entries = securityOpt.map { "\"\($0)\"" }.joined(separator: ",")
        return try TmpfsAndLabelTests.allowed(#""SecurityOpt":["# + entries + "]") { options in
            options.allowedSeccompProfiles = seccomp
            options.allowedAppArmorProfiles = apparmor
        }
    }

    @Test func dockerCreatesFollowTheLists() throws {
        #expect(try Self.docker([], seccomp: ["default"]))
        #expect(!(try Self.docker([], seccomp: ["strict"])), "no profile named is `default`")
        #expect(try Self.docker(["seccomp=strict"], seccomp: ["default", "strict"]))
        #expect(!(try Self.docker(["seccomp=other"], seccomp: ["default", "strict"])))
        // Listing unconfined does not override the unconfined gate.
        #expect(!(try Self.docker(["seccomp=unconfined"], seccomp: ["unconfined"])))
        #expect(try Self.docker(["apparmor=docker-default"], apparmor: ["docker-default"]))
        #expect(!(try Self.docker(["apparmor:custom"], apparmor: ["docker-default"])))
        #expect(try Self.docker(["apparmor=custom", "no-new-privileges"]), "no list, no restriction")
    }

    @Test func libpodCreatesFollowTheLists() throws {
        let run = LibpodContainerCreateOptionsTests.Fixture.podmanRun
        let decide = LibpodContainerCreateOptionsTests.decide
        let allowed = LibpodContainerCreateOptionsTests.isAllowed
        #expect(allowed(try decide(run) { $0.allowedSeccompProfiles = ["default"] }))
        #expect(!allowed(try decide(run) { $0.allowedAppArmorProfiles = ["containers-default"] }))
        let file = LibpodContainerCreateOptionsTests.Fixture.with(#""seccomp_profile_path":"/etc/seccomp/strict.json""#)
        #expect(!allowed(try decide(file) { _ in }))
        #expect(allowed(try decide(file) { $0.allowedSeccompProfiles = ["/etc/seccomp/strict.json"] }))
        #expect(!allowed(try decide(file) { $0.allowedSeccompProfiles = ["default"] }))
    }
}

/// `allow_tmpfs_privileged_options` and `deny_selinux_label_override`, Go's defaults.
@Suite struct TmpfsAndLabelTests {
    static func allowed(
        _ hostConfig: String,
        _ configure: (inout ContainerCreateInspector.Options) -> Void = { _ in }
    )
        throws -> Bool
    {
        var options = ContainerCreateInspector.Options()
        configure(&options)
        let body = #"{"Image":"busybox","HostConfig":{"# + hostConfig + "}}"
        let request = InspectedRequest(
            method: "POST",
            path: "/containers/create",
            endpoint: DockerEndpoint(method: "POST", canonicalPath: "/containers/create")
        )
        return LibpodContainerCreateOptionsTests.isAllowed(
            ContainerCreateInspector(options: options).inspect(request, body: try JSONBody(parsing: Array(body.utf8)))
        )
    }

    @Test func tmpfsPrivilegedOptionsNeedTheirSwitch() throws {
        let plain =
            #""Mounts":[{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576,"Options":[["noexec"]]}}]"#
        #expect(try Self.allowed(plain))
        for option in ["exec", "dev", "SUID"] {
            let risky = #""Mounts":[{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"Options":[[""# + option + #""]]}}]"#
            #expect(!(try Self.allowed(risky)), "\(option) passed")
            #expect(try Self.allowed(risky) { $0.allowTmpfsPrivilegedOptions = true })
        }
    }

    @Test func selinuxLabelOverridesAreRefusedOnlyWhenAsked() throws {
        let label = #""SecurityOpt":["label=type:spc_t"]"#
        #expect(try Self.allowed(label))
        #expect(!(try Self.allowed(label) { $0.denySelinuxLabelOverride = true }))
        #expect(try Self.allowed(#""SecurityOpt":["no-new-privileges"]"#) { $0.denySelinuxLabelOverride = true })
    }
}
