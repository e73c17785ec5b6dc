/// The decider with the default policy (`/_ping`, `/version`, `/events` readable, nothing else): whatever the
/// request line, a forward is one of those, and what is forwarded canonicalises to what was judged.
enum DeciderFuzz {
    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "get", "CONNECT"]
    /// Compared as bytes: String equality is Unicode canonical equivalence, dockerd's is bytes.
    static let allowed: Set<[UInt8]> = Set(
        ["GET /_ping", "HEAD /_ping", "GET /version", "GET /events"].map { Array($0.utf8) }
    )
    static let settings = DeciderSettings(healthPath: "/health")
    static let policy = ClientPolicy(
        profile: nil,
        ruleSet: RuleSet.defaults,
        inspectors: InspectorRegistry(),
        mode: .enforce
    )

    static func check(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let method = methods[Int(first) % methods.count]
        let uri = String(decoding: bytes.dropFirst(), as: UTF8.self)
        var decider = RequestDecider(settings: settings, client: DeciderClient(policy: policy))
        let step = decider.start(RequestHead(method: method, uri: uri, hasBody: first & 0x80 != 0))
        guard case .forward(let plan) = step else { return }
        guard allowed.contains(Array("\(method) \(plan.target.path)".utf8)) else {
            violated("only the default allows are forwarded", "\(method) \(uri) -> \(plan.target.path)")
        }
        switch PathCanonicalizer.canonicalize(plan.target.forwardTarget) {
        case .success(let forwarded) where forwarded.path.utf8.elementsEqual(plan.target.path.utf8): break
        default: violated("forwarded as judged", "\(method) \(uri) -> \(plan.target.forwardTarget)")
        }
    }
}
