import Testing

@testable import SockguardPolicy

@Suite struct ProfileAssignmentsTests {
    static func assignment(
        _ profile: String,
        cidrs: [String] = [],
        uids: [UInt32] = [],
        gids: [UInt32] = [],
        cn: [String] = []
    )
        -> ProfileAssignment
    {
        var assignment = ProfileAssignment(profile: profile)
        assignment.cidrs = cidrs.compactMap(AddressRange.init)
        assignment.uids = uids
        assignment.gids = gids
        assignment.certificate.commonNames = cn
        return assignment
    }

    let assignments = ProfileAssignments(
        certificate: [assignment("cert", cn: ["ci"])],
        unixPeer: [assignment("by-uid", uids: [1000]), assignment("by-gid", gids: [50])],
        sourceIP: [assignment("lan", cidrs: ["10.0.0.0/8"]), assignment("host", cidrs: ["10.1.2.3"])],
        defaultProfile: "fallback"
    )

    @Test("certificate first, then unix peer, then source address, then the default")
    func order() {
        let ci: @Sendable (CertificateSelectors) -> Bool = { $0.commonNames.contains("ci") }
        #expect(assignments.profile(for: ClientIdentity(address: [10, 1, 2, 3], certificateMatches: ci)) == "cert")
        #expect(assignments.profile(for: ClientIdentity(unixPeer: (1000, 0))) == "by-uid")
        #expect(assignments.profile(for: ClientIdentity(unixPeer: (7, 50))) == "by-gid")
        #expect(assignments.profile(for: ClientIdentity(unixPeer: (7, 7))) == "fallback")
        // First matching entry wins, even when a later one is narrower.
        #expect(assignments.profile(for: ClientIdentity(address: [10, 1, 2, 3])) == "lan")
        #expect(
            assignments.profile(for: ClientIdentity(address: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 9, 9, 9]))
                == "lan"
        )
        #expect(assignments.profile(for: ClientIdentity(address: [192, 168, 1, 1])) == "fallback")
        var noDefault = assignments
        noDefault.defaultProfile = nil
        #expect(noDefault.profile(for: ClientIdentity(address: [192, 168, 1, 1])) == nil)
        #expect(noDefault.profile(for: ClientIdentity()) == nil)
    }
}
