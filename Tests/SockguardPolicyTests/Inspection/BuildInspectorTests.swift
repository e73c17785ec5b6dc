import Testing

@testable import SockguardPolicy

@Suite struct BuildInspectorTests {
    private static func options(_ configure: (inout BuildInspector.Options) -> Void) -> BuildInspector.Options {
        var options = BuildInspector.Options()
        configure(&options)
        return options
    }

    private static let allowRun = options { $0.allowRunInstructions = true }

    private func build(
        _ archive: [UInt8],
        query: String? = nil,
        options: BuildInspector.Options = .init(),
        inflatedLimit: Int = BuildInspector.inflatedLimit
    ) -> Decision {
        BuildInspector(options: options, inflatedLimit: inflatedLimit)
            .inspect(InspectedRequest(method: "POST", path: "/build", query: query), archive: archive)
    }

    @Test("the defaults are the safe ones")
    func defaults() {
        let options = BuildInspector.Options()
        #expect(!options.allowRemoteContext && !options.allowHostNetwork)
        #expect(!options.allowRunInstructions)
        #expect(BuildInspector().inspectsBody)
        #expect(BuildInspector.bodyLimit == 512 << 20 && BuildInspector.dockerfileLimit == 1 << 20)
    }

    static let requestLines: [(String?, ReasonCode?)] = [
        (nil, nil),
        ("t=app%3A1&q=1&pull=1&nocache=1&networkmode=bridge", nil),
        ("networkmode=host", .buildHostNetwork),
        ("networkmode=HOST", .buildHostNetwork),
        ("networkmode=%20host%20", .buildHostNetwork),
        ("networkmode=container%3Aabc123", .buildHostNetwork),
        ("networkmode=none", nil),
        ("networkmode=bridge&networkmode=host", .buildInvalidQuery),
        ("remote=https%3A%2F%2Fgithub.com%2Facme%2Fapp.git", .buildRemoteContext),
        ("remote=client-session", .buildRemoteContext),
        ("remote=", nil),
        ("buildargs=%7B%22BUILDKIT_SYNTAX%22%3A%22evil%2Ffrontend%22%7D", .buildCustomFrontend),
        ("buildargs=%7B%22BUILDKIT_SYNTAX%22%3Anull%7D", nil),
        ("buildargs=%7B%22buildkit_syntax%22%3A%22x%22%2C%22HTTP_PROXY%22%3A%22p%22%7D", nil),
        ("buildargs=not-json", .buildInvalidQuery),
        ("dockerfile=a%ZZ", .buildInvalidQuery),
        ("dockerfile=a&dockerfile=b", .buildInvalidQuery),
    ]

    @Test("decides host network, remote contexts and frontends on the request line", arguments: requestLines)
    func requestLine(_ query: String?, _ expected: ReasonCode?) {
        let decision = BuildInspector().inspectRequestLine(
            InspectedRequest(method: "POST", path: "/build", query: query)
        )
        guard let expected else {
            #expect(decision == nil, "\(String(describing: query))")
            return
        }
        expectDecision(
            decision ?? .allow(MatchedRule(index: nil, reason: "")),
            expected,
            badRequestCode: .buildInvalidQuery
        )
    }

    @Test("switches permit what they name, and a remote context only when nothing needs inspecting")
    func requestLineSwitches() {
        let line = { (query: String, options: BuildInspector.Options) in
            BuildInspector(options: options).inspectRequestLine(
                InspectedRequest(method: "POST", path: "/build", query: query)
            )
        }
        #expect(line("networkmode=host", Self.options { $0.allowHostNetwork = true }) == nil)
        let remoteOnly = line("remote=https%3A%2F%2Fx", Self.options { $0.allowRemoteContext = true })
        expectDecision(remoteOnly ?? .allow(MatchedRule(index: nil, reason: "")), .buildRemoteContext)
        var everything = Self.allowRun
        everything.allowRemoteContext = true
        expectDecision(
            line("remote=https%3A%2F%2Fx", everything) ?? .deny(Denial(reasonCode: .malformedRequest, message: "")),
            nil
        )
        expectDecision(
            line("", Self.allowRun) ?? .deny(Denial(reasonCode: .malformedRequest, message: "")),
            nil
        )
        #expect(!BuildInspector(options: Self.allowRun).inspectsBody)
        expectDecision(build([], query: "networkmode=host"), .buildHostNetwork)
    }

    static let copyOnly = "FROM alpine\nCOPY . /app\nLABEL a=b\nCMD [\"/app/run\"]\n"
    static let withRun = "FROM alpine\nCOPY . /app\nRUN make\n"

    static let contexts: [(String, String?, [(String, String)], ReasonCode?)] = [
        ("COPY only", nil, [("Dockerfile", copyOnly), ("src/main.c", "int main;")], nil),
        ("RUN", nil, [("Dockerfile", withRun)], .buildRunInstruction),
        ("ONBUILD RUN", nil, [("Dockerfile", "FROM alpine\nONBUILD RUN make\n")], .buildRunInstruction),
        ("lower-case run", nil, [("Dockerfile", "from alpine\nrun make\n")], .buildRunInstruction),
        ("./Dockerfile is Dockerfile", nil, [("./Dockerfile", withRun)], .buildRunInstruction),
        ("/Dockerfile is Dockerfile", nil, [("/Dockerfile", withRun)], .buildRunInstruction),
        (
            "other Dockerfile named", "dockerfile=build%2FDockerfile.prod",
            [("Dockerfile", copyOnly), ("build/Dockerfile.prod", withRun)], .buildRunInstruction
        ),
        (
            "named Dockerfile clean, default one ignored", "dockerfile=build%2FDockerfile.prod",
            [("Dockerfile", withRun), ("build/Dockerfile.prod", copyOnly)], nil
        ),
        (
            "named path cleaned", "dockerfile=.%2Fbuild%2F%2Fx%2F..%2FDockerfile.prod",
            [("build/Dockerfile.prod", withRun)], .buildRunInstruction
        ),
        (
            "absolute named path is inside the context", "dockerfile=%2Fci%2FDockerfile",
            [("ci/Dockerfile", withRun)], .buildRunInstruction
        ),
        ("missing Dockerfile", nil, [("README", "x")], .buildDockerfileUninspectable),
        (
            "named Dockerfile missing", "dockerfile=Dockerfile.dev", [("Dockerfile", copyOnly)],
            .buildDockerfileUninspectable
        ),
        ("lower-case fallback", nil, [("dockerfile", withRun)], .buildRunInstruction),
        (
            "lower-case fallback for an explicit Dockerfile", "dockerfile=Dockerfile", [("dockerfile", withRun)],
            .buildRunInstruction
        ),
        (
            "no fallback for other names", "dockerfile=Containerfile", [("containerfile", copyOnly)],
            .buildDockerfileUninspectable
        ),
        ("Dockerfile wins over dockerfile", nil, [("dockerfile", withRun), ("Dockerfile", copyOnly)], nil),
        (
            "the last entry of a name wins", nil, [("Dockerfile", copyOnly), ("Dockerfile", withRun)],
            .buildRunInstruction
        ),
        ("an earlier RUN entry is replaced", nil, [("Dockerfile", withRun), ("Dockerfile", copyOnly)], nil),
        (
            "a name leaving the context", "dockerfile=..%2FDockerfile", [("Dockerfile", copyOnly)],
            .buildDockerfileUninspectable
        ),
        (
            "a name with spaces is not trimmed", "dockerfile=%20Dockerfile",
            [("Dockerfile", copyOnly), (" Dockerfile", withRun)], .buildRunInstruction
        ),
        ("syntax directive", nil, [("Dockerfile", "# syntax=evil/frontend\n" + copyOnly)], .buildCustomFrontend),
        ("invalid escape directive", nil, [("Dockerfile", "# escape=x\n" + copyOnly)], .buildDockerfileUninspectable),
        ("empty Dockerfile", nil, [("Dockerfile", "")], nil),
        (
            "a name that only Swift's Character splitting would clean to Dockerfile", nil,
            [("Dockerfile", withRun), ("x/\u{301}/../Dockerfile", copyOnly)], .buildRunInstruction
        ),
        (
            "names are compared as bytes, not canonically", "dockerfile=K",
            [("K", withRun), ("\u{212A}", copyOnly)], .buildRunInstruction
        ),
    ]

    @Test("reads the Dockerfile dockerd would read from the context", arguments: contexts)
    func context(_ name: String, _ query: String?, _ files: [(String, String)], _ expected: ReasonCode?) {
        let archive = TarWriter.archive(files)
        expectDecision(build(archive, query: query), expected)
        expectDecision(build(gzip(archive), query: query), expected)
    }

    @Test("allow_run_instructions permits RUN and custom frontends, as in the Go sockguard")
    func bodySwitches() {
        let frontend = TarWriter.archive([("Dockerfile", "# syntax=docker/dockerfile:1\n" + Self.copyOnly)])
        expectDecision(build(frontend), .buildCustomFrontend)
        expectDecision(build(frontend, options: Self.allowRun), nil)
        let both = TarWriter.archive([("Dockerfile", "# syntax=docker/dockerfile:1\n" + Self.withRun)])
        expectDecision(build(both, options: Self.allowRun), nil)
        expectDecision(build(Array("not even a tar".utf8), options: Self.allowRun), nil)
    }

    @Test("a Dockerfile hidden behind pax or GNU long names is still found")
    func extendedNames() {
        var pax = TarWriter()
        pax.pax([("path", "Dockerfile")])
        pax.file("innocent.txt", Self.withRun)
        pax.end()
        expectDecision(build(pax.bytes), .buildRunInstruction)

        let deep = String(repeating: "nested/", count: 20) + "Dockerfile"
        var gnu = TarWriter()
        gnu.gnuLong(deep)
        gnu.file("short", Self.withRun)
        gnu.end()
        expectDecision(build(gnu.bytes, query: "dockerfile=" + deep.replacingSlashes()), .buildRunInstruction)
    }

    @Test("a Dockerfile sockguard cannot read as a file is refused")
    func uninspectableDockerfiles() {
        var link = TarWriter()
        link.file("real", Self.withRun)
        link.symlink("Dockerfile", to: "real")
        link.end()
        expectDecision(build(link.bytes), .buildDockerfileUninspectable)

        var linkedDirectory = TarWriter()
        linkedDirectory.symlink("ci", to: "elsewhere")
        linkedDirectory.file("ci/Dockerfile", Self.copyOnly)
        linkedDirectory.file("elsewhere/Dockerfile", Self.withRun)
        linkedDirectory.end()
        expectDecision(build(linkedDirectory.bytes, query: "dockerfile=ci%2FDockerfile"), .buildDockerfileUninspectable)

        var directory = TarWriter()
        directory.directory("Dockerfile/")
        directory.end()
        expectDecision(build(directory.bytes), .buildDockerfileUninspectable)

        let large = TarWriter.archive([("Dockerfile", String(repeating: "# padding\n", count: 110_000))])
        expectDecision(build(large), .buildDockerfileUninspectable)
    }

    @Test("contexts that are not readable archives are refused")
    func unreadableContexts() {
        let archive = TarWriter.archive([("Dockerfile", Self.copyOnly)])
        expectDecision(build([]), .buildDockerfileUninspectable)
        expectDecision(build(Array(Self.withRun.utf8)), .requestBodyInvalid)
        expectDecision(build(Array(archive.prefix(600))), .requestBodyInvalid)
        expectDecision(build(Array(gzip(archive).dropLast(12))), .requestBodyInvalid)
        expectDecision(build(Array("BZh91AY&SY".utf8) + archive), .requestBodyUninspectable)
        expectDecision(build(gzipBomb(megabytes: 16), inflatedLimit: 8 << 20), .requestBodyUninspectable)

        var corrupt = TarWriter()
        corrupt.file("Dockerfile", Self.copyOnly)
        corrupt.header("tail", corruptChecksum: true)
        expectDecision(build(corrupt.bytes), .requestBodyInvalid)
    }
}

extension String {
    fileprivate func replacingSlashes() -> String {
        split(separator: "/", omittingEmptySubsequences: false).joined(separator: "%2F")
    }
}
