import Testing

@testable import SockguardPolicy

@Suite struct EngineCatalogTests {
    @Test func holdsEveryEndpointOfBothSpecsOnce() {
        let keys = EngineCatalog.endpoints.map { $0.method + " " + $0.template }
        #expect(keys.count == 108 + EngineCatalog.libpodData.count)
        #expect(EngineCatalog.libpodData.count == 51)
        #expect(Set(keys).count == keys.count)
        // Endpoints of the newest spec that v1.41 lacks are there, marked with the version that added them.
        let attestations = EngineCatalog.endpoints.first { $0.template == "/images/{name}/attestations" }
        #expect(attestations?.since == "1.56")
        #expect(EngineCatalog.endpoints.first { $0.operation == "ContainerCreate" }?.since == "1.41")
    }

    /// The endpoint model knows every endpoint of the API: none of the catalog's sample requests parses as unknown,
    /// and each keeps its method's meaning (`POST /networks/prune` is the prune, not network `prune`).
    @Test func everySampleRequestIsAKnownEndpoint() throws {
        for endpoint in EngineCatalog.endpoints {
            let target = try PathCanonicalizer.canonicalize(endpoint.sampleTarget).get()
            let parsed = DockerEndpoint(method: endpoint.method, canonicalPath: target.path)
            #expect(parsed.isKnown, "\(endpoint.method) \(endpoint.template) parses as unknown")
            let fixed = endpoint.template.split(separator: "/").dropFirst().first { !$0.hasPrefix("{") }
            if let action = fixed, endpoint.template.hasSuffix(String(action)), endpoint.template.contains("{") {
                #expect(parsed.action == String(action), "\(endpoint.method) \(endpoint.template): \(parsed)")
            }
        }
    }

    @Test(arguments: [
        ("POST", "/containers/{id}/exec", RiskClass.hostRoot),
        ("POST", "/build", .hostRoot),
        ("POST", "/swarm/join", .hostRoot),
        ("GET", "/containers/{id}/logs", .secret),
        ("GET", "/swarm/unlockkey", .secret),
        ("POST", "/images/{name}/push", .secret),
        ("POST", "/containers/{id}/stop", .disruption),
        ("DELETE", "/volumes/{name}", .disruption),
        ("POST", "/containers/create", .disruption),
        ("GET", "/containers/json", .readOnly),
        ("POST", "/containers/{id}/wait", .readOnly),
        ("HEAD", "/_ping", .readOnly),
        ("POST", "/libpod/containers/{name}/exec", .hostRoot),
        ("POST", "/libpod/play/kube", .hostRoot),
        ("GET", "/libpod/containers/{name}/json", .secret),
        ("POST", "/libpod/pods/create", .disruption),
        ("GET", "/libpod/pods/json", .readOnly),
    ])
    func classifiesEndpoints(method: String, template: String, risk: RiskClass) {
        #expect(RiskClass.of(method: method, template: template) == risk)
    }

    @Test func ordersClassesWidestFirst() {
        #expect(RiskClass.hostRoot < .secret && RiskClass.secret < .disruption && RiskClass.disruption < .readOnly)
        #expect([RiskClass.readOnly, .hostRoot, .disruption].min() == .hostRoot)
    }

    /// Behind a rule that allows everything, the default inspectors refuse every dangerous variant for what it
    /// adds (never as a malformed body), and admit the harmless request: the probes exercise the checks they name.
    @Test func defaultInspectorsRefuseEveryDangerousVariant() throws {
        let allowAll = RuleSet([DeciderFixture.rule("*", "/**", .allow, "all")])
        let client = DeciderClient(
            policy: ClientPolicy(profile: nil, ruleSet: allowAll, inspectors: InspectorRegistry())
        )
        var variants = 0
        for endpoint in EngineCatalog.endpoints {
            let probes = RiskProbe.probes(for: endpoint)
            #expect(probes[0].name.isEmpty && probes[0].risk == endpoint.risk)
            for probe in probes {
                var decider = RequestDecider(settings: DeciderSettings(), client: client)
                let (step, stage) = Self.judge(&decider, endpoint.method, probe)
                let code = decider.verdict.reasonCode
                if probe.name.isEmpty {
                    #expect(code != .requestBodyInvalid, "\(endpoint.template): the harmless body is malformed")
                    continue
                }
                variants += 1
                #expect(probe.risk == .hostRoot)
                #expect(step.refusal != nil, "\(endpoint.template) \(probe.name) got through")
                #expect([.body, .requestLine].contains(stage), "\(endpoint.template) \(probe.name): \(stage)")
                #expect(code != .requestBodyInvalid, "\(endpoint.template) \(probe.name) is malformed")
            }
        }
        #expect(variants == 17 + 9)
    }

    static func judge(
        _ decider: inout RequestDecider,
        _ method: String,
        _ probe: RiskProbe
    ) -> (DeciderStep, Verdict.Stage) {
        let head = RequestHead(
            method: method,
            uri: probe.target,
            contentLength: probe.body?.count,
            hasBody: probe.body != nil
        )
        var step = decider.start(head)
        if case .admit = step { step = decider.admissionAnswered(.admitted) }
        if case .readBody = step { step = (probe.body ?? []).withUnsafeBytes { decider.bodyReceived($0) } }
        return (step, decider.verdict.stage)
    }
}
