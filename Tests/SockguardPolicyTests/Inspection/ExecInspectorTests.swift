import SockguardPolicy
import Testing

@Suite struct ExecInspectorTests {
    typealias Options = ExecInspector.Options

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let options: Options
        /// nil: allowed.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(_ name: String, _ body: String, _ expected: ReasonCode?, _ options: Options = standard) {
            self.name = name
            self.body = body
            self.options = options
            self.expected = expected
        }
    }

    static func options(_ configure: (inout Options) -> Void) -> Options {
        var options = standard
        configure(&options)
        return options
    }

    static func commands(_ argvs: [[String]]) -> [[ArgumentPattern]] {
        argvs.map { $0.map(ArgumentPattern.init) }
    }

    /// What an operator of a CI runner would allow: a health check, a log rotation with a variable run id.
    static let standard: Options = {
        var options = Options()
        options.allowedCommands = commands([
            ["/bin/echo", "hello"],
            ["/usr/local/bin/healthcheck"],
            ["logrotate", "--run-id=*", "/etc/logrotate.d/*"],
            ["sh", "-c", "cat /data/**"],
        ])
        return options
    }()
    static let nothingAllowed = Options()
    static let anyCommand = { () -> Options in
        var options = Options()
        options.allowAnyCommand = true
        return options
    }()
    static let root = options { $0.allowRootUser = true }
    static let privileged = options {
        $0.allowPrivileged = true
        $0.allowRootUser = true
    }
    static let envLists = options {
        $0.allowedEnvVars = ["LANG", "LC_*", "APP_*"].map(ArgumentPattern.init)
        $0.deniedEnvVars = ["APP_SECRET*", "LD_PRELOAD"].map(ArgumentPattern.init)
    }
    static let envDenyOnly = options { $0.deniedEnvVars = ["LD_*"].map(ArgumentPattern.init) }
    static let envPinned = options {
        $0.allowedEnvVars = ["URL", "MODE"].map(ArgumentPattern.init)
        $0.allowedEnvValues = ["URL=http://127.0.0.1:3000/cb", "URL=http://127.0.0.1:3001/cb"]
    }

    /// `docker exec -u 1000 c /bin/echo hello`, as the docker CLI 28 sends it.
    static let dockerExec =
        #"{"User":"1000","Privileged":false,"Tty":false,"ConsoleSize":[0,0],"AttachStdin":false,"#
        + #""AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":null,"WorkingDir":"","#
        + #""Cmd":["/bin/echo","hello"]}"#

    static let cases: [Case] = [
        // Realistic bodies.
        .init("docker exec -u 1000 echo hello", dockerExec, nil),
        .init("healthcheck as nobody", #"{"User":"nobody","Cmd":["/usr/local/bin/healthcheck"]}"#, nil),
        .init("uid:gid user", #"{"User":"1000:1000","Cmd":["/bin/echo","hello"]}"#, nil),
        .init("named user with group", #"{"User":"app:app","Cmd":["/bin/echo","hello"]}"#, nil),
        // Commands.
        .init("other argv", #"{"User":"1000","Cmd":["/bin/sh"]}"#, .execCommand),
        .init("extra argument", #"{"User":"1000","Cmd":["/bin/echo","hello","world"]}"#, .execCommand),
        .init("missing argument", #"{"User":"1000","Cmd":["/bin/echo"]}"#, .execCommand),
        .init("argument differs", #"{"User":"1000","Cmd":["/bin/echo","Hello"]}"#, .execCommand),
        .init("program differs by path", #"{"User":"1000","Cmd":["echo","hello"]}"#, .execCommand),
        .init("trailing space in token", #"{"User":"1000","Cmd":["/bin/echo ","hello"]}"#, .execCommand),
        .init("glob token matches", #"{"User":"1000","Cmd":["logrotate","--run-id=42","/etc/logrotate.d/app"]}"#, nil),
        .init(
            "glob token empty run",
            #"{"User":"1000","Cmd":["logrotate","--run-id=","/etc/logrotate.d/app"]}"#,
            nil
        ),
        .init(
            "star does not cross a slash",
            #"{"User":"1000","Cmd":["logrotate","--run-id=1","/etc/logrotate.d/../../shadow"]}"#,
            .execCommand
        ),
        .init(
            "star does not cross a slash in the first token",
            #"{"User":"1000","Cmd":["logrotate","--run-id=1/2","/etc/logrotate.d/a"]}"#,
            .execCommand
        ),
        .init("double star crosses slashes", #"{"User":"1000","Cmd":["sh","-c","cat /data/a/b"]}"#, nil),
        // `**` matches everything after its prefix, shell syntax included: templates with it must be trusted.
        .init(
            "double star takes anything after its prefix",
            #"{"User":"1000","Cmd":["sh","-c","cat /data/a; rm -rf /"]}"#,
            nil
        ),
        .init("double star needs the prefix", #"{"User":"1000","Cmd":["sh","-c","rm /data/a"]}"#, .execCommand),
        .init("Cmd as one string is one token", #"{"User":"1000","Cmd":"/bin/echo hello"}"#, .execCommand),
        .init("Cmd string matching a one-token template", #"{"User":"1000","Cmd":"/usr/local/bin/healthcheck"}"#, nil),
        .init("escaped program", #"{"User":"1000","Cmd":["\/bin\/echo","hell\u006f"]}"#, nil),
        .init("escaped other program", #"{"User":"1000","Cmd":["\/bin\/sh"]}"#, .execCommand),
        .init("lowercase cmd key", #"{"User":"1000","cmd":["/bin/sh"]}"#, .execCommand),
        .init("escaped cmd key", #"{"User":"1000","\u0043md":["/bin/sh"]}"#, .execCommand),
        .init("case-variant duplicate Cmd", #"{"Cmd":["/bin/echo","hello"],"cmd":["/bin/sh"]}"#, .requestBodyInvalid),
        .init("duplicate Cmd", #"{"Cmd":["/bin/echo","hello"],"Cmd":["/bin/sh"]}"#, .requestBodyInvalid),
        .init("missing Cmd", #"{"User":"1000"}"#, .requestBodyInvalidField),
        .init("null Cmd", #"{"User":"1000","Cmd":null}"#, .requestBodyInvalidField),
        .init("empty Cmd", #"{"User":"1000","Cmd":[]}"#, .requestBodyInvalidField),
        .init("Cmd a number", #"{"User":"1000","Cmd":1}"#, .requestBodyInvalidField),
        .init("Cmd an object", #"{"User":"1000","Cmd":{"0":"/bin/sh"}}"#, .requestBodyInvalidField),
        .init("Cmd element null", #"{"User":"1000","Cmd":["/bin/echo",null]}"#, .requestBodyInvalidField),
        .init("Cmd element number", #"{"User":"1000","Cmd":["/bin/echo",1]}"#, .requestBodyInvalidField),
        .init("nothing allowlisted", dockerExec, .execCommand, nothingAllowed),
        .init("any command when blind writes are allowed", #"{"User":"1000","Cmd":["/bin/sh"]}"#, nil, anyCommand),
        .init(
            "blind writes still refuse root",
            #"{"User":"root","Cmd":["/bin/sh"]}"#,
            .execRootUser,
            anyCommand
        ),
        // Users.
        .init("empty user is root", #"{"User":"","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("missing user is root", #"{"Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("null user is root", #"{"User":null,"Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("root", #"{"User":"root","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("uid 0", #"{"User":"0","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("uid 00", #"{"User":"00","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("root with group", #"{"User":"root:1000","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("uid 0 with group", #"{"User":"0:0","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("empty name with group", #"{"User":":1000","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("escaped root", #"{"User":"r\u006f\u006ft","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("lowercase user key", #"{"user":"root","Cmd":["/bin/echo","hello"]}"#, .execRootUser),
        .init("user not a string", #"{"User":0,"Cmd":["/bin/echo","hello"]}"#, .requestBodyInvalidField),
        .init("root allowed", #"{"User":"root","Cmd":["/bin/echo","hello"]}"#, nil, root),
        .init("empty user allowed as root", #"{"Cmd":["/bin/echo","hello"]}"#, nil, root),
        .init("rooty but not root", #"{"User":"rootless","Cmd":["/bin/echo","hello"]}"#, nil),
        // Privileged.
        .init("privileged", #"{"User":"1000","Privileged":true,"Cmd":["/bin/echo","hello"]}"#, .execPrivileged),
        .init(
            "privileged lowercase",
            #"{"User":"1000","privileged":true,"Cmd":["/bin/echo","hello"]}"#,
            .execPrivileged
        ),
        .init(
            "privileged escaped key",
            #"{"User":"1000","Privil\u0065ged":true,"Cmd":["/bin/echo","hello"]}"#,
            .execPrivileged
        ),
        .init(
            "privileged case-variant duplicate",
            #"{"Privileged":false,"PRIVILEGED":true,"User":"1000","Cmd":["/bin/echo","hello"]}"#,
            .requestBodyInvalid
        ),
        .init(
            "privileged as a string",
            #"{"User":"1000","Privileged":"true","Cmd":["/bin/echo","hello"]}"#,
            .requestBodyInvalidField
        ),
        .init(
            "privileged as 1",
            #"{"User":"1000","Privileged":1,"Cmd":["/bin/echo","hello"]}"#,
            .requestBodyInvalidField
        ),
        .init("privileged null", #"{"User":"1000","Privileged":null,"Cmd":["/bin/echo","hello"]}"#, nil),
        .init("privileged allowed", #"{"User":"root","Privileged":true,"Cmd":["/bin/echo","hello"]}"#, nil, privileged),
        .init(
            "privileged even with any command",
            #"{"User":"1000","Privileged":true,"Cmd":["/bin/sh"]}"#,
            .execPrivileged,
            anyCommand
        ),
        // Environment.
        .init(
            "env allowed names",
            #"{"User":"1000","Env":["LANG=C","LC_ALL=C"],"Cmd":["/bin/echo","hello"]}"#,
            nil,
            envLists
        ),
        .init("env name without value", #"{"User":"1000","Env":["LANG"],"Cmd":["/bin/echo","hello"]}"#, nil, envLists),
        .init(
            "env value pinned, one of the values",
            #"{"User":"1000","Env":["URL=http://127.0.0.1:3001/cb","MODE=x"],"Cmd":["/bin/echo","hello"]}"#,
            nil,
            envPinned
        ),
        .init(
            "env value pinned, another value",
            #"{"User":"1000","Env":["URL=http://evil.example/cb"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envPinned
        ),
        .init(
            "env value pinned, the name alone",
            #"{"User":"1000","Env":["URL"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envPinned
        ),
        .init(
            "env value pinned, a prefix of the value",
            #"{"User":"1000","Env":["URL=http://127.0.0.1:3000/cb/x"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envPinned
        ),
        .init(
            "env not allowlisted",
            #"{"User":"1000","Env":["PATH=/tmp"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envLists
        ),
        .init(
            "env denylist wins over allowlist",
            #"{"User":"1000","Env":["APP_SECRET_KEY=x"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envLists
        ),
        .init(
            "env allow glob",
            #"{"User":"1000","Env":["APP_MODE=debug"],"Cmd":["/bin/echo","hello"]}"#,
            nil,
            envLists
        ),
        .init(
            "env denied only",
            #"{"User":"1000","Env":["LD_PRELOAD=/tmp/x.so"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envDenyOnly
        ),
        .init(
            "env other names pass a deny-only list",
            #"{"User":"1000","Env":["FOO=1"],"Cmd":["/bin/echo","hello"]}"#,
            nil,
            envDenyOnly
        ),
        .init("env with no lists", #"{"User":"1000","Env":["LD_PRELOAD=x"],"Cmd":["/bin/echo","hello"]}"#, nil),
        .init(
            "env lowercase key",
            #"{"User":"1000","env":["LD_PRELOAD=x"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envDenyOnly
        ),
        .init(
            "env escaped name",
            #"{"User":"1000","Env":["LD_\u0050RELOAD=x"],"Cmd":["/bin/echo","hello"]}"#,
            .execEnv,
            envDenyOnly
        ),
        .init(
            "env value holding a denied name",
            #"{"User":"1000","Env":["X=LD_PRELOAD=1"],"Cmd":["/bin/echo","hello"]}"#,
            nil,
            envDenyOnly
        ),
        .init(
            "env not an array",
            #"{"User":"1000","Env":"A=1","Cmd":["/bin/echo","hello"]}"#,
            .requestBodyInvalidField
        ),
        .init(
            "env null element",
            #"{"User":"1000","Env":[null],"Cmd":["/bin/echo","hello"]}"#,
            .requestBodyInvalidField
        ),
        // Malformed bodies.
        .init("not an object", #"["/bin/echo","hello"]"#, .requestBodyInvalid),
        .init("null body", "null", .requestBodyInvalid),
        .init("empty body", "", .requestBodyInvalid),
        .init("trailing data", dockerExec + #"{"Cmd":["/bin/sh"]}"#, .requestBodyInvalid),
        .init("truncated", #"{"User":"1000","Cmd":["/bin/echo""#, .requestBodyInvalid),
    ]

    static func decide(_ body: String, _ options: Options) -> Decision {
        inspect(body, path: "/containers/web/exec", registry: InspectorRegistry(exec: options))
    }

    @Test("allows or denies each exec create body with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        expectDecision(Self.decide(testCase.body, testCase.options), testCase.expected)
    }

    @Test("the table has at least 60 bodies")
    func tableSize() {
        #expect(Self.cases.count >= 60)
    }

    @Test("a refused command is named in the message the docker CLI prints")
    func messages() {
        let decision = Self.decide(#"{"User":"1000","Cmd":["/bin/sh","-c","id"]}"#, Self.standard)
        #expect(
            decision
                == .deny(
                    Denial(
                        reasonCode: .execCommand,
                        message: "sockguard: exec command [\"/bin/sh\", \"-c\", \"id\"] is not allowlisted "
                            + "(request_body.exec.allowed_commands)"
                    )
                )
        )
    }

    struct InstanceCase: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }
    }

    /// `GET /exec/{id}/json` answers, as dockerd 20.10 writes them (trimmed).
    static func instance(entrypoint: String, arguments: [String], privileged: Bool = false, user: String) -> String {
        let args = arguments.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"CanRemove":false,"ContainerID":"c0ffee","DetachKeys":"","ExitCode":null,"ID":"e1","#
            + #""OpenStderr":true,"OpenStdin":false,"OpenStdout":true,"ProcessConfig":{"arguments":[\#(args)],"#
            + #""entrypoint":"\#(entrypoint)","privileged":\#(privileged),"tty":false,"user":"\#(user)"},"#
            + #""Running":false,"Pid":0}"#
    }

    static let instanceCases: [InstanceCase] = [
        .init(
            name: "allowlisted",
            json: instance(entrypoint: "/bin/echo", arguments: ["hello"], user: "1000"),
            expected: nil
        ),
        .init(
            name: "other command",
            json: instance(entrypoint: "/bin/sh", arguments: [], user: "1000"),
            expected: .execCommand
        ),
        .init(
            name: "created as root",
            json: instance(entrypoint: "/bin/echo", arguments: ["hello"], user: ""),
            expected: .execRootUser
        ),
        .init(
            name: "created privileged",
            json: instance(entrypoint: "/bin/echo", arguments: ["hello"], privileged: true, user: "1000"),
            expected: .execPrivileged
        ),
        .init(
            name: "no arguments key",
            json: #"{"ProcessConfig":{"entrypoint":"/usr/local/bin/healthcheck","user":"1000"}}"#,
            expected: nil
        ),
        .init(name: "no ProcessConfig", json: #"{"ID":"e1"}"#, expected: .execInstanceUnreadable),
        .init(name: "not an object", json: "[]", expected: .execInstanceUnreadable),
        .init(
            name: "arguments not strings",
            json: #"{"ProcessConfig":{"entrypoint":"/bin/echo","arguments":[1],"user":"1000"}}"#,
            expected: .requestBodyInvalidField
        ),
    ]

    @Test("exec start is decided on the instance dockerd reports", arguments: instanceCases)
    func instances(_ testCase: InstanceCase) throws {
        let body = try JSONBody(parsing: Array(testCase.json.utf8))
        let decision = ExecInspector(options: Self.standard).inspectInstance(body)
        expectDecision(decision, testCase.expected)
    }

    @Test("the registry inspects exec create bodies and exec start instances, nothing else")
    func routes() {
        let registry = InspectorRegistry(exec: Self.standard)
        #expect(registry.inspector(method: "POST", path: "/containers/web/exec") is ExecInspector)
        #expect(registry.bodyLimit(method: "POST", path: "/containers/web/exec") == 64 << 10)
        guard case .execInstance(let id, _)? = registry.inspection(method: "POST", path: "/exec/e1/start") else {
            Issue.record("exec start is not looked up")
            return
        }
        #expect(id == "e1")
        #expect(registry.bodyLimit(method: "POST", path: "/exec/e1/start") == 64 << 10)
        #expect(registry.inspection(method: "POST", path: "/exec/e1/resize") == nil)
        #expect(registry.inspection(method: "GET", path: "/exec/e1/json") == nil)
        #expect(registry.inspection(method: "POST", path: "/containers/exec") == nil)
        #expect(registry.inspection(method: "POST", path: "/containers/a/b/exec") == nil)
        #expect(registry.inspection(method: "POST", path: "/exec//start") == nil)
    }

    struct PatternCase: Sendable {
        let pattern: String
        let argument: String
        let matches: Bool
    }

    @Test(
        "argument patterns: star stays inside a path segment, double star does not",
        arguments: [
            PatternCase(pattern: "a", argument: "a", matches: true),
            PatternCase(pattern: "a", argument: "A", matches: false),
            PatternCase(pattern: "", argument: "", matches: true),
            PatternCase(pattern: "", argument: "x", matches: false),
            PatternCase(pattern: "*", argument: "", matches: true),
            PatternCase(pattern: "*", argument: "anything", matches: true),
            PatternCase(pattern: "*", argument: "a/b", matches: false),
            PatternCase(pattern: "**", argument: "a/b", matches: true),
            PatternCase(pattern: "/usr/bin/*", argument: "/usr/bin/env", matches: true),
            PatternCase(pattern: "/usr/bin/*", argument: "/usr/bin/x/y", matches: false),
            PatternCase(pattern: "--id=*", argument: "--id=42", matches: true),
            PatternCase(pattern: "*.log", argument: "app.log", matches: true),
            PatternCase(pattern: "*.log", argument: "app.log.gz", matches: false),
            PatternCase(pattern: "a*b*c", argument: "axxbyyc", matches: true),
            PatternCase(pattern: "a*b*c", argument: "axxbyy", matches: false),
            PatternCase(pattern: "**/x", argument: "a/b/x", matches: true),
            PatternCase(pattern: "é*", argument: "été", matches: true),
            PatternCase(
                pattern: String(repeating: "*a", count: 30),
                argument: String(repeating: "a", count: 29) + "b",
                matches: false
            ),
        ]
    )
    func argumentPatterns(_ testCase: PatternCase) {
        #expect(ArgumentPattern(testCase.pattern).matches(testCase.argument) == testCase.matches)
    }
}
