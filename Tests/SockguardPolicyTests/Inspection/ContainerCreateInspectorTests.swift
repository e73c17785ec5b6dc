import SockguardPolicy
import Testing

@Suite struct ContainerCreateInspectorTests {
    typealias Options = ContainerCreateInspector.Options

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

    /// A body with `fields` inside `HostConfig`.
    static func hc(_ fields: String) -> String { #"{"Image":"busybox","HostConfig":{"# + fields + "}}" }

    static func options(_ configure: (inout Options) -> Void) -> Options {
        var options = Options()
        configure(&options)
        return options
    }

    static let dataAllowed = options { $0.allowedBindMounts = ["/data"] }

    /// `docker run --rm busybox echo hi`, as the docker CLI 28 sends it.
    static let dockerRunBody = """
        {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,\
        "Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["echo","hi"],"Image":"busybox",\
        "Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},\
        "HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default",\
        "PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":true,"VolumeDriver":"",\
        "VolumesFrom":null,"ConsoleSize":[50,200],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],\
        "DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,\
        "OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,\
        "SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,\
        "NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],\
        "BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,\
        "CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],\
        "DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,\
        "MemorySwappiness":null,"OomKillDisable":null,"PidsLimit":null,"Ulimits":[],"CpuCount":0,"CpuPercent":0,\
        "IOMaximumIOps":0,"IOMaximumBandwidth":0,"Mounts":null,"MaskedPaths":null,"ReadonlyPaths":null},\
        "NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,\
        "MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"",\
        "IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,\
        "DNSNames":null}}}}
        """

    /// `docker run -d --user 101:101 --read-only --cap-drop ALL --security-opt no-new-privileges
    /// --memory 256m --pids-limit 100 -v html:/usr/share/nginx/html -p 8080:80 --label team=web nginx`.
    static let hardenedBody = """
        {"User":"101:101","Env":null,"Cmd":null,"Image":"nginx","Labels":{"team":"web"},\
        "ExposedPorts":{"80/tcp":{}},"HostConfig":{"Binds":["html:/usr/share/nginx/html"],\
        "NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},\
        "CapDrop":["ALL"],"SecurityOpt":["no-new-privileges"],"ReadonlyRootfs":true,"Memory":268435456,\
        "PidsLimit":100,"Mounts":null,"Devices":[]}}
        """

    static let everyRail = options {
        $0.requireNonRootUser = true
        $0.requireNoNewPrivileges = true
        $0.requireReadonlyRootfs = true
        $0.requireDropAllCapabilities = true
        $0.requireMemoryLimit = true
        $0.requirePidsLimit = true
        $0.requiredLabels = ["team": "web"]
    }

    static let basicCases: [Case] = [
        // Realistic bodies.
        .init("minimal", #"{"Image":"busybox"}"#, nil),
        .init("docker run --rm busybox echo hi", dockerRunBody, nil),
        .init("hardened nginx, every rail on", hardenedBody, nil, everyRail),
        .init("docker run body, every rail on", dockerRunBody, .containerCreateRootUser, everyRail),
        .init("unknown fields are ignored", #"{"Image":"x","Foo":{"Privileged":true},"Bar":[1]}"#, nil),
        .init("top-level Privileged is not a HostConfig field", #"{"Image":"x","Privileged":true}"#, nil),
        .init("HostConfig null", #"{"Image":"x","HostConfig":null}"#, nil),
        // Privileged and the JSON tricks around it.
        .init("Privileged false", hc(#""Privileged":false"#), nil),
        .init("Privileged null", hc(#""Privileged":null"#), nil),
        .init("Privileged true", hc(#""Privileged":true"#), .containerCreatePrivileged),
        .init("allowPrivileged", hc(#""Privileged":true"#), nil, options { $0.allowPrivileged = true }),
        .init("hostconfig lower case", #"{"hostconfig":{"privileged":true}}"#, .containerCreatePrivileged),
        .init("PRIVILEGED upper case", hc(#""PRIVILEGED":true"#), .containerCreatePrivileged),
        .init("escaped key", #"{"\u0048ostConfig":{"Privil\u0065ged":true}}"#, .containerCreatePrivileged),
        .init("long-s fold of HostConfig", "{\"Ho\u{17F}tConfig\":{\"Privileged\":true}}", .containerCreatePrivileged),
        .init("duplicate case variants", hc(#""Privileged":false,"privileged":true"#), .requestBodyInvalid),
        .init("duplicate HostConfig", #"{"HostConfig":{"Privileged":true},"HostConfig":{}}"#, .requestBodyInvalid),
        .init("shadow hostconfig", #"{"HostConfig":{},"hostConfig":{"Privileged":true}}"#, .requestBodyInvalid),
        .init(
            "trailing data",
            hc(#""Privileged":false"#) + #"{"HostConfig":{"Privileged":true}}"#,
            .requestBodyInvalid
        ),
        .init("empty body", "", .requestBodyInvalid),
        .init("top-level array", #"[{"HostConfig":{"Privileged":true}}]"#, .requestBodyInvalid),
        .init("top-level string", #""x""#, .requestBodyInvalid),
        .init("Privileged as string", hc(#""Privileged":"true""#), .requestBodyInvalidField),
        .init("Privileged as number", hc(#""Privileged":1"#), .requestBodyInvalidField),
        .init("HostConfig as string", #"{"HostConfig":"privileged"}"#, .requestBodyInvalidField),
        .init("HostConfig as array", #"{"HostConfig":[]}"#, .requestBodyInvalidField),
        // Namespaces.
        .init("NetworkMode default", hc(#""NetworkMode":"default""#), nil),
        .init("NetworkMode none", hc(#""NetworkMode":"none""#), nil),
        .init("NetworkMode user network", hc(#""NetworkMode":"backend""#), nil),
        .init("NetworkMode container:", hc(#""NetworkMode":"container:web""#), nil),
        .init("NetworkMode host", hc(#""NetworkMode":"host""#), .containerCreateHostNetwork),
        .init("NetworkMode HOST", hc(#""NetworkMode":"HOST""#), .containerCreateHostNetwork),
        .init("NetworkMode ns:", hc(#""NetworkMode":"ns:/proc/1/ns/net""#), .containerCreateHostNetwork),
        .init("allowHostNetwork", hc(#""NetworkMode":"host""#), nil, options { $0.allowHostNetwork = true }),
        .init("NetworkMode as number", hc(#""NetworkMode":1"#), .requestBodyInvalidField),
        .init("PidMode host", hc(#""PidMode":"host""#), .containerCreateHostPID),
        .init("PidMode host:", hc(#""PidMode":"host:1""#), .containerCreateHostPID),
        .init("allowHostPID", hc(#""PidMode":"host""#), nil, options { $0.allowHostPID = true }),
        .init("IpcMode shareable", hc(#""IpcMode":"shareable""#), nil),
        .init("IpcMode host", hc(#""IpcMode":"Host""#), .containerCreateHostIPC),
        .init("allowHostIPC", hc(#""IpcMode":"host""#), nil, options { $0.allowHostIPC = true }),
        .init("UTSMode host", hc(#""UTSMode":"host""#), .containerCreateHostUTS),
        .init(
            "UTSMode host with every allow",
            hc(#""UTSMode":"host""#),
            .containerCreateHostUTS,
            options {
                $0.allowHostNetwork = true
                $0.allowHostPID = true
                $0.allowHostIPC = true
                $0.allowHostUserNS = true
                $0.allowHostCgroupNS = true
            }
        ),
        .init("UsernsMode host", hc(#""UsernsMode":"host""#), .containerCreateHostUserNS),
        .init("allowHostUserNS", hc(#""UsernsMode":"host""#), nil, options { $0.allowHostUserNS = true }),
        .init("CgroupnsMode private", hc(#""CgroupnsMode":"private""#), nil),
        .init("CgroupnsMode host", hc(#""CgroupnsMode":"host""#), .containerCreateHostCgroupNS),
        .init("allowHostCgroupNS", hc(#""CgroupnsMode":"host""#), nil, options { $0.allowHostCgroupNS = true }),
    ]

    static let mountCases: [Case] = [
        .init("named volume", hc(#""Binds":["data:/data"]"#), nil),
        .init("named volume, read-only", hc(#""Binds":["data:/data:ro"]"#), nil),
        .init("anonymous volume", hc(#""Binds":["/data"]"#), nil),
        .init("Binds null", hc(#""Binds":null"#), nil),
        .init("host root", hc(#""Binds":["/:/host"]"#), .containerCreateBindMount),
        .init("/etc read-only", hc(#""Binds":["/etc:/x:ro"]"#), .containerCreateBindMount),
        .init(
            "docker socket",
            hc(#""Binds":["/var/run/docker.sock:/var/run/docker.sock"]"#),
            .containerCreateBindMount
        ),
        .init("allowed /data", hc(#""Binds":["/data:/x"]"#), nil, dataAllowed),
        .init("allowed /data/sub", hc(#""Binds":["/data/sub/dir:/x:rw"]"#), nil, dataAllowed),
        .init("allowed /data/ trailing slash", hc(#""Binds":["/data/:/x"]"#), nil, dataAllowed),
        .init("allowed /data via //data/./sub", hc(#""Binds":["//data/./sub:/x"]"#), nil, dataAllowed),
        .init("/data/../etc", hc(#""Binds":["/data/../etc:/x"]"#), .containerCreateBindMount, dataAllowed),
        .init("/database is not /data", hc(#""Binds":["/database:/x"]"#), .containerCreateBindMount, dataAllowed),
        .init("second bind is checked", hc(#""Binds":["/data:/a","/etc:/b"]"#), .containerCreateBindMount, dataAllowed),
        .init(
            "allowed prefix with dots",
            hc(#""Binds":["/etc:/x"]"#),
            nil,
            options { $0.allowedBindMounts = ["/srv/../etc/"] }
        ),
        .init("allowed /", hc(#""Binds":["/etc:/x"]"#), nil, options { $0.allowedBindMounts = ["/"] }),
        .init("relative source", hc(#""Binds":["./etc:/x"]"#), .containerCreateBindMount),
        .init("too many parts", hc(#""Binds":["a:b:c:d"]"#), .containerCreateBindMount),
        .init("empty source", hc(#""Binds":[":/x"]"#), .containerCreateBindMount),
        .init("Binds as string", hc(#""Binds":"/:/host""#), .requestBodyInvalidField),
        .init("Binds element number", hc(#""Binds":[1]"#), .requestBodyInvalidField),
        .init("Binds element null", hc(#""Binds":[null]"#), .requestBodyInvalidField),
        .init("binds lower case", #"{"hostconfig":{"binds":["/:/host"]}}"#, .containerCreateBindMount),
        .init("Mounts volume", hc(#""Mounts":[{"Type":"volume","Source":"data","Target":"/data"}]"#), nil),
        .init("Mounts tmpfs", hc(#""Mounts":[{"Type":"tmpfs","Target":"/tmp"}]"#), nil),
        .init(
            "Mounts bind /",
            hc(#""Mounts":[{"Type":"bind","Source":"/","Target":"/h"}]"#),
            .containerCreateBindMount
        ),
        .init(
            "Mounts BIND",
            hc(#""Mounts":[{"Type":"BIND","Source":"/etc","Target":"/h"}]"#),
            .containerCreateBindMount
        ),
        .init(
            "mounts lower-case keys",
            hc(#""mounts":[{"type":"bind","source":"/etc","target":"/h"}]"#),
            .containerCreateBindMount
        ),
        .init(
            "Mounts bind allowed",
            hc(#""Mounts":[{"Type":"bind","Source":"/data/x","Target":"/h"}]"#),
            nil,
            dataAllowed
        ),
        .init(
            "Mounts bind ..",
            hc(#""Mounts":[{"Type":"bind","Source":"/data/..","Target":"/h"}]"#),
            .containerCreateBindMount,
            dataAllowed
        ),
        .init(
            "Mounts bind relative",
            hc(#""Mounts":[{"Type":"bind","Source":"etc","Target":"/h"}]"#),
            .containerCreateBindMount
        ),
        .init(
            "Mounts npipe",
            hc(#""Mounts":[{"Type":"npipe","Source":"x","Target":"/h"}]"#),
            .containerCreateBindMount
        ),
        .init("Mounts without Type", hc(#""Mounts":[{"Source":"/","Target":"/h"}]"#), .requestBodyInvalidField),
        .init("Mounts element string", hc(#""Mounts":["/:/h"]"#), .requestBodyInvalidField),
        .init(
            "volume with local device /etc",
            hc(
                #""Mounts":[{"Type":"volume","Target":"/h","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"bind","device":"/etc"}}}}]"#
            ),
            .containerCreateBindMount
        ),
        .init(
            "volume with local device in /data",
            hc(
                #""Mounts":[{"Type":"volume","Target":"/h","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"bind","device":"/data/v"}}}}]"#
            ),
            nil,
            dataAllowed
        ),
    ]

    static let hostConfigCases: [Case] = [
        .init("Devices as object", hc(#""Devices":{}"#), .requestBodyInvalidField),
        .init("CapAdd SYS_ADMIN", hc(#""CapAdd":["SYS_ADMIN"]"#), .containerCreateCapabilities),
        .init("CapAdd cap_sys_admin", hc(#""CapAdd":["cap_sys_admin"]"#), .containerCreateCapabilities),
        .init("CapAdd ALL", hc(#""CapAdd":["ALL"]"#), .containerCreateCapabilities),
        .init(
            "CapAdd all with NET_ADMIN allowed",
            hc(#""CapAdd":["all"]"#),
            .containerCreateCapabilities,
            options { $0.allowedCapabilities = ["NET_ADMIN"] }
        ),
        .init(
            "CapAdd allowed",
            hc(#""CapAdd":["CAP_NET_ADMIN","net_admin"]"#),
            nil,
            options { $0.allowedCapabilities = ["net_admin"] }
        ),
        .init(
            "CapAdd with ALL allowed",
            hc(#""CapAdd":["SYS_ADMIN"]"#),
            nil,
            options { $0.allowedCapabilities = ["cap_all"] }
        ),
        .init("allowAllCapabilities", hc(#""CapAdd":["ALL"]"#), nil, options { $0.allowAllCapabilities = true }),
        .init("CapAdd as object", hc(#""CapAdd":{}"#), .requestBodyInvalidField),
        .init("legacy Capabilities", hc(#""Capabilities":["CAP_SYS_ADMIN"]"#), .containerCreateCapabilities),
        .init("CapDrop without the rail", hc(#""CapDrop":["NET_RAW"]"#), nil),
        .init("Sysctls empty", hc(#""Sysctls":{}"#), nil),
        .init("Sysctls", hc(#""Sysctls":{"net.ipv4.ip_forward":"1"}"#), .containerCreateSysctls),
        .init("allowSysctls", hc(#""Sysctls":{"net.core.somaxconn":"1024"}"#), nil, options { $0.allowSysctls = true }),
        .init("Sysctls as array", hc(#""Sysctls":[]"#), .requestBodyInvalidField),
        .init("VolumesFrom", hc(#""VolumesFrom":["other:ro"]"#), .containerCreateVolumesFrom),
        .init("allowVolumesFrom", hc(#""VolumesFrom":["other"]"#), nil, options { $0.allowVolumesFrom = true }),
        .init("CgroupParent", hc(#""CgroupParent":"/""#), .containerCreateCgroupParent),
        .init("allowCgroupParent", hc(#""CgroupParent":"ci.slice""#), nil, options { $0.allowCgroupParent = true }),
        .init("SecurityOpt no-new-privileges", hc(#""SecurityOpt":["no-new-privileges","label=user:u1"]"#), nil),
        .init("seccomp=unconfined", hc(#""SecurityOpt":["seccomp=unconfined"]"#), .containerCreateSecurityOpt),
        .init("seccomp:unconfined", hc(#""SecurityOpt":["seccomp:unconfined"]"#), .containerCreateSecurityOpt),
        .init("Seccomp=Unconfined", hc(#""SecurityOpt":["Seccomp=Unconfined"]"#), .containerCreateSecurityOpt),
        .init("seccomp profile", hc(#""SecurityOpt":["seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\"}"]"#), nil),
        .init("apparmor=unconfined", hc(#""SecurityOpt":["apparmor=unconfined"]"#), .containerCreateSecurityOpt),
        .init("apparmor:unconfined", hc(#""SecurityOpt":["apparmor:unconfined"]"#), .containerCreateSecurityOpt),
        .init("label=disable", hc(#""SecurityOpt":["label=disable"]"#), .containerCreateSecurityOpt),
        .init("label:disable", hc(#""SecurityOpt":["label:disable"]"#), .containerCreateSecurityOpt),
        .init("bare disable", hc(#""SecurityOpt":["disable"]"#), .containerCreateSecurityOpt),
        .init("systempaths=unconfined", hc(#""SecurityOpt":["systempaths=unconfined"]"#), .containerCreateSecurityOpt),
        .init(
            "allowUnconfinedSeccomp",
            hc(#""SecurityOpt":["seccomp=unconfined"]"#),
            nil,
            options { $0.allowUnconfinedSeccomp = true }
        ),
        .init(
            "seccomp allow is not apparmor allow",
            hc(#""SecurityOpt":["apparmor=unconfined"]"#),
            .containerCreateSecurityOpt,
            options { $0.allowUnconfinedSeccomp = true }
        ),
        .init(
            "allowUnconfinedAppArmor",
            hc(#""SecurityOpt":["apparmor:unconfined"]"#),
            nil,
            options { $0.allowUnconfinedAppArmor = true }
        ),
        .init(
            "allowSelinuxDisable",
            hc(#""SecurityOpt":["label=disable"]"#),
            nil,
            options { $0.allowSelinuxDisable = true }
        ),
        .init("SecurityOpt as string", hc(#""SecurityOpt":"seccomp=unconfined""#), .requestBodyInvalidField),
        .init("MaskedPaths empty", hc(#""MaskedPaths":[]"#), .containerCreateSystemPaths),
        .init("ReadonlyPaths custom", hc(#""ReadonlyPaths":["/proc/sys"]"#), .containerCreateSystemPaths),
        .init(
            "allowUnconfinedSystemPaths",
            hc(#""SecurityOpt":["systempaths=unconfined"],"MaskedPaths":[]"#),
            nil,
            options { $0.allowUnconfinedSystemPaths = true }
        ),
        .init("Runtime runc", hc(#""Runtime":"runc""#), nil),
        .init("Runtime empty", hc(#""Runtime":"""#), nil),
        .init("Runtime runsc", hc(#""Runtime":"runsc""#), .containerCreateRuntime),
        .init("Runtime RUNC", hc(#""Runtime":"RUNC""#), .containerCreateRuntime),
        .init("allowedRuntimes", hc(#""Runtime":"runsc""#), nil, options { $0.allowedRuntimes = ["runc", "runsc"] }),
        .init("Runtime as number", hc(#""Runtime":5"#), .requestBodyInvalidField),
    ]

    static let rootUser = options { $0.requireNonRootUser = true }
    static let noNewPrivileges = options { $0.requireNoNewPrivileges = true }

    static let railCases: [Case] = [
        .init("non-root user", #"{"User":"1000:1000"}"#, nil, rootUser),
        .init("named user", #"{"User":"nginx"}"#, nil, rootUser),
        .init("no user", #"{"Image":"x"}"#, .containerCreateRootUser, rootUser),
        .init("User root", #"{"User":"root"}"#, .containerCreateRootUser, rootUser),
        .init("User 0", #"{"User":"0"}"#, .containerCreateRootUser, rootUser),
        .init("User 0:1000", #"{"User":"0:1000"}"#, .containerCreateRootUser, rootUser),
        .init("User root:wheel", #"{"user":"root:wheel"}"#, .containerCreateRootUser, rootUser),
        .init("User 00", #"{"User":"00"}"#, .containerCreateRootUser, rootUser),
        .init("User as number", #"{"User":1000}"#, .requestBodyInvalidField, rootUser),
        .init("no-new-privileges missing", hc(""), .containerCreateNoNewPrivileges, noNewPrivileges),
        .init("no-new-privileges:true", hc(#""SecurityOpt":["no-new-privileges:true"]"#), nil, noNewPrivileges),
        .init("no-new-privileges=1", hc(#""SecurityOpt":["no-new-privileges=1"]"#), nil, noNewPrivileges),
        .init(
            "no-new-privileges:false",
            hc(#""SecurityOpt":["no-new-privileges:false"]"#),
            .containerCreateNoNewPrivileges,
            noNewPrivileges
        ),
        .init(
            "no-new-privileges overridden",
            hc(#""SecurityOpt":["no-new-privileges=true","no-new-privileges=false"]"#),
            .containerCreateNoNewPrivileges,
            noNewPrivileges
        ),
        .init(
            "ReadonlyRootfs false",
            hc(#""ReadonlyRootfs":false"#),
            .containerCreateReadonlyRootfs,
            options { $0.requireReadonlyRootfs = true }
        ),
        .init("ReadonlyRootfs true", hc(#""ReadonlyRootfs":true"#), nil, options { $0.requireReadonlyRootfs = true }),
        .init(
            "CapDrop NET_RAW only",
            hc(#""CapDrop":["NET_RAW"]"#),
            .containerCreateDropAllCapabilities,
            options { $0.requireDropAllCapabilities = true }
        ),
        .init(
            "CapDrop all",
            hc(#""CapDrop":["net_raw","all"]"#),
            nil,
            options { $0.requireDropAllCapabilities = true }
        ),
        .init("Memory missing", hc(""), .containerCreateMemoryLimit, options { $0.requireMemoryLimit = true }),
        .init("Memory 0", hc(#""Memory":0"#), .containerCreateMemoryLimit, options { $0.requireMemoryLimit = true }),
        .init("Memory 256m", hc(#""Memory":268435456"#), nil, options { $0.requireMemoryLimit = true }),
        .init(
            "Memory as string",
            hc(#""Memory":"1g""#),
            .requestBodyInvalidField,
            options { $0.requireMemoryLimit = true }
        ),
        .init(
            "Memory as fraction",
            hc(#""Memory":1.5e9"#),
            .requestBodyInvalidField,
            options { $0.requireMemoryLimit = true }
        ),
        .init(
            "PidsLimit -1",
            hc(#""PidsLimit":-1"#),
            .containerCreatePidsLimit,
            options { $0.requirePidsLimit = true }
        ),
        .init(
            "PidsLimit null",
            hc(#""PidsLimit":null"#),
            .containerCreatePidsLimit,
            options { $0.requirePidsLimit = true }
        ),
        .init("PidsLimit 100", hc(#""PidsLimit":100"#), nil, options { $0.requirePidsLimit = true }),
        .init(
            "required label present",
            #"{"Labels":{"owner":"ci","x":"y"}}"#,
            nil,
            options { $0.requiredLabels = ["owner": nil] }
        ),
        .init(
            "required label missing",
            #"{"Labels":{"x":"y"}}"#,
            .containerCreateRequiredLabel,
            options { $0.requiredLabels = ["owner": nil] }
        ),
        .init(
            "required label, other case",
            #"{"Labels":{"Owner":"ci"}}"#,
            .containerCreateRequiredLabel,
            options { $0.requiredLabels = ["owner": nil] }
        ),
        .init(
            "required label value",
            #"{"Labels":{"owner":"ci"}}"#,
            nil,
            options { $0.requiredLabels = ["owner": "ci"] }
        ),
        .init(
            "required label wrong value",
            #"{"Labels":{"owner":"me"}}"#,
            .containerCreateRequiredLabel,
            options { $0.requiredLabels = ["owner": "ci"] }
        ),
        .init(
            "label value not a string",
            #"{"Labels":{"owner":1}}"#,
            .requestBodyInvalidField,
            options { $0.requiredLabels = ["owner": nil] }
        ),
    ]

    static let cases = basicCases + mountCases + hostConfigCases + deviceCases + railCases + byteCases

    /// What the proxy does: parse, then inspect; a parse failure is `JSONBodyError.denial`.
    static func decide(_ body: String, _ options: Options) -> Decision {
        inspect(body, path: "/containers/create", registry: InspectorRegistry(containerCreate: options))
    }

    @Test("allows or denies each body with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        expectDecision(Self.decide(testCase.body, testCase.options), testCase.expected)
    }

    @Test("the table has at least 80 bodies")
    func tableSize() {
        #expect(Self.cases.count >= 80)
    }

    @Test("denial messages name the field, as the docker CLI prints them")
    func messages() {
        #expect(
            Self.decide(Self.hc(#""Privileged":true"#), .init())
                == .deny(
                    Denial(
                        reasonCode: .containerCreatePrivileged,
                        message: "sockguard: privileged containers are not allowed (HostConfig.Privileged)"
                    )
                )
        )
        guard case .deny(let bind) = Self.decide(Self.hc(#""Binds":["/data/../etc:/x"]"#), Self.dataAllowed) else {
            Issue.record("expected a denial")
            return
        }
        #expect(
            bind.message
                == "sockguard: bind mount of host path /etc is not allowed (HostConfig.Binds \"/data/../etc:/x\")"
        )
    }

    @Test("the registry inspects only POST /containers/create and caps its body at 1 MiB")
    func registry() {
        let registry = InspectorRegistry()
        #expect(registry.inspector(method: "POST", path: "/containers/create") is ContainerCreateInspector)
        #expect(registry.inspector(method: "GET", path: "/containers/create") == nil)
        #expect(registry.inspector(method: "POST", path: "/containers/abc/start") == nil)
        #expect(registry.bodyLimit(method: "POST", path: "/containers/create") == 1 << 20)
        #expect(registry.bodyLimit(method: "POST", path: "/images/create") == nil)
    }

    @Test("every option defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowPrivileged && !options.allowHostNetwork && !options.allowAllDevices)
        #expect(options.allowedBindMounts.isEmpty && options.allowedCapabilities.isEmpty)
        #expect(options.allowedRuntimes == ["runc"])
        #expect(!options.requireNonRootUser && options.requiredLabels.isEmpty)
    }
}
