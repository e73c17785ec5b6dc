import SockguardPolicy
import Testing

@Suite struct NodeInspectorTests {
    typealias Options = NodeInspector.Options

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

    /// `docker node update --label-add zone=a n1`: the whole spec, with the current role and availability.
    static let dockerNodeLabelAdd = #"{"Labels":{"zone":"a"},"Role":"worker","Availability":"active"}"#

    static let base = Options()
    static let everything = changing(base) {
        $0.allowRoleChange = true
        $0.allowAvailabilityChange = true
        $0.allowNameChange = true
        $0.allowLabelMutation = true
    }
    static let zoneKey = changing(base) { $0.allowedLabelKeys = [" zone "] }

    static let cases: [Case] = [
        .init("empty object", "{}", nil),
        .init("docker node update --label-add", dockerNodeLabelAdd, .nodeRoleChange),
        .init("docker node update, all allowed", dockerNodeLabelAdd, nil, everything),
        .init("promote", #"{"Role":"manager"}"#, .nodeRoleChange),
        .init("demote", #"{"Role":"worker"}"#, .nodeRoleChange),
        .init("blank role", #"{"Role":"  "}"#, nil),
        .init("null role", #"{"Role":null}"#, nil),
        .init("role lower key", #"{"role":"manager"}"#, .nodeRoleChange),
        .init("role escaped key", #"{"R\u006fle":"manager"}"#, .nodeRoleChange),
        .init("role case-variant duplicate", #"{"Role":"","ROLE":"manager"}"#, .requestBodyInvalid),
        .init("role a number", #"{"Role":1}"#, .requestBodyInvalidField),
        .init("role allowed", #"{"Role":"manager"}"#, nil, changing(base) { $0.allowRoleChange = true }),
        .init("drain", #"{"Availability":"drain"}"#, .nodeAvailabilityChange),
        .init(
            "availability allowed",
            #"{"Availability":"pause"}"#,
            nil,
            changing(base) { $0.allowAvailabilityChange = true }
        ),
        .init("rename", #"{"Name":"n2"}"#, .nodeNameChange),
        .init("rename allowed", #"{"Name":"n2"}"#, nil, changing(base) { $0.allowNameChange = true }),
        .init("labels", #"{"Labels":{"zone":"a"}}"#, .nodeLabelMutation),
        .init("labels null clears", #"{"Labels":null}"#, .nodeLabelMutation),
        .init("labels empty clears", #"{"Labels":{}}"#, .nodeLabelMutation),
        .init("labels allowed", #"{"Labels":{}}"#, nil, changing(base) { $0.allowLabelMutation = true }),
        .init("allowed key", #"{"Labels":{"zone":"a"}}"#, nil, zoneKey),
        .init("allowed key and another", #"{"Labels":{"zone":"a","gpu":"1"}}"#, .nodeLabelMutation, zoneKey),
        .init("key case differs", #"{"Labels":{"Zone":"a"}}"#, .nodeLabelMutation, zoneKey),
        .init("owner label", #"{"Labels":{"com.sockguard.owner":"team-a"}}"#, nil),
        .init("blank owner label", #"{"Labels":{"com.sockguard.owner":""}}"#, .nodeLabelMutation),
        .init("duplicate label key", #"{"Labels":{"zone":"a","zone":"b"}}"#, .requestBodyInvalid, zoneKey),
        .init("label value a number", #"{"Labels":{"zone":1}}"#, .requestBodyInvalidField, zoneKey),
        .init("labels an array", #"{"Labels":["zone=a"]}"#, .requestBodyInvalidField, everything),
        .init("not an object", #"["Role"]"#, .requestBodyInvalid),
        .init("trailing data", #"{}{"Role":"manager"}"#, .requestBodyInvalid),
    ]

    @Test("allows or denies each node update with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        expectDecision(
            inspectDirectly(NodeInspector(options: testCase.options), testCase.body, path: "/nodes/n1/update"),
            testCase.expected
        )
    }

    @Test(
        "recognises only /nodes/{id}/update",
        arguments: [
            ("/nodes/n1/update", true), ("/nodes//update", false), ("/nodes/n1", false), ("/nodes/n1/update/x", false),
            ("/services/n1/update", false),
        ]
    )
    func endpoints(_ path: String, _ expected: Bool) {
        #expect(NodeInspector.isEndpoint(.of("POST", path)) == expected)
    }

    @Test("every switch defaults to the safe value")
    func defaults() {
        let options = Options()
        #expect(!options.allowNameChange && !options.allowRoleChange && !options.allowAvailabilityChange)
        #expect(!options.allowLabelMutation && options.allowedLabelKeys.isEmpty)
    }
}
