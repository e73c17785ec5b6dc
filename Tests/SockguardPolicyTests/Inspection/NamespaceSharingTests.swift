import Testing

@testable import SockguardPolicy

/// `restrict_namespace_sharing`, `allowed_namespace_sharing_containers` and `deny_namespace_path_mode`, with
/// sockguard (Go)'s semantics: off by default, an empty list allows no container, references compared exactly.
@Suite struct NamespaceSharingTests {
    static func docker(_ hostConfig: String, restricted: Bool = true, allowed: [String] = []) throws -> Bool {
        try TmpfsAndLabelTests.allowed(hostConfig) {
            $0.namespaceSharing = NamespaceSharingGate(restricted: restricted, allowedContainers: allowed)
        }
    }

    @Test(arguments: ["NetworkMode", "PidMode", "IpcMode", "UsernsMode"])
    func dockerModesFollowTheList(field: String) throws {
        let join = #"""# + field + #"":"container:web""#
        #expect(try Self.docker(join, restricted: false), "unrestricted by default, as in Go")
        #expect(!(try Self.docker(join)), "an empty list allows no container")
        #expect(try Self.docker(join, allowed: ["web"]))
        #expect(!(try Self.docker(join, allowed: ["db", "Web"])), "references compare exactly")
        // Spellings dockerd may read as a join are read as one too.
        for spelling in ["Container:web", " container: web ", "CONTAINER:web"] {
            let other = #"""# + field + #"":""# + spelling + #"""#
            #expect(!(try Self.docker(other, allowed: ["db"])), "\(spelling) passed")
            #expect(try Self.docker(other, allowed: ["web"]), "\(spelling) was refused")
        }
        #expect(try Self.docker(#"""# + field + #"":"private""#), "a mode that joins no container is not gated")
    }

    @Test func theRefusalNamesTheTarget() throws {
        let request = InspectedRequest(
            method: "POST",
            path: "/containers/create",
            endpoint: DockerEndpoint(method: "POST", canonicalPath: "/containers/create")
        )
        var options = ContainerCreateInspector.Options()
        options.namespaceSharing = NamespaceSharingGate(restricted: true, allowedContainers: ["web"])
        let body = try JSONBody(parsing: Array(#"{"Image":"b","HostConfig":{"PidMode":"container:db"}}"#.utf8))
        guard case .deny(let denial) = ContainerCreateInspector(options: options).inspect(request, body: body) else {
            Issue.record("allowed")
            return
        }
        #expect(denial.reasonCode == .containerCreateNamespaceSharing)
        #expect(denial.message.contains("\"db\""), "\(denial.message)")
    }

    @Test func namespacePathModeIsRefusedEvenWithHostNetworkWhenAsked() throws {
        let byPath = #""NetworkMode":"ns:/proc/1/ns/net""#
        #expect(!(try TmpfsAndLabelTests.allowed(byPath)), "a path is the host's without allow_host_network")
        #expect(try TmpfsAndLabelTests.allowed(byPath) { $0.allowHostNetwork = true })
        for spelling in [byPath, #""NetworkMode":" NS:/run/netns/x""#] {
            #expect(
                !(try TmpfsAndLabelTests.allowed(spelling) {
                    $0.allowHostNetwork = true
                    $0.denyNamespacePathMode = true
                })
            )
        }
        #expect(try TmpfsAndLabelTests.allowed(#""NetworkMode":"bridge""#) { $0.denyNamespacePathMode = true })
    }

    @Test(arguments: ["netns", "pidns", "ipcns", "utsns", "userns", "cgroupns"])
    func libpodNamespacesFollowTheList(field: String) throws {
        let join = LibpodContainerCreateOptionsTests.Fixture.with(
            #"""# + field + #"":{"nsmode":"container","value":"web"}"#
        )
        let decide = LibpodContainerCreateOptionsTests.decide
        let allowed = LibpodContainerCreateOptionsTests.isAllowed
        #expect(allowed(try decide(join) { _ in }), "unrestricted by default")
        #expect(!allowed(try decide(join) { $0.namespaceSharing.restricted = true }))
        #expect(allowed(try decide(join) { $0.namespaceSharing = .init(restricted: true, allowedContainers: ["web"]) }))
        #expect(!allowed(try decide(join) { $0.namespaceSharing = .init(restricted: true, allowedContainers: ["db"]) }))
        let byPath = LibpodContainerCreateOptionsTests.Fixture.with(
            #"""# + field + #"":{"nsmode":"path","value":"web"}"#
        )
        #expect(
            !allowed(try decide(byPath) { $0.namespaceSharing = .init(restricted: true, allowedContainers: ["web"]) }),
            "a path is never a listed container"
        )
    }
}
