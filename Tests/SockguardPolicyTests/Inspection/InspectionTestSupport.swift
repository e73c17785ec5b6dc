import SockguardPolicy
import Testing

/// What the proxy does with a body: parse it, then run the registry's inspector for the endpoint; a parse
/// failure is `JSONBodyError.denial`.
func inspect(_ body: String, path: String, registry: InspectorRegistry) -> Decision {
    guard let inspector = registry.inspector(method: "POST", path: path) else {
        return .deny(Denial(reasonCode: .noMatchingAllowRule, message: "no inspector"))
    }
    let request = InspectedRequest(method: "POST", path: path)
    switch Result(catching: { () throws(JSONBodyError) in try JSONBody(parsing: Array(body.utf8)) }) {
    case .success(let parsed): return inspector.inspect(request, body: parsed)
    case .failure(let error): return .deny(error.denial)
    }
}

/// Checks a decision against a table row: nil expects an allow; a reason code expects that denial, with a
/// message the docker CLI prints, and 400 for `badRequestCode`, 403 otherwise.
func expectDecision(
    _ decision: Decision,
    _ expected: ReasonCode?,
    badRequestCode: ReasonCode = .requestBodyInvalid,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch (decision, expected) {
    case (.allow, nil):
        break
    case (.allow, let expected?):
        Issue.record("allowed, expected \(expected.rawValue)", sourceLocation: sourceLocation)
    case (.deny(let denial), nil):
        Issue.record("denied: \(denial.reasonCode.rawValue) \(denial.message)", sourceLocation: sourceLocation)
    case (.deny(let denial), let expected?):
        #expect(denial.reasonCode == expected, "\(denial.message)", sourceLocation: sourceLocation)
        #expect(denial.message.hasPrefix("sockguard: "), sourceLocation: sourceLocation)
        #expect(denial.status == (expected == badRequestCode ? 400 : 403), sourceLocation: sourceLocation)
    }
}
