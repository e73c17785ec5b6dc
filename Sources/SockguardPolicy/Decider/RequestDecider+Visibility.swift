/// Visibility before forwarding (`VisibilityCheck`): label selectors added to list filters, and the check of an
/// object whose read does not answer with the object itself.
extension RequestDecider {
    /// Adds the label selectors to a list's or `/events`' filters, and notes the object a read must clear. Returns
    /// a refusal when the client's filters cannot be added to.
    mutating func planVisibility() -> DeciderStep? {
        let visibility = client.policy.redactor.options
        guard visibility.hidesResources else { return nil }
        if !visibility.visibleResourceLabels.isEmpty,
            let key = VisibilityCheck.labelFilterKey(method: head.method, endpoint: endpoint)
        {
            do {
                let selectors = visibility.visibleResourceLabels.map(\.description)
                target = target.replacingQuery(try FiltersQuery.adding(selectors, under: key, to: target.query))
            } catch {
                let denial = Denial(
                    status: 400,
                    reasonCode: .visibilityFilterInvalid,
                    message: "sockguard: \(error.message)"
                )
                return refuse(denial, at: .visibility, path: target.path)
            }
        }
        visibilityCheck = VisibilityCheck.check(method: head.method, endpoint: endpoint, visibility: visibility)
        return nil
    }

    /// The daemon answered about the object the request reads.
    mutating func visibilityAnswered(_ check: VisibilityCheck, status: Int, body: [UInt8]) -> DeciderStep {
        pendingLookup = nil
        switch VisibilityCheck.answer(
            status: status,
            body: body,
            check: check,
            visibility: client.policy.redactor.options
        ) {
        case .visible:
            // A read's body is empty: ownership's checks need nothing of it.
            return inspected(
                .allow(MatchedRule(index: nil, reason: "")),
                body: UnsafeRawBufferPointer(start: nil, count: 0)
            )
        case .follow(let next):
            pendingLookup = .visibility(next)
            return .lookup(path: next.lookupPath)
        case .hidden:
            return held(VisibilityCheck.hidden, at: .visibility)
        case .failed(let why):
            return held(Self.visibilityLookupFailed(why), at: .visibility)
        }
    }

    static func visibilityLookupFailed(_ why: String) -> Denial {
        Denial(status: 502, reasonCode: .visibilityPolicyLookupFailed, message: "sockguard: \(why)")
    }
}
