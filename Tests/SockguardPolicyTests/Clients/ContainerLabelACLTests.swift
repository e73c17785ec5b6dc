import Testing

@testable import SockguardPolicy

@Suite struct ContainerLabelACLTests {
    @Test("labels name globs per method; other methods, other paths and other prefixes allow nothing")
    func acl() {
        let acl = ContainerLabelACL(
            labels: [
                "com.sockguard.allow.get": "/containers/**, /events",
                "com.sockguard.allow.POST": "/containers/*/restart",
                "socket-proxy.allow.delete": "/containers/*",
                "com.sockguard.allow.head": "/x/***",
                "unrelated": "/**",
            ]
        )
        #expect(acl.allows(method: "GET", path: "/containers/json"))
        #expect(acl.allows(method: "GET", path: "/events"))
        #expect(!acl.allows(method: "GET", path: "/images/json"))
        #expect(acl.allows(method: "POST", path: "/containers/web/restart"))
        #expect(!acl.allows(method: "POST", path: "/containers/web/kill"))
        #expect(!acl.allows(method: "DELETE", path: "/containers/web"))
        #expect(!acl.allows(method: "HEAD", path: "/x/y"))
        #expect(acl.invalid == ["com.sockguard.allow.head=/x/***"])
        let wollomatic = ContainerLabelACL(
            labels: ["socket-proxy.allow.delete": "/containers/*"],
            prefix: "socket-proxy.allow."
        )
        #expect(wollomatic.allows(method: "DELETE", path: "/containers/web"))
        #expect(!ContainerLabelACL(labels: [:]).allows(method: "GET", path: "/_ping"))
    }

    @Test("only a container with no prefixed label at all has no labels; an empty or invalid one allows nothing")
    func hasLabels() {
        #expect(!ContainerLabelACL(labels: [:]).hasLabels)
        #expect(!ContainerLabelACL(labels: ["unrelated": "/**", "com.sockguard.other": "x"]).hasLabels)
        for labels in [["com.sockguard.allow.get": ""], ["com.sockguard.allow.get": "/x/***"], ["com.sockguard.allow.": "/**"]] {
            let acl = ContainerLabelACL(labels: labels)
            #expect(acl.hasLabels, "\(labels)")
            #expect(!acl.allows(method: "GET", path: "/x/y"), "\(labels)")
        }
    }

    @Test("the address book maps every network address of a running container to its labels")
    func addressBook() throws {
        let list = #"""
            [{"Id":"a","Labels":{"com.sockguard.allow.get":"/_ping"},"NetworkSettings":{"Networks":{"front":{"IPAddress":"172.20.0.5","GlobalIPv6Address":"fd00::5"},"back":{"IPAddress":"10.5.0.5","GlobalIPv6Address":""}}}},
             {"Id":"b","Labels":null,"NetworkSettings":{"Networks":{"none":{"IPAddress":""}}}},
             {"Id":"c","Labels":{},"NetworkSettings":null}]
            """#
        let book = try ContainerAddressBook(containerList: Array(list.utf8))
        let pingOnly = ContainerAddressBook.Resolution.container(["com.sockguard.allow.get": "/_ping"])
        #expect(book.resolve([172, 20, 0, 5]) == pingOnly)
        #expect(book.resolve([10, 5, 0, 5]) == pingOnly)
        #expect(book.resolve(AddressRange.parse("::ffff:10.5.0.5")!) == pingOnly)
        #expect(book.resolve(AddressRange.parse("fd00::5")!) == pingOnly)
        #expect(book.resolve([10, 5, 0, 6]) == .host)
        #expect(throws: JSONBodyError.self) { try ContainerAddressBook(containerList: Array("{}".utf8)) }

        // With the networks: an unlisted address inside a Docker network is a container not listed yet, never
        // a host client; gateways and outside addresses are the host's.
        var withNetworks = book
        let networks =
            #"[{"Name":"front","IPAM":{"Config":[{"Subnet":"172.20.0.0/16","Gateway":"172.20.0.1"}]}},{"Name":"none","IPAM":{"Config":[]}},{"Name":"x","IPAM":{"Config":null}}]"#
        try withNetworks.addNetworks(networkList: Array(networks.utf8))
        #expect(withNetworks.resolve([172, 20, 0, 5]) == .container(["com.sockguard.allow.get": "/_ping"]))
        #expect(withNetworks.resolve([172, 20, 0, 9]) == .unlistedContainer)
        #expect(withNetworks.resolve([172, 20, 0, 1]) == .host)
        #expect(withNetworks.resolve([127, 0, 0, 1]) == .host)
        #expect(book.resolve([172, 20, 0, 9]) == .host)
    }
}
