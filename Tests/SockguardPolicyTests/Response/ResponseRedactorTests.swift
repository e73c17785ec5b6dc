import Foundation
import Testing

@testable import SockguardPolicy

@Suite struct ResponseRedactorTests {
    /// The defaults but addresses, which most tests here keep in sight (`networkTopology` has its own tests).
    let redactor = ResponseRedactor(ResponseRedaction(networkTopology: false))

    /// A trimmed `GET /containers/{id}/json` answer of dockerd 20.10, as it writes it.
    static let containerInspect = #"""
        {"Id":"4f1c","Name":"/web","Config":{"Hostname":"4f1c","Env":["PATH=/usr/bin","DB_PASSWORD=hunter2","QUOTED=a\"b=c\u003c","BARE"],"Labels":{"app":"web","App":"other"}},"HostConfig":{"Binds":["/srv/secret:/data:ro","named:/cache","/only-host"],"Privileged":false},"Mounts":[{"Type":"bind","Source":"/srv/secret","Destination":"/data"},{"Type":"volume","Name":"named","Source":"/var/lib/docker/volumes/named/_data","Destination":"/cache"}],"GraphDriver":{"Data":{"MergedDir":"/var/lib/docker/overlay2/x/merged"},"Name":"overlay2"},"NetworkSettings":{"IPAddress":"172.17.0.2","Networks":{"bridge":{"IPAddress":"172.17.0.2","Gateway":"172.17.0.1","MacAddress":"02:42:ac:11:00:02"}}}}
        """#

    func rewrite(_ text: String, _ shape: ResponseShape, with redactor: ResponseRedactor? = nil) throws -> String {
        switch try (redactor ?? self.redactor).rewrite(Array(text.utf8), shape: shape) {
        case .body(let bytes):
            // Always still JSON.
            _ = try JSONSerialization.jsonObject(with: Data(bytes))
            return String(decoding: bytes, as: UTF8.self)
        case .hidden:
            return "hidden"
        case .unchanged:
            return text
        }
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("container inspect: env values, mount sources and bind host paths are redacted; names and the rest stay")
    func containerInspect() throws {
        let output = try rewrite(Self.containerInspect, .containerInspect)
        #expect(!output.contains("hunter2"))
        #expect(!output.contains("/srv/secret"))
        #expect(!output.contains("/var/lib/docker"))
        #expect(!output.contains("a\\\"b"))
        let object = try json(output)
        let config = try #require(object["Config"] as? [String: Any])
        #expect(
            config["Env"] as? [String] == ["PATH=<redacted>", "DB_PASSWORD=<redacted>", "QUOTED=<redacted>", "BARE"]
        )
        #expect(config["Labels"] as? [String: String] == ["app": "web", "App": "other"])
        let host = try #require(object["HostConfig"] as? [String: Any])
        #expect(host["Binds"] as? [String] == ["<redacted>:/data:ro", "named:/cache", "<redacted>"])
        let mounts = try #require(object["Mounts"] as? [[String: Any]])
        #expect(mounts.map { $0["Source"] as? String } == ["<redacted>", "<redacted>"])
        #expect(mounts.map { $0["Destination"] as? String } == ["/data", "/cache"])
        // Topology is kept by default: Traefik and friends route by container address.
        #expect(output.contains("172.17.0.2"))
        // What was not rewritten is copied byte for byte.
        #expect(output.contains(#""Id":"4f1c","Name":"/web","Config":{"Hostname":"4f1c","Env":"#))
    }

    @Test("escaped strings and member names are redacted by their decoded value, however the daemon escaped them")
    func escapes() throws {
        let escaped =
            #"{"Config":{"Env":["TOKEN\u003dabc","PLAIN=x"]},"HostConfig":{"Binds":["\/host:\/x"]},"Mounts":[{"\u0053ource":"\/y"}]}"#
        let output = try rewrite(escaped, .containerInspect)
        let object = try json(output)
        let config = try #require(object["Config"] as? [String: Any])
        #expect(config["Env"] as? [String] == ["TOKEN=<redacted>", "PLAIN=<redacted>"])
        let host = try #require(object["HostConfig"] as? [String: Any])
        #expect(host["Binds"] as? [String] == ["<redacted>:/x"])
        #expect((object["Mounts"] as? [[String: Any]])?.first?["Source"] as? String == "<redacted>")
        // A `=` or `/` joined to a mark into one grapheme is still the byte dockerd splits at.
        let marks = #"{"Config":{"Env":["\u0601=secret"]},"HostConfig":{"Binds":["/\u0301host:/x"]}}"#
        let marked = try rewrite(marks, .containerInspect)
        #expect(!marked.contains("secret") && !marked.contains("host:"), "\(marked)")
        // Blanks before the colon are JSON too: the fast path does not miss the member.
        let spaced = #"[{"Config":{"Env" : ["SECRET=x"]}}]"#
        #expect(try !rewrite(spaced, .containerList).contains("SECRET=x"))
        // A `\u` escape could spell a member the fast path looks for: such an answer is always parsed.
        let spelled = #"[{"Mounts":[{"\u0053ource":"/srv"}]}]"#
        #expect(try rewrite(spelled, .containerList).contains("<redacted>"))
    }

    @Test("network topology, when asked for, empties addresses")
    func topology() throws {
        let redactor = ResponseRedactor(ResponseRedaction(networkTopology: true))
        let output = try rewrite(Self.containerInspect, .containerInspect, with: redactor)
        #expect(!output.contains("172.17"))
        #expect(!output.contains("02:42"))
        let network =
            #"{"Name":"n","IPAM":{"Config":[{"Subnet":"10.9.0.0/24","Gateway":"10.9.0.1"}]},"Containers":{"abc":{"Name":"c","IPv4Address":"10.9.0.2/24"}}}"#
        let rewritten = try rewrite(network, .networkInspect, with: redactor)
        #expect(!rewritten.contains("10.9."))
        #expect(rewritten.contains(#""Name":"c""#))
    }

    @Test("lists are rewritten element by element; volumes keep their names, not their mount points")
    func lists() throws {
        let list = #"[{"Id":"a","Mounts":[{"Source":"/srv/a"}],"Labels":{}},{"Id":"b","Mounts":null,"Labels":null}]"#
        let output = try rewrite(list, .containerList)
        #expect(
            output
                == #"[{"Id":"a","Mounts":[{"Source":"<redacted>"}],"Labels":{}},{"Id":"b","Mounts":null,"Labels":null}]"#
        )
        let volumes =
            #"{"Volumes":[{"Name":"v","Mountpoint":"/var/lib/docker/volumes/v/_data","Options":{"device":"/srv/v","o":"bind"}}],"Warnings":null}"#
        let rewritten = try rewrite(volumes, .volumeList)
        #expect(!rewritten.contains("/var/lib/docker") && !rewritten.contains("/srv/v"))
        #expect(rewritten.contains(#""o":"bind""#))
        #expect(try rewrite(#"{"Volumes":null,"Warnings":null}"#, .volumeList) == #"{"Volumes":null,"Warnings":null}"#)
    }

    @Test("secret and config data, join tokens and the unlock key are emptied")
    func sensitiveData() throws {
        let config = try rewrite(#"{"ID":"c","Spec":{"Name":"app","Data":"c2VjcmV0"}}"#, .configInspect)
        #expect(config == #"{"ID":"c","Spec":{"Name":"app","Data":""}}"#)
        let swarm = try rewrite(
            #"{"ID":"s","JoinTokens":{"Worker":"SWMTKN-1-w","Manager":"SWMTKN-1-m"}}"#,
            .swarmInspect
        )
        #expect(!swarm.contains("SWMTKN"))
        #expect(try rewrite(#"{"UnlockKey":"SWMKEY-1-x"}"#, .swarmUnlockKey) == #"{"UnlockKey":""}"#)
    }

    @Test("service and task specs lose their env values")
    func services() throws {
        let service =
            #"[{"ID":"s","Spec":{"TaskTemplate":{"ContainerSpec":{"Image":"i","Env":["K=v"],"Mounts":[{"Source":"/h","Target":"/t"}]}}}}]"#
        let output = try rewrite(service, .serviceList)
        #expect(output.contains(#""Env":["K=<redacted>"]"#))
        #expect(output.contains(#""Source":"<redacted>","Target":"/t""#))
        let task = #"{"ID":"t","Spec":{"ContainerSpec":{"Env":["K=v"]}}}"#
        #expect(try rewrite(task, .taskInspect) == #"{"ID":"t","Spec":{"ContainerSpec":{"Env":["K=<redacted>"]}}}"#)
    }

    @Test("visible_resource_labels filters lists and hides single resources")
    func visibility() throws {
        let redactor = ResponseRedactor(
            ResponseRedaction(visibleResourceLabels: [
                LabelSelector(parsing: "team=a")!, LabelSelector(parsing: "app")!,
            ])
        )
        let list =
            #"[{"Id":"1","Labels":{"team":"a","app":"x"}},{"Id":"2","Labels":{"team":"b","app":"x"}},{"Id":"3","Labels":{"team":"a"}},{"Id":"4","Labels":null}]"#
        #expect(try rewrite(list, .containerList, with: redactor) == #"[{"Id":"1","Labels":{"team":"a","app":"x"}}]"#)
        #expect(try rewrite(Self.containerInspect, .containerInspect, with: redactor) == "hidden")
        let volumes =
            #"{"Volumes":[{"Name":"x","Labels":{"team":"b"}},{"Name":"y","Labels":{"team":"a","app":""},"Mountpoint":"/m"}],"Warnings":[]}"#
        #expect(
            try rewrite(volumes, .volumeList, with: redactor)
                == #"{"Volumes":[{"Name":"y","Labels":{"team":"a","app":""},"Mountpoint":"<redacted>"}],"Warnings":[]}"#
        )
        let secret = #"{"ID":"s","Spec":{"Name":"n","Labels":{"team":"a","app":"z"},"Data":"eA=="}}"#
        #expect(
            try rewrite(secret, .secretInspect, with: redactor)
                == #"{"ID":"s","Spec":{"Name":"n","Labels":{"team":"a","app":"z"},"Data":""}}"#
        )
    }

    @Test(
        "an answer that is not JSON of the expected shape is refused, never passed on",
        arguments: [
            ("not json", ResponseShape.containerInspect),
            (#"{"Config":{"Env":["A=1"]}} trailing"#, .containerInspect),
            (#"[{"Id":"a"}]"#, .containerInspect),
            (#"{"Id":"a"}"#, .containerList),
            (#"{"Config":{"Env":[{"A":"secret"}]}}"#, .containerInspect),
            (#"{"Volumes":{"v":{"Mountpoint":"/x"}}}"#, .volumeList),
            (#"{"Volumes":[{"Mountpoint":"/x"}] "#, .volumeList),
            (#"[{"Mounts":[{"Source":"/x"}]},"#, .containerList),
            (#"{"Config":{"Env":["A=\#u{1}"]}}"#, .containerInspect),
        ]
    )
    func malformed(_ body: String, _ shape: ResponseShape) {
        #expect(throws: JSONBodyError.self) { try redactor.rewrite(Array(body.utf8), shape: shape) }
    }

    @Test(
        "which answers have a shape",
        arguments: [
            ("GET", "/containers/abc/json", ResponseShape?.some(.containerInspect)),
            ("GET", "/containers/json", .containerList),
            ("GET", "/volumes", .volumeList),
            ("GET", "/volumes/data", .volumeInspect),
            ("GET", "/networks/n1", .networkInspect),
            ("GET", "/swarm/unlockkey", .swarmUnlockKey),
            ("GET", "/system/df", .systemDataUsage),
            ("GET", "/containers/abc/logs", nil),
            ("GET", "/containers/abc/json/x", nil),
            ("GET", "/containers/c1/json/x", nil), ("POST", "/containers/json", nil),
            ("GET", "/networks/create", .networkInspect),
            ("POST", "/containers/abc/json", nil),
            ("GET", "/exec/abc/json", nil),
            ("GET", "/images/abc/history", nil),
            ("GET", "/_ping", nil),
            ("GET", "/containers", nil),
        ]
    )
    func shapes(_ method: String, _ path: String, _ expected: ResponseShape?) {
        #expect(ResponseShape(method: method, endpoint: .of(method, path)) == expected)
        let everything = ResponseRedactor(ResponseRedaction(networkTopology: true))
        #expect(everything.shape(method: method, endpoint: .of(method, path)) == expected)
    }

    @Test("an answer with nothing to redact is sent as the daemon wrote it; a rewritten one keeps its newline")
    func unchanged() throws {
        let list = Array(#"[{"Id":"a","Mounts":[],"Labels":{"x":"y"}}]"#.utf8) + [UInt8(ascii: "\n")]
        #expect(try redactor.rewrite(list, shape: .containerList) == .unchanged)
        let mounted = Array(#"[{"Id":"a","Mounts":[{"Source":"/h"}]}]"#.utf8) + [UInt8(ascii: "\n")]
        #expect(
            try redactor.rewrite(mounted, shape: .containerList)
                == .body(Array(#"[{"Id":"a","Mounts":[{"Source":"<redacted>"}]}]"#.utf8) + [UInt8(ascii: "\n")])
        )
        // Already-redacted values (a proxy behind a proxy) change nothing either.
        let again = Array(#"{"Config":{"Env":["A=<redacted>"]}}"#.utf8)
        #expect(try redactor.rewrite(again, shape: .containerInspect) == .unchanged)
    }

    @Test("the fast path: an answer that names nothing to redact is not parsed, one that does always is")
    func fastPath() throws {
        // Not JSON at all, but nothing in it the rules rewrite: sent as it is (there is nothing to leak).
        #expect(try redactor.rewrite(Array(#"[{"Id":"a", broken]"#.utf8), shape: .containerList) == .unchanged)
        // The same with a member the rules rewrite: parsed, and refused.
        #expect(throws: JSONBodyError.self) {
            try redactor.rewrite(Array(#"[{"Id":"a","Mounts":[{"Source":"/h"}] broken]"#.utf8), shape: .containerList)
        }
        // Brackets that do not fit the shape are always parsed.
        #expect(throws: JSONBodyError.self) { try redactor.rewrite(Array("not json".utf8), shape: .containerInspect) }
        #expect(
            Set(ResponseRedactor.rule(for: .containerInspect, ResponseRedaction(networkTopology: false)).triggerKeys)
                == ["Env", "Source", "Data", "Binds", "CreateCommand"]
        )
    }

    @Test("with everything off, no answer is rewritten")
    func off() {
        let redactor = ResponseRedactor(.none)
        #expect(redactor.shape(method: "GET", endpoint: .of("GET", "/containers/abc/json")) == nil)
        #expect(!ResponseRedaction.none.isActive)
    }
}

/// Podman's libpod container answers are read as the Docker ones, plus the create command libpod inspect repeats.
@Suite struct LibpodResponseRedactionTests {
    @Test func libpodContainerAnswersAreRedacted() throws {
        let redactor = ResponseRedactor(ResponseRedaction())
        let inspect = DockerEndpoint(method: "GET", canonicalPath: "/libpod/containers/web/json")
        #expect(redactor.shape(method: "GET", endpoint: inspect) == .containerInspect)
        let list = DockerEndpoint(method: "GET", canonicalPath: "/libpod/containers/json")
        #expect(redactor.shape(method: "GET", endpoint: list) == .containerList)
        #expect(
            redactor.shape(method: "GET", endpoint: DockerEndpoint(method: "GET", canonicalPath: "/libpod/pods/json"))
                == nil
        )
        let answer = #"""
            {"Id":"a","Config":{"Env":["DB_PASSWORD=hunter2"],"CreateCommand":["podman","run","-e","DB_PASSWORD=hunter2","-v","/srv/secret:/data"]},"Mounts":[{"Type":"bind","Source":"/srv/secret","Destination":"/data"}]}
            """#
        guard case .body(let bytes) = try redactor.rewrite(Array(answer.utf8), shape: .containerInspect) else {
            Issue.record("nothing was redacted")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("hunter2") && !text.contains("/srv/secret"), "\(text)")
        #expect(text.contains("DB_PASSWORD=<redacted>") && text.contains("/data"), "\(text)")
    }
}

/// `response.redact_host_topology` on `GET /info`.
@Suite struct HostTopologyRedactionTests {
    /// A trimmed `GET /info` of a recent dockerd with the host-plumbing members `redact_host_topology` covers.
    static let systemInfo = #"""
        {"ID":"abc","Name":"host1","Containerd":{"Address":"/run/containerd/containerd.sock","Namespaces":{"Containers":"moby","Plugins":"plugins.moby"}},"FirewallBackend":{"Driver":"nftables","Info":[["ReloadedAt","2026-12-07T10:00:00Z"]]},"DiscoveredDevices":[{"Source":"cdi","ID":"vendor.com/gpu=0"}],"NRI":{"Info":[["plugin-path","/opt/docker/nri/plugins"]]},"ServerVersion":"28.2.2"}
        """#

    @Test("redact_host_topology blanks /info's containerd, firewall, device and NRI details; off, they stay")
    func hostTopology() throws {
        let base = ResponseRedactorTests()
        let untouched = try base.rewrite(Self.systemInfo, .systemInfo)
        #expect(untouched.contains("/run/containerd/containerd.sock") && untouched.contains("vendor.com/gpu=0"))
        let redactor = ResponseRedactor(ResponseRedaction(networkTopology: false, hostTopology: true))
        let output = try base.rewrite(Self.systemInfo, .systemInfo, with: redactor)
        for secret in ["containerd.sock", "moby", "nftables", "ReloadedAt", "vendor.com", "cdi", "/opt/docker/nri"] {
            #expect(!output.contains(secret), "\(secret) in \(output)")
        }
        let object = try base.json(output)
        #expect(object["ServerVersion"] as? String == "28.2.2", "other members stay")
        let devices = try #require(object["DiscoveredDevices"] as? [[String: Any]])
        #expect(devices.first?["ID"] as? String == "", "the shape stays: clients keep decoding it")
        let firewall = try #require(object["FirewallBackend"] as? [String: Any])
        #expect(firewall["Info"] as? [[String]] == [["", ""]])
    }
}
