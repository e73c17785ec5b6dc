/// After `.readBody`: the body's inspection, then ownership's checks; and the refusals of a body that cannot be
/// inspected.
extension RequestDecider {
    /// The whole body arrived (`body` is read in place: an archive can be hundreds of MiB).
    public mutating func bodyReceived(_ body: UnsafeRawBufferPointer) -> DeciderStep {
        if readingAdminBody { return adminBodyReceived(body) }
        let request = InspectedRequest(method: head.method, path: target.path, query: target.query, endpoint: endpoint)
        switch inspection {
        case nil:
            return inspected(.allow(MatchedRule(index: nil, reason: "")), body: body)
        case .json(let inspector, _)?:
            let decision: Decision
            do {
                let parsed = try JSONBody(parsing: Array(body))
                if settings.recordsBodyFeatures {
                    verdict.features = BodyFeatures.read(endpoint: endpoint, body: parsed)
                }
                decision = inspector.inspect(request, body: parsed)
            } catch {
                decision = .deny(error.denial)
            }
            return inspected(decision, body: body)
        case .archive(let inspector, _)?:
            return inspected(inspector.inspect(request, archive: body), body: body)
        case .execInstance(let id, let inspector)?:
            pendingLookup = .execInstance(inspector)
            return .lookup(path: "/exec/\(id)/json")
        }
    }

    /// A body larger than the step's limit: refused, and the connection closes after a bounded rest of it.
    public mutating func bodyTooLarge() -> DeciderStep {
        if readingAdminBody { return adminBodyTooLarge() }
        return bodyTooLarge(limit: inspection?.bodyLimit ?? DeciderSettings.ownershipBodyLimit)
    }

    mutating func bodyTooLarge(limit: Int) -> DeciderStep {
        refuseBody(status: 413, "request body larger than \(limit) bytes")
    }

    /// The body did not arrive within `seconds`: a slow sender does not hold the proxy.
    public mutating func bodyTimedOut(seconds: Int64) -> DeciderStep {
        refuseBody(status: 408, "request body not received within \(seconds) s")
    }

    private mutating func refuseBody(status: Int, _ reason: String) -> DeciderStep {
        let denial = Denial(status: status, reasonCode: .requestBodyRefused, message: "sockguard: \(reason)")
        return refuse(denial, at: .bodyLimit, path: nil, closing: true, reason: reason)
    }

    /// The body's inspector decided: go on with ownership, forward, or refuse.
    mutating func inspected(
        _ decision: Decision,
        body: UnsafeRawBufferPointer,
        stage: Verdict.Stage = .body
    ) -> DeciderStep {
        switch decision {
        case .deny(let denial):
            return held(denial, at: stage)
        case .allow:
            if let check = visibilityCheck {
                visibilityCheck = nil
                pendingLookup = .visibility(check)
                return .lookup(path: check.lookupPath)
            }
            guard let plan = ownershipPlan, let ownership = settings.ownership else { return forward() }
            remainingOwnerChecks = plan.checks
            if plan.stampsBody || plan.checksBodyReferences {
                let prepared = ownership.prepareCreate(
                    Array(body),
                    stamp: plan.stampsBody,
                    references: plan.checksBodyReferences
                )
                switch prepared {
                case .deny(let denial):
                    return held(denial, at: .ownership)
                case .proceed(let create):
                    remainingOwnerChecks += create.checks
                    if plan.stampsBody { replacementBody = create.body }
                }
            }
            return nextOwnerCheck()
        }
    }

    /// A denial after the body was read: refused (the connection may go on, the whole body was read), or in warn
    /// and audit mode forwarded at once: owner checks that remain would refuse for the same reason, or pass.
    mutating func held(_ denial: Denial, at stage: Verdict.Stage) -> DeciderStep {
        pendingLookup = nil
        remainingOwnerChecks = []
        if proceedsDespite(denial, at: stage) { return forward() }
        verdict.ruleIndex = denial.ruleIndex
        return refuse(denial, at: stage, path: target.path, closing: false)
    }

    mutating func nextOwnerCheck() -> DeciderStep {
        guard !remainingOwnerChecks.isEmpty else {
            // Every object checked out.
            pendingLookup = nil
            return forward()
        }
        let check = remainingOwnerChecks.removeFirst()
        pendingLookup = .owner(check)
        return .lookup(path: check.lookupPath)
    }

    // MARK: The daemon's answers

    /// The daemon answered the step's `GET`.
    public mutating func lookupAnswered(status: Int, body: [UInt8]) -> DeciderStep {
        switch pendingLookup {
        case .execInstance(let inspector)?:
            let decision: Decision
            switch status {
            case 200:
                do {
                    decision = inspector.inspectInstance(try JSONBody(parsing: body))
                } catch {
                    decision = .deny(
                        Denial(
                            reasonCode: .execInstanceUnreadable,
                            message: "sockguard: the exec instance could not be read"
                        )
                    )
                }
            case 404:
                decision = .deny(
                    Denial(
                        status: 404,
                        reasonCode: .execInstanceUnreadable,
                        message: "sockguard: no such exec instance"
                    )
                )
            default:
                decision = .deny(
                    Denial(
                        status: 502,
                        reasonCode: .execInstanceUnreadable,
                        message: "sockguard: the Docker daemon answered \(status) about the exec instance"
                    )
                )
            }
            pendingLookup = nil
            // An exec start's body is not stamped: its owner checks need nothing of it.
            return inspected(decision, body: UnsafeRawBufferPointer(start: nil, count: 0), stage: .execInstance)
        case .owner(let check)?:
            guard let ownership = settings.ownership else { return nextOwnerCheck() }
            if let next = ownership.followUp(check, status: status, body: body) {
                // An exec instance: its container's owner decides.
                remainingOwnerChecks.insert(next, at: 0)
                return nextOwnerCheck()
            }
            switch ownership.judge(check, status: status, body: body) {
            case .allow: return nextOwnerCheck()
            case .deny(let denial): return held(denial, at: .ownerCheck)
            }
        case .visibility(let check)?:
            return visibilityAnswered(check, status: status, body: body)
        case nil:
            return held(Self.unexpectedLookup, at: .ownerCheck)
        }
    }

    /// The daemon could not be asked (connection refused, timeout, unreadable answer).
    public mutating func lookupFailed(_ error: String) -> DeciderStep {
        switch pendingLookup {
        case .execInstance?:
            let denial = Denial(
                status: 502,
                reasonCode: .execInstanceUnreadable,
                message: "sockguard: could not ask the Docker daemon about the exec instance: \(error)"
            )
            return held(denial, at: .execInstance)
        case .owner(let check)?:
            let denial = Denial(
                status: 502,
                reasonCode: .ownerLookupFailed,
                message: "sockguard: could not ask the Docker daemon who owns \(check.kind.rawValue) "
                    + "\(check.reference): \(error)"
            )
            return held(denial, at: .ownerCheck)
        case .visibility?:
            return held(
                Self.visibilityLookupFailed("could not ask the Docker daemon about the object: \(error)"),
                at: .visibility
            )
        case nil:
            return held(Self.unexpectedLookup, at: .ownerCheck)
        }
    }

    /// An answer nobody asked for: refused rather than taken for an allow.
    static let unexpectedLookup = Denial(
        status: 502,
        reasonCode: .ownerLookupFailed,
        message: "sockguard: an answer from the Docker daemon arrived for no question"
    )
}
