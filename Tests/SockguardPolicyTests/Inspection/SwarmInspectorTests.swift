import SockguardPolicy
import Testing

@Suite struct SwarmInspectorTests {
    typealias Options = SwarmInspector.Options

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let query: String?
        let body: String
        let options: Options
        /// nil: allowed.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(
            _ name: String,
            _ path: String,
            _ body: String,
            _ expected: ReasonCode?,
            _ options: Options = .init(),
            query: String? = nil
        ) {
            self.name = name
            self.path = path
            self.query = query
            self.body = body
            self.options = options
            self.expected = expected
        }
    }

    static let initPath = "/swarm/init"
    static let join = "/swarm/join"
    static let update = "/swarm/update"
    static let unlock = "/swarm/unlock"

    /// `docker swarm init`, as the docker CLI 28 sends it.
    static let dockerSwarmInit = """
        {"ListenAddr":"0.0.0.0:2377","AdvertiseAddr":"","DataPathAddr":"","DataPathPort":0,\
        "ForceNewCluster":false,"Spec":{"Labels":null,"Orchestration":{},"Raft":{"ElectionTick":0,\
        "HeartbeatTick":0},"Dispatcher":{},"CAConfig":{},"TaskDefaults":{},"EncryptionConfig":\
        {"AutoLockManagers":false}},"AutoLockManagers":false,"Availability":"active",\
        "DefaultAddrPool":null,"SubnetSize":0}
        """
    /// `docker swarm join --token T manager.internal:2377`.
    static let dockerSwarmJoin = """
        {"ListenAddr":"0.0.0.0:2377","AdvertiseAddr":"","DataPathAddr":"",\
        "RemoteAddrs":["manager.internal:2377"],"JoinToken":"SWMTKN-1-x","Availability":"active"}
        """
    /// `docker swarm update --task-history-limit 10`: the whole spec, as read back from the daemon.
    static let dockerSwarmUpdate = """
        {"Name":"default","Labels":{},"Orchestration":{"TaskHistoryRetentionLimit":10},\
        "Raft":{"SnapshotInterval":10000,"KeepOldSnapshots":0,"LogEntriesForSlowFollowers":500,\
        "ElectionTick":10,"HeartbeatTick":1},"Dispatcher":{"HeartbeatPeriod":5000000000},\
        "CAConfig":{"NodeCertExpiry":7776000000000000},"TaskDefaults":{},\
        "EncryptionConfig":{"AutoLockManagers":false}}
        """

    static let base = Options()
    static let manager = changing(base) { $0.allowedJoinRemoteAddrs = [" Manager.Internal:2377 ", "10.0.0.1:2377"] }
    static let externalCA = #"{"Spec":{"CAConfig":{"ExternalCAs":[{"Protocol":"cfssl","URL":"https://ca"}]}}}"#

    static let cases: [Case] = [
        // init.
        .init("docker swarm init", initPath, dockerSwarmInit, nil),
        .init("empty init", initPath, "{}", nil),
        .init("force new cluster", initPath, #"{"ForceNewCluster":true}"#, .swarmForceNewCluster),
        .init("forcenewcluster lower", initPath, #"{"forcenewcluster":true}"#, .swarmForceNewCluster),
        .init(
            "force new cluster allowed",
            initPath,
            #"{"ForceNewCluster":true}"#,
            nil,
            changing(base) { $0.allowForceNewCluster = true }
        ),
        .init("force new cluster a string", initPath, #"{"ForceNewCluster":"true"}"#, .requestBodyInvalidField),
        .init("external CA", initPath, externalCA, .swarmExternalCA),
        .init("external CA allowed", initPath, externalCA, nil, changing(base) { $0.allowExternalCA = true }),
        .init("empty external CAs", initPath, #"{"Spec":{"CAConfig":{"ExternalCAs":[]}}}"#, nil),
        .init("signing cert", initPath, #"{"Spec":{"CAConfig":{"SigningCACert":"PEM"}}}"#, .swarmSigningCAUpdate),
        .init("signing key", initPath, #"{"Spec":{"CAConfig":{"SigningCAKey":"PEM"}}}"#, .swarmSigningCAUpdate),
        .init("blank signing cert", initPath, #"{"Spec":{"CAConfig":{"SigningCACert":" \n"}}}"#, nil),
        .init("force rotate", initPath, #"{"Spec":{"CAConfig":{"ForceRotate":1}}}"#, .swarmSigningCAUpdate),
        .init(
            "signing CA allowed",
            initPath,
            #"{"Spec":{"CAConfig":{"SigningCACert":"PEM","ForceRotate":2}}}"#,
            nil,
            changing(base) { $0.allowSigningCAUpdate = true }
        ),
        .init(
            "force rotate beyond int64",
            initPath,
            #"{"Spec":{"CAConfig":{"ForceRotate":18446744073709551615}}}"#,
            .requestBodyInvalidField
        ),
        .init("spec an array", initPath, #"{"Spec":[]}"#, .requestBodyInvalidField),
        // join.
        .init("join without allowlist", join, dockerSwarmJoin, .swarmJoinRemoteAddr),
        .init("docker swarm join", join, dockerSwarmJoin, nil, manager),
        .init("join by address", join, #"{"RemoteAddrs":["10.0.0.1:2377"]}"#, nil, manager),
        .init("join case and padding", join, #"{"RemoteAddrs":["MANAGER.internal:2377 "]}"#, nil, manager),
        .init("join elsewhere", join, #"{"RemoteAddrs":["evil.example:2377"]}"#, .swarmJoinRemoteAddr, manager),
        .init(
            "join one bad of two",
            join,
            #"{"RemoteAddrs":["10.0.0.1:2377","10.0.0.2:2377"]}"#,
            .swarmJoinRemoteAddr,
            manager
        ),
        .init("join other port", join, #"{"RemoteAddrs":["10.0.0.1:2378"]}"#, .swarmJoinRemoteAddr, manager),
        .init("join blank address", join, #"{"RemoteAddrs":[""]}"#, .swarmJoinRemoteAddr, manager),
        .init(
            "join remote addrs a string",
            join,
            #"{"RemoteAddrs":"10.0.0.1:2377"}"#,
            .requestBodyInvalidField,
            manager
        ),
        .init(
            "join case-variant duplicate",
            join,
            #"{"RemoteAddrs":["10.0.0.1:2377"],"remoteaddrs":["evil:1"]}"#,
            .requestBodyInvalid,
            manager
        ),
        .init("join escaped key", join, #"{"Rem\u006fteAddrs":["evil:1"]}"#, .swarmJoinRemoteAddr, manager),
        // update.
        .init("docker swarm update", update, dockerSwarmUpdate, nil, query: "version=12"),
        .init("update external CA", update, #"{"CAConfig":{"ExternalCAs":[{}]}}"#, .swarmExternalCA),
        .init("update signing CA", update, #"{"CAConfig":{"SigningCACert":"PEM"}}"#, .swarmSigningCAUpdate),
        .init("autolock", update, #"{"EncryptionConfig":{"AutoLockManagers":true}}"#, .swarmAutoLockManagers),
        .init(
            "autolock allowed",
            update,
            #"{"EncryptionConfig":{"AutoLockManagers":true}}"#,
            nil,
            changing(base) { $0.allowAutoLockManagers = true }
        ),
        .init("rotate worker token", update, "{}", .swarmTokenRotation, query: "version=1&rotateWorkerToken=true"),
        .init("rotate manager token", update, "{}", .swarmTokenRotation, query: "rotateManagerToken=1"),
        .init("rotate token as 2", update, "{}", .swarmTokenRotation, query: "rotateManagerToken=2"),
        .init("rotate bare flag", update, "{}", nil, query: "rotateWorkerToken"),
        .init("rotate false", update, "{}", nil, query: "rotateWorkerToken=false&rotateManagerToken=0"),
        .init("rotate NO padded", update, "{}", nil, query: "rotateWorkerToken=%20NO%20"),
        .init(
            "rotate second value",
            update,
            "{}",
            .swarmTokenRotation,
            query: "rotateWorkerToken=0&rotateWorkerToken=1"
        ),
        .init("rotate wrong case name", update, "{}", nil, query: "RotateWorkerToken=1"),
        .init(
            "rotate allowed",
            update,
            "{}",
            nil,
            changing(base) { $0.allowTokenRotation = true },
            query: "rotateWorkerToken=true&rotateManagerToken=true"
        ),
        .init("rotate unlock key", update, "{}", .swarmUnlockKeyRotation, query: "rotateManagerUnlockKey=yes"),
        .init(
            "rotate unlock key, tokens allowed",
            update,
            "{}",
            .swarmUnlockKeyRotation,
            changing(base) { $0.allowTokenRotation = true },
            query: "rotateManagerUnlockKey=true"
        ),
        .init(
            "rotate unlock key allowed",
            update,
            "{}",
            nil,
            changing(base) { $0.allowManagerUnlockKeyRotation = true },
            query: "rotateManagerUnlockKey=true"
        ),
        .init("bad percent encoding", update, "{}", .swarmInvalidQuery, query: "rotateWorkerToken=%zz"),
        .init("semicolon query", update, "{}", .swarmInvalidQuery, query: "version=1;rotateWorkerToken=1"),
        // unlock.
        .init("unlock", unlock, #"{"UnlockKey":"SWMKEY-1-x"}"#, .swarmUnlock),
        .init("unlock allowed", unlock, #"{"UnlockKey":"SWMKEY-1-x"}"#, nil, changing(base) { $0.allowUnlock = true }),
        // Malformed bodies.
        .init("init not an object", initPath, "[]", .requestBodyInvalid),
        .init("unlock not an object", unlock, #""key""#, .requestBodyInvalid),
        .init("update trailing data", update, "{}x", .requestBodyInvalid),
    ]

    @Test("allows or denies each swarm body with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        let inspector = SwarmInspector(options: testCase.options)
        let decision = inspectDirectly(inspector, testCase.body, path: testCase.path, query: testCase.query)
        expectDecision(
            decision,
            testCase.expected,
            badRequestCode: testCase.expected == .swarmInvalidQuery ? .swarmInvalidQuery : .requestBodyInvalid
        )
    }

    @Test("recognises only the four swarm write paths")
    func endpoints() {
        #expect(SwarmInspector.Endpoint(.of("POST", "/swarm/init")) == .initialize)
        #expect(SwarmInspector.Endpoint(.of("POST", "/swarm/unlock")) == .unlock)
        #expect(SwarmInspector.Endpoint(.of("POST", "/swarm/unlockkey")) == nil)
        #expect(SwarmInspector.Endpoint(.of("POST", "/swarm/leave")) == nil)
        #expect(SwarmInspector.Endpoint(.of("POST", "/swarm")) == nil)
    }

    @Test("denial messages name the field and never echo the unlock key")
    func messages() {
        let decision = inspectDirectly(SwarmInspector(), #"{"UnlockKey":"SWMKEY-1-secret"}"#, path: Self.unlock)
        guard case .deny(let denial) = decision else {
            Issue.record("allowed")
            return
        }
        #expect(denial.message == "sockguard: unlocking the swarm is not allowed (/swarm/unlock)")
        #expect(!denial.message.contains("SWMKEY"))
    }

    @Test("every switch defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowForceNewCluster && !options.allowExternalCA && options.allowedJoinRemoteAddrs.isEmpty)
        #expect(!options.allowTokenRotation && !options.allowManagerUnlockKeyRotation && !options.allowAutoLockManagers)
        #expect(!options.allowSigningCAUpdate && !options.allowUnlock)
    }
}
