/// One concrete request `sockguard report` puts to the decider for an endpoint: the harmless request every
/// endpoint gets, or a dangerous variant of it (a privileged create, a bind of `/`, a RUN in a build) that shows
/// whether the policy's inspectors close what the rules open.
public struct RiskProbe: Sendable, Equatable {
    /// What the variant adds (`privileged`, `bind /`); empty for the harmless request.
    public var name: String
    /// What a client that gets this request through can do.
    public var risk: RiskClass
    /// The request-target: the endpoint's sample target, or a variant of it.
    public var target: String
    /// The body, or nil for a request without one.
    public var body: [UInt8]?

    /// The harmless request and the dangerous variants for an endpoint.
    public static func probes(for endpoint: EngineEndpoint) -> [RiskProbe] {
        let key = endpoint.method + " " + endpoint.template
        let base = RiskProbe(name: "", risk: endpoint.risk, target: endpoint.sampleTarget, body: baseBodies[key])
        return [base]
            + (variants[key] ?? []).map { variant in
                var probe = base
                probe.name = variant.name
                probe.risk = .hostRoot
                if let body = variant.body { probe.body = body }
                if let query = variant.query { probe.target += (probe.target.contains("?") ? "&" : "?") + query }
                if variant.dropsBody { probe.body = nil }
                return probe
            }
    }

    struct Variant {
        var name: String
        var body: [UInt8]?
        var query: String?
        var dropsBody = false
    }

    static func json(_ text: String) -> [UInt8] { Array(text.utf8) }

    private static func create(_ hostConfig: String) -> [UInt8] {
        json(#"{"Image":"busybox","Cmd":["true"],"HostConfig":{"# + hostConfig + "}}")
    }

    private static func service(_ containerSpec: String) -> [UInt8] {
        json(#"{"Name":"sample","TaskTemplate":{"ContainerSpec":{"Image":"busybox""# + containerSpec + "}}}")
    }

    private static let dockerfile = "FROM busybox\nCOPY . /src\n"

    /// The body of each endpoint's harmless request (JSON, or a tar for builds, archives and image loads).
    private static let baseBodies = engineBodies.merging(libpodBodies) { first, _ in first }

    private static let engineBodies: [String: [UInt8]] = [
        "POST /containers/create": json(#"{"Image":"busybox","Cmd":["true"]}"#),
        "POST /containers/{id}/update": json(#"{"CpuShares":512}"#),
        "POST /containers/{id}/exec": json(#"{"Cmd":["sh"],"User":"1000","AttachStdin":true,"AttachStdout":true}"#),
        "POST /exec/{id}/start": json(#"{"Detach":false,"Tty":false}"#),
        "POST /volumes/create": json(#"{"Name":"sample"}"#),
        "PUT /volumes/{name}": json(#"{"Spec":{}}"#),
        "POST /networks/create": json(#"{"Name":"sample"}"#),
        "POST /networks/{id}/connect": json(#"{"Container":"sample"}"#),
        "POST /networks/{id}/disconnect": json(#"{"Container":"sample"}"#),
        "POST /services/create": service(""),
        "POST /services/{id}/update": service(""),
        "POST /secrets/create": json(#"{"Name":"sample","Data":"c2FtcGxl"}"#),
        "POST /secrets/{id}/update": json(#"{"Name":"sample"}"#),
        "POST /configs/create": json(#"{"Name":"sample","Data":"c2FtcGxl"}"#),
        "POST /configs/{id}/update": json(#"{"Name":"sample"}"#),
        "POST /nodes/{id}/update": json(#"{"Role":"worker","Availability":"active"}"#),
        "POST /swarm/init": json(#"{"ListenAddr":"0.0.0.0:2377"}"#),
        "POST /swarm/join": json(#"{"ListenAddr":"0.0.0.0:2377","RemoteAddrs":["192.0.2.1:2377"],"JoinToken":"x"}"#),
        "POST /swarm/update": json(#"{}"#),
        "POST /swarm/unlock": json(#"{"UnlockKey":"x"}"#),
        "POST /plugins/pull": json("[]"),
        "POST /plugins/{name}/upgrade": json("[]"),
        "POST /plugins/{name}/set": json(#"["DEBUG=1"]"#),
        "POST /commit": json("{}"),
        "POST /auth": json(#"{"username":"sample","password":"sample","serveraddress":"registry.example"}"#),
        "POST /build": ProbeArchive.tar([("Dockerfile", dockerfile, 0o644)]),
        "PUT /containers/{id}/archive": ProbeArchive.tar([("sample.txt", "sample\n", 0o644)]),
        "POST /images/load": ProbeArchive.tar([("manifest.json", "[]", 0o644)]),
    ]

    /// The dangerous variants, by endpoint.
    private static let variants = engineVariants.merging(libpodVariants) { first, _ in first }

    private static let engineVariants: [String: [Variant]] = [
        "POST /containers/create": [
            Variant(name: "privileged", body: create(#""Privileged":true"#)),
            Variant(name: "bind /", body: create(#""Binds":["/:/host"]"#)),
            Variant(name: "host pid", body: create(#""PidMode":"host""#)),
            Variant(name: "host network", body: create(#""NetworkMode":"host""#)),
            Variant(
                name: "device /dev/mem",
                body: create(
                    #""Devices":[{"PathOnHost":"/dev/mem","PathInContainer":"/dev/mem","CgroupPermissions":"rwm"}]"#
                )
            ),
            Variant(name: "cap_add SYS_ADMIN", body: create(#""CapAdd":["SYS_ADMIN"]"#)),
            Variant(name: "seccomp unconfined", body: create(#""SecurityOpt":["seccomp=unconfined"]"#)),
        ],
        "POST /containers/{id}/exec": [
            Variant(name: "root user", body: json(#"{"Cmd":["sh"],"User":"0"}"#)),
            Variant(name: "privileged exec", body: json(#"{"Cmd":["sh"],"User":"1000","Privileged":true}"#)),
        ],
        "POST /volumes/create": [
            Variant(
                name: "bind device /",
                body: json(#"{"Name":"sample","DriverOpts":{"type":"none","o":"bind","device":"/"}}"#)
            )
        ],
        "POST /services/create": [
            Variant(name: "bind /", body: service(#","Mounts":[{"Type":"bind","Source":"/","Target":"/host"}]"#)),
            Variant(name: "cap_add SYS_ADMIN", body: service(#","CapabilityAdd":["SYS_ADMIN"]"#)),
        ],
        "POST /services/{id}/update": [
            Variant(name: "bind /", body: service(#","Mounts":[{"Type":"bind","Source":"/","Target":"/host"}]"#))
        ],
        "POST /build": [
            Variant(name: "RUN instruction", body: ProbeArchive.tar([("Dockerfile", "FROM busybox\nRUN id\n", 0o644)])),
            Variant(name: "host network", query: "networkmode=host"),
            Variant(name: "remote context", query: "remote=https%3A%2F%2Fexample.com%2Fcontext.git", dropsBody: true),
        ],
        "PUT /containers/{id}/archive": [
            Variant(name: "setuid file", body: ProbeArchive.tar([("sample", "sample\n", 0o4755)]))
        ],
    ]
}

/// A tar archive of regular files, for the probes' build contexts and archives.
enum ProbeArchive {
    static func tar(_ files: [(name: String, content: String, mode: Int)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for file in files {
            var block = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) {
                for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
            }
            func octal(_ value: Int, width: Int) -> String {
                let digits = String(value, radix: 8)
                return String(repeating: "0", count: width - 1 - digits.count) + digits
            }
            let content = Array(file.content.utf8)
            put(file.name, at: 0)
            put(octal(file.mode, width: 8), at: 100)
            put(octal(0, width: 8), at: 108)
            put(octal(0, width: 8), at: 116)
            put(octal(content.count, width: 12), at: 124)
            put(octal(0, width: 12), at: 136)
            block[156] = UInt8(ascii: "0")
            put("ustar\u{0}00", at: 257)
            put("        ", at: 148)
            put(octal(block.reduce(0) { $0 + Int($1) }, width: 7), at: 148)
            bytes += block + content
            bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
        }
        return bytes + [UInt8](repeating: 0, count: 1024)
    }
}
