import SockguardPolicy
import Testing

@Suite struct NetworkInspectorTests {
    typealias Options = NetworkInspector.Options

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let body: String
        let options: Options
        /// nil: allowed.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(_ name: String, _ path: String, _ body: String, _ expected: ReasonCode?, _ options: Options = .init()) {
            self.name = name
            self.path = path
            self.body = body
            self.options = options
            self.expected = expected
        }
    }

    static let create = "/networks/create"
    static let connect = "/networks/n1/connect"
    static let disconnect = "/networks/n1/disconnect"

    static func options(_ configure: (inout Options) -> Void) -> Options {
        var options = Options()
        configure(&options)
        return options
    }

    /// `docker network create n1`, as the docker CLI 28 sends it.
    static let dockerNetworkCreate = """
        {"Name":"n1","CheckDuplicate":true,"Driver":"bridge","Scope":"","EnableIPv6":false,\
        "IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,\
        "Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{}}
        """
    /// `docker network connect n1 c1`.
    static let dockerNetworkConnect = """
        {"Container":"c1","EndpointConfig":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"",\
        "DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"",\
        "IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}
        """
    /// `docker network disconnect n1 c1`.
    static let dockerNetworkDisconnect = #"{"Container":"c1","Force":false}"#

    static func endpoint(_ fields: String) -> String { #"{"Container":"c1","EndpointConfig":{"# + fields + "}}" }

    static let createCases: [Case] = [
        .init("docker network create n1", create, dockerNetworkCreate, nil),
        .init("minimal", create, #"{"Name":"n1"}"#, nil),
        .init(
            "compose network",
            create,
            #"{"Name":"p_default","Driver":"bridge","Labels":{"com.docker.compose.network":"default"}}"#,
            nil
        ),
        .init("internal ipv6", create, #"{"Name":"n","Internal":true,"EnableIPv6":true,"EnableIPv4":true}"#, nil),
        .init("none driver", create, #"{"Name":"n","Driver":"none"}"#, nil),
        .init("overlay driver", create, #"{"Name":"n","Driver":"overlay"}"#, nil),
        .init("host driver", create, #"{"Name":"n","Driver":"host"}"#, .networkCustomDriver),
        .init(
            "macvlan driver",
            create,
            #"{"Name":"n","Driver":"macvlan","Options":{"parent":"eth0"}}"#,
            .networkCustomDriver
        ),
        .init("ipvlan driver", create, #"{"Name":"n","Driver":"ipvlan"}"#, .networkCustomDriver),
        .init("plugin driver", create, #"{"Name":"n","Driver":"weaveworks/net-plugin:latest"}"#, .networkCustomDriver),
        .init("Bridge is not bridge", create, #"{"Driver":"Bridge"}"#, .networkCustomDriver),
        .init("padded bridge", create, #"{"Driver":"bridge "}"#, .networkCustomDriver),
        .init("escaped bridge", create, #"{"Driver":"\u0062ridge"}"#, nil),
        .init("escaped macvlan", create, #"{"Driver":"mac\u0076lan"}"#, .networkCustomDriver),
        .init("lowercase driver key", create, #"{"driver":"macvlan"}"#, .networkCustomDriver),
        .init("case-variant duplicate driver", create, #"{"Driver":"bridge","DRIVER":"macvlan"}"#, .requestBodyInvalid),
        .init("macvlan allowed", create, #"{"Driver":"macvlan"}"#, nil, options { $0.allowCustomDrivers = true }),
        .init("named host", create, #"{"Name":"host"}"#, .networkCustomDriver),
        .init("driver not a string", create, #"{"Driver":true}"#, .requestBodyInvalidField),
        .init("swarm scope", create, #"{"Scope":"swarm"}"#, .networkSwarmScope),
        .init("Swarm scope", create, #"{"scope":"Swarm"}"#, .networkSwarmScope),
        .init("global scope", create, #"{"Scope":"global"}"#, .networkSwarmScope),
        .init("local scope", create, #"{"Scope":"local"}"#, nil),
        .init("swarm scope allowed", create, #"{"Scope":"swarm"}"#, nil, options { $0.allowSwarmScope = true }),
        .init("ingress", create, #"{"Ingress":true}"#, .networkIngress),
        .init("ingress null", create, #"{"Ingress":null}"#, nil),
        .init("ingress as string", create, #"{"Ingress":"true"}"#, .requestBodyInvalidField),
        .init("attachable", create, #"{"Driver":"overlay","Attachable":true}"#, .networkAttachable),
        .init("attachable allowed", create, #"{"attachable":true}"#, nil, options { $0.allowAttachable = true }),
        .init("config only", create, #"{"ConfigOnly":true}"#, .networkConfigOnly),
        .init("config from", create, #"{"ConfigFrom":{"Network":"cfg"}}"#, .networkConfigFrom),
        .init("config from empty object", create, #"{"ConfigFrom":{}}"#, .networkConfigFrom),
        .init("config from string", create, #"{"ConfigFrom":"cfg"}"#, .requestBodyInvalidField),
        .init(
            "config from allowed",
            create,
            #"{"ConfigFrom":{"Network":"cfg"}}"#,
            nil,
            options { $0.allowConfigFrom = true }
        ),
        .init("ipam driver", create, #"{"IPAM":{"Driver":"infoblox"}}"#, .networkCustomIPAMDriver),
        .init("ipam Default", create, #"{"IPAM":{"Driver":"Default"}}"#, .networkCustomIPAMDriver),
        .init("ipam null", create, #"{"IPAM":null}"#, nil),
        .init("ipam not an object", create, #"{"IPAM":[]}"#, .requestBodyInvalidField),
        .init(
            "ipam subnet",
            create,
            #"{"IPAM":{"Driver":"default","Config":[{"Subnet":"192.168.1.0/24"}]}}"#,
            .networkCustomIPAMConfig
        ),
        .init(
            "ipam subnet allowed",
            create,
            #"{"IPAM":{"Config":[{"Subnet":"10.9.0.0/16"}]}}"#,
            nil,
            options { $0.allowCustomIPAMConfig = true }
        ),
        .init("ipam options", create, #"{"IPAM":{"Options":{"foo":"bar"}}}"#, .networkIPAMOptions),
        .init("ipam lower keys", create, #"{"ipam":{"options":{"foo":"bar"}}}"#, .networkIPAMOptions),
        .init(
            "host bridge name",
            create,
            #"{"Options":{"com.docker.network.bridge.name":"docker0"}}"#,
            .networkDriverOptions
        ),
        .init(
            "driver options allowed",
            create,
            #"{"Options":{"com.docker.network.bridge.name":"br1"}}"#,
            nil,
            options { $0.allowDriverOptions = true }
        ),
        .init("driver options as array", create, #"{"Options":["x"]}"#, .requestBodyInvalidField),
        .init("ipv4 disabled", create, #"{"EnableIPv4":false,"EnableIPv6":true}"#, .networkDisableIPv4),
        .init("ipv4 disabled allowed", create, #"{"EnableIPv4":false}"#, nil, options { $0.allowDisableIPv4 = true }),
    ]

    static let connectCases: [Case] = [
        .init("docker network connect n1 c1", connect, dockerNetworkConnect, nil),
        .init("no endpoint config", connect, #"{"Container":"c1"}"#, nil),
        .init("null endpoint config", connect, #"{"Container":"c1","EndpointConfig":null}"#, nil),
        .init("aliases", connect, endpoint(#""Aliases":["web","api"]"#), nil),
        .init(
            "empty ipam config",
            connect,
            endpoint(#""IPAMConfig":{"IPv4Address":"","IPv6Address":"","LinkLocalIPs":null}"#),
            nil
        ),
        .init("static ipv4", connect, endpoint(#""IPAMConfig":{"IPv4Address":"172.18.0.5"}"#), .networkEndpointConfig),
        .init("static ipv6", connect, endpoint(#""ipamconfig":{"ipv6address":"fd00::5"}"#), .networkEndpointConfig),
        .init(
            "link local",
            connect,
            endpoint(#""IPAMConfig":{"LinkLocalIPs":["169.254.0.9"]}"#),
            .networkEndpointConfig
        ),
        .init(
            "legacy ip address",
            connect,
            endpoint(#""IPAddress":"172.18.0.5","IPPrefixLen":16"#),
            .networkEndpointConfig
        ),
        .init("prefix length only", connect, endpoint(#""IPPrefixLen":16"#), .networkEndpointConfig),
        .init("prefix length fraction", connect, endpoint(#""IPPrefixLen":1.5"#), .requestBodyInvalidField),
        .init("mac address", connect, endpoint(#""MacAddress":"02:42:ac:11:00:02""#), .networkEndpointConfig),
        .init("escaped mac key", connect, endpoint(#""Mac\u0041ddress":"02:42:ac:11:00:02""#), .networkEndpointConfig),
        .init("links", connect, endpoint(#""Links":["db:db"]"#), .networkEndpointConfig),
        .init(
            "driver opts",
            connect,
            endpoint(#""DriverOpts":{"com.docker.network.endpoint.sysctls":"x"}"#),
            .networkEndpointConfig
        ),
        .init("gateway priority", connect, endpoint(#""GwPriority":10"#), .networkEndpointConfig),
        .init("aliases not strings", connect, endpoint(#""Aliases":[1]"#), .requestBodyInvalidField),
        .init("endpoint config a string", connect, #"{"EndpointConfig":"x"}"#, .requestBodyInvalidField),
        .init(
            "endpoint config allowed",
            connect,
            endpoint(#""IPAMConfig":{"IPv4Address":"172.18.0.5"},"Links":["db"]"#),
            nil,
            options { $0.allowEndpointConfig = true }
        ),
        .init("connect to host", "/networks/host/connect", #"{"Container":"c1"}"#, .networkCustomDriver),
        .init(
            "connect to host allowed",
            "/networks/host/connect",
            #"{"Container":"c1"}"#,
            nil,
            options { $0.allowCustomDrivers = true }
        ),
        .init("disconnect", disconnect, dockerNetworkDisconnect, nil),
        .init("disconnect without force", disconnect, #"{"Container":"c1"}"#, nil),
        .init("force disconnect", disconnect, #"{"Container":"c1","Force":true}"#, .networkDisconnectForce),
        .init("force lower key", disconnect, #"{"container":"c1","force":true}"#, .networkDisconnectForce),
        .init("force as string", disconnect, #"{"Force":"true"}"#, .requestBodyInvalidField),
        .init("force duplicate", disconnect, #"{"Force":false,"force":true}"#, .requestBodyInvalid),
        .init("force allowed", disconnect, #"{"Force":true}"#, nil, options { $0.allowDisconnectForce = true }),
        .init("not an object", create, "[]", .requestBodyInvalid),
        .init("trailing data", connect, #"{"Container":"c1"} {"EndpointConfig":{"Links":["x"]}}"#, .requestBodyInvalid),
    ]

    static let cases = createCases + connectCases

    /// What the proxy does: parse, then inspect; a parse failure is `JSONBodyError.denial`.
    static func decide(_ path: String, _ body: String, _ options: Options) -> Decision {
        inspect(body, path: path, registry: InspectorRegistry(network: options))
    }

    @Test("allows or denies each body with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        expectDecision(Self.decide(testCase.path, testCase.body, testCase.options), testCase.expected)
    }

    @Test("the table has at least 40 bodies")
    func tableSize() {
        #expect(Self.cases.count >= 40)
    }

    @Test("denial messages name the field, as the docker CLI prints them")
    func messages() {
        #expect(
            Self.decide(Self.connect, Self.endpoint(#""IPAMConfig":{"IPv4Address":"172.18.0.5"}"#), .init())
                == .deny(
                    Denial(
                        reasonCode: .networkEndpointConfig,
                        message:
                            "sockguard: endpoint configuration is not allowed (EndpointConfig.IPAMConfig.IPv4Address)"
                    )
                )
        )
        #expect(
            Self.decide(Self.create, #"{"Driver":"macvlan"}"#, .init())
                == .deny(
                    Denial(
                        reasonCode: .networkCustomDriver,
                        message: "sockguard: network driver \"macvlan\" is not allowed (Driver)"
                    )
                )
        )
    }

    struct Route: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        /// "container", "volume", "network" or nil for no inspector.
        let family: String?
        var testDescription: String { "\(method) \(path) → \(family ?? "none")" }
    }

    static let routes: [Route] = [
        .init(method: "POST", path: "/containers/create", family: "container"),
        .init(method: "POST", path: "/volumes/create", family: "volume"),
        .init(method: "POST", path: "/networks/create", family: "network"),
        .init(method: "POST", path: "/networks/n1/connect", family: "network"),
        .init(method: "POST", path: "/networks/0123abcd/disconnect", family: "network"),
        .init(method: "GET", path: "/volumes/create", family: nil),
        .init(method: "GET", path: "/networks/create", family: nil),
        .init(method: "GET", path: "/networks/n1/connect", family: nil),
        .init(method: "PUT", path: "/networks/n1/connect", family: nil),
        .init(method: "post", path: "/volumes/create", family: nil),
        .init(method: "GET", path: "/volumes", family: nil),
        .init(method: "POST", path: "/volumes/prune", family: nil),
        .init(method: "POST", path: "/networks/prune", family: nil),
        .init(method: "POST", path: "/networks//connect", family: nil),
        .init(method: "POST", path: "/networks/n1/connect/x", family: nil),
        .init(method: "POST", path: "/networks/n1/inspect", family: nil),
        .init(method: "DELETE", path: "/networks/n1", family: nil),
        .init(method: "DELETE", path: "/volumes/v1", family: nil),
    ]

    @Test("the registry runs the right inspector for each method and path, with a 1 MiB body limit", arguments: routes)
    func registry(_ route: Route) {
        let registry = InspectorRegistry()
        let inspector = registry.inspector(method: route.method, path: route.path)
        switch route.family {
        case "container": #expect(inspector is ContainerCreateInspector)
        case "volume": #expect(inspector is VolumeInspector)
        case "network": #expect(inspector is NetworkInspector)
        default: #expect(inspector == nil)
        }
        #expect(registry.bodyLimit(method: route.method, path: route.path) == (route.family == nil ? nil : 1 << 20))
    }

    @Test("every option defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowCustomDrivers && !options.allowSwarmScope && !options.allowIngress)
        #expect(!options.allowAttachable && !options.allowConfigOnly && !options.allowConfigFrom)
        #expect(!options.allowCustomIPAMDrivers && !options.allowCustomIPAMConfig && !options.allowIPAMOptions)
        #expect(!options.allowDriverOptions && !options.allowEndpointConfig && !options.allowDisconnectForce)
        #expect(!options.allowDisableIPv4)
    }
}
