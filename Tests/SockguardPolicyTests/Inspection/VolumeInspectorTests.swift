import SockguardPolicy
import Testing

@Suite struct VolumeInspectorTests {
    typealias Options = VolumeInspector.Options

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let options: Options
        /// nil: allowed.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(_ name: String, _ body: String, _ expected: ReasonCode?, _ options: Options = .init()) {
            self.name = name
            self.body = body
            self.options = options
            self.expected = expected
        }
    }

    static func options(_ configure: (inout Options) -> Void) -> Options {
        var options = Options()
        configure(&options)
        return options
    }

    static let customDrivers = options { $0.allowCustomDrivers = true }
    static let driverOpts = options { $0.allowDriverOpts = true }

    /// `docker volume create v1`, as the docker CLI 28 sends it.
    static let dockerVolumeCreate = #"{"Driver":"local","DriverOpts":{},"Labels":{},"Name":"v1"}"#
    /// `docker volume create --opt type=none --opt o=bind --opt device=/ root`: the host's `/`.
    static let hostBind = #"{"Driver":"local","DriverOpts":{"type":"none","o":"bind","device":"/"},"Name":"root"}"#

    static let cases: [Case] = [
        // Realistic bodies.
        .init("docker volume create v1", dockerVolumeCreate, nil),
        .init("empty object", "{}", nil),
        .init("name only", #"{"Name":"data"}"#, nil),
        .init("labels", #"{"Name":"v","Labels":{"team":"web","com.docker.compose.project":"p"}}"#, nil),
        .init(
            "compose volume",
            #"{"Name":"p_data","Driver":"local","DriverOpts":null,"Labels":{"com.docker.compose.volume":"data"}}"#,
            nil
        ),
        .init("everything null", #"{"Name":null,"Driver":null,"DriverOpts":null,"Labels":null,"Opts":null}"#, nil),
        .init("anonymous volume", #"{"Driver":"","DriverOpts":{},"Labels":null,"Name":""}"#, nil),
        // Drivers.
        .init("plugin driver", #"{"Driver":"rexray/ebs","Name":"v"}"#, .volumeCustomDriver),
        .init("nfs plugin", #"{"Driver":"vieux/sshfs","DriverOpts":{},"Name":"v"}"#, .volumeCustomDriver),
        .init("plugin driver allowed", #"{"Driver":"rexray/ebs","Name":"v"}"#, nil, customDrivers),
        .init("Local is not local", #"{"Driver":"Local"}"#, .volumeCustomDriver),
        .init("LOCAL is not local", #"{"Driver":"LOCAL"}"#, .volumeCustomDriver),
        .init("padded local", #"{"Driver":" local"}"#, .volumeCustomDriver),
        .init("trailing space", #"{"Driver":"local "}"#, .volumeCustomDriver),
        .init("escaped local", #"{"Driver":"\u006cocal"}"#, nil),
        .init("escaped plugin", #"{"Driver":"\u0072exray"}"#, .volumeCustomDriver),
        .init("lowercase key", #"{"driver":"rexray"}"#, .volumeCustomDriver),
        .init("upper case key", #"{"DRIVER":"rexray"}"#, .volumeCustomDriver),
        .init("escaped key", #"{"Dr\u0069ver":"rexray"}"#, .volumeCustomDriver),
        .init("case-variant duplicate key", #"{"Driver":"local","driver":"rexray"}"#, .requestBodyInvalid),
        .init("driver not a string", #"{"Driver":1}"#, .requestBodyInvalidField),
        .init("driver an array", #"{"Driver":["local"]}"#, .requestBodyInvalidField),
        .init("driver an object", #"{"Driver":{}}"#, .requestBodyInvalidField),
        // Cluster volumes.
        .init("cluster volume", #"{"Name":"c","Driver":"csi","ClusterVolumeSpec":{"Group":"g"}}"#, .volumeCustomDriver),
        .init("cluster volume with local", #"{"Driver":"local","ClusterVolumeSpec":{}}"#, .volumeCustomDriver),
        .init("cluster volume lower key", #"{"clustervolumespec":{}}"#, .volumeCustomDriver),
        .init("cluster volume null", #"{"ClusterVolumeSpec":null}"#, nil),
        .init("cluster volume allowed", #"{"Driver":"csi","ClusterVolumeSpec":{}}"#, nil, customDrivers),
        .init("cluster volume not an object", #"{"ClusterVolumeSpec":"x"}"#, .requestBodyInvalidField),
        // Driver options.
        .init("host bind through local", hostBind, .volumeDriverOpts),
        .init("host bind allowed", hostBind, nil, driverOpts),
        .init(
            "nfs mount",
            #"{"DriverOpts":{"type":"nfs","o":"addr=10.0.0.1","device":":/export"}}"#,
            .volumeDriverOpts
        ),
        .init("tmpfs size", #"{"DriverOpts":{"type":"tmpfs","device":"tmpfs","o":"size=1m"}}"#, .volumeDriverOpts),
        .init("one empty option", #"{"DriverOpts":{"":""}}"#, .volumeDriverOpts),
        .init("lowercase driveropts", #"{"driveropts":{"device":"/"}}"#, .volumeDriverOpts),
        .init("escaped driveropts key", #"{"Driver\u004Fpts":{"device":"/"}}"#, .volumeDriverOpts),
        .init("legacy Opts", #"{"Opts":{"device":"/"}}"#, .volumeDriverOpts),
        .init("legacy Opts empty", #"{"Opts":{}}"#, nil),
        .init("legacy Opts allowed", #"{"Opts":{"device":"/"}}"#, nil, driverOpts),
        .init("options not an object", #"{"DriverOpts":"type=none"}"#, .requestBodyInvalidField),
        .init("options an array", #"{"DriverOpts":[]}"#, .requestBodyInvalidField),
        .init("options a number", #"{"DriverOpts":0}"#, .requestBodyInvalidField),
        .init("duplicate option key", #"{"DriverOpts":{"device":"/tmp","device":"/"}}"#, .requestBodyInvalid),
        .init("custom driver checked before options", #"{"Driver":"x","DriverOpts":{"a":"b"}}"#, .volumeCustomDriver),
        .init(
            "custom driver with options, both allowed",
            #"{"Driver":"x","DriverOpts":{"a":"b"}}"#,
            nil,
            options {
                $0.allowCustomDrivers = true
                $0.allowDriverOpts = true
            }
        ),
        .init(
            "custom driver allowed, options not",
            #"{"Driver":"x","DriverOpts":{"a":"b"}}"#,
            .volumeDriverOpts,
            customDrivers
        ),
        // Malformed bodies.
        .init("not an object", #"["local"]"#, .requestBodyInvalid),
        .init("a string", #""v1""#, .requestBodyInvalid),
        .init("null body", "null", .requestBodyInvalid),
        .init("trailing data", #"{"Name":"v"}{"Driver":"x"}"#, .requestBodyInvalid),
        .init("truncated", #"{"Driver":"local""#, .requestBodyInvalid),
    ]

    /// What the proxy does: parse, then inspect; a parse failure is `JSONBodyError.denial`.
    static func decide(_ body: String, _ options: Options) -> Decision {
        inspect(body, path: "/volumes/create", registry: InspectorRegistry(volume: options))
    }

    @Test("allows or denies each body with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        expectDecision(Self.decide(testCase.body, testCase.options), testCase.expected)
    }

    @Test("the table has at least 40 bodies")
    func tableSize() {
        #expect(Self.cases.count >= 40)
    }

    @Test("denial messages name the field, as the docker CLI prints them")
    func messages() {
        #expect(
            Self.decide(Self.hostBind, .init())
                == .deny(
                    Denial(
                        reasonCode: .volumeDriverOpts,
                        message: "sockguard: volume driver options are not allowed (DriverOpts)"
                    )
                )
        )
        #expect(
            Self.decide(#"{"Driver":"rexray"}"#, .init())
                == .deny(
                    Denial(
                        reasonCode: .volumeCustomDriver,
                        message: "sockguard: volume driver \"rexray\" is not allowed (Driver)"
                    )
                )
        )
    }

    @Test("every option defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowCustomDrivers && !options.allowDriverOpts)
    }
}
