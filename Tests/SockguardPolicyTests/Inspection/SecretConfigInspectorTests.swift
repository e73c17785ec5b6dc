import SockguardPolicy
import Testing

@Suite struct SecretConfigInspectorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let allowCustomDrivers: Bool
        let allowTemplateDrivers: Bool
        /// nil: allowed. The config code is the secret code with `secret` replaced.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(_ name: String, _ body: String, _ expected: ReasonCode?, drivers: Bool = false, templates: Bool = false) {
            self.name = name
            self.body = body
            self.allowCustomDrivers = drivers
            self.allowTemplateDrivers = templates
            self.expected = expected
        }
    }

    /// `docker secret create s -` with `hunter2`.
    static let dockerSecretCreate = #"{"Name":"s","Labels":{},"Data":"aHVudGVyMgo=","Driver":null,"Templating":null}"#

    static let cases: [Case] = [
        .init("docker secret create", dockerSecretCreate, nil),
        .init("empty object", "{}", nil),
        .init("driver", #"{"Name":"s","Driver":{"Name":"vault","Options":{"path":"x"}}}"#, .secretCustomDriver),
        .init("driver allowed", #"{"Driver":{"Name":"vault"}}"#, nil, drivers: true),
        .init("driver blank name", #"{"Driver":{"Name":" "}}"#, nil),
        .init("driver empty object", #"{"Driver":{}}"#, nil),
        .init("driver lower keys", #"{"driver":{"name":"vault"}}"#, .secretCustomDriver),
        .init("driver escaped key", #"{"Dr\u0069ver":{"Name":"vault"}}"#, .secretCustomDriver),
        .init("driver a string", #"{"Driver":"vault"}"#, .requestBodyInvalidField),
        .init("driver name a number", #"{"Driver":{"Name":1}}"#, .requestBodyInvalidField),
        .init("template driver", #"{"Templating":{"Name":"golang"}}"#, .secretTemplateDriver),
        .init("template driver allowed", #"{"Templating":{"Name":"golang"}}"#, nil, templates: true),
        .init(
            "template allowed, driver not",
            #"{"Driver":{"Name":"v"},"Templating":{"Name":"golang"}}"#,
            .secretCustomDriver,
            templates: true
        ),
        .init("templating null", #"{"Templating":null}"#, nil),
        .init("duplicate templating", #"{"Templating":null,"templating":{"Name":"golang"}}"#, .requestBodyInvalid),
        .init("not an object", "[]", .requestBodyInvalid),
        .init("trailing data", "{} []", .requestBodyInvalid),
    ]

    static func configCode(_ code: ReasonCode?) -> ReasonCode? {
        switch code {
        case .secretCustomDriver?: .configCustomDriver
        case .secretTemplateDriver?: .configTemplateDriver
        default: code
        }
    }

    @Test("secrets: allows or denies each body with the expected reason", arguments: cases)
    func secrets(_ testCase: Case) {
        var options = SecretInspector.Options()
        options.allowCustomDrivers = testCase.allowCustomDrivers
        options.allowTemplateDrivers = testCase.allowTemplateDrivers
        expectDecision(
            inspectDirectly(SecretInspector(options: options), testCase.body, path: "/secrets/create"),
            testCase.expected
        )
    }

    @Test("configs: allows or denies each body with the expected reason", arguments: cases)
    func configs(_ testCase: Case) {
        var options = ConfigInspector.Options()
        options.allowCustomDrivers = testCase.allowCustomDrivers
        options.allowTemplateDrivers = testCase.allowTemplateDrivers
        expectDecision(
            inspectDirectly(ConfigInspector(options: options), testCase.body, path: "/configs/create"),
            Self.configCode(testCase.expected)
        )
    }

    @Test("denials never echo the secret data")
    func noData() {
        let body = #"{"Data":"aHVudGVyMgo=","Driver":{"Name":"vault"}}"#
        guard case .deny(let denial) = inspectDirectly(SecretInspector(), body, path: "/secrets/create") else {
            Issue.record("allowed")
            return
        }
        #expect(denial.message == "sockguard: secret driver \"vault\" is not allowed (Driver.Name)")
    }

    @Test("endpoints and defaults")
    func endpointsAndDefaults() {
        #expect(SecretInspector.isEndpoint(.of("POST", "/secrets/create")))
        #expect(!SecretInspector.isEndpoint(.of("POST", "/secrets/s1/update")))
        #expect(ConfigInspector.isEndpoint(.of("POST", "/configs/create")))
        #expect(!ConfigInspector.isEndpoint(.of("POST", "/secrets/create")))
        #expect(!SecretInspector.Options().allowCustomDrivers && !SecretInspector.Options().allowTemplateDrivers)
        #expect(!ConfigInspector.Options().allowCustomDrivers && !ConfigInspector.Options().allowTemplateDrivers)
    }
}
