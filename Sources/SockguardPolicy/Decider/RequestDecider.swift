/// Decides one request, from its head to the plan it is forwarded with: the one place a request's fate is
/// decided, for `serve`, `sockguard match` and everything that reports on a policy.
///
/// A small state machine with no I/O. `start(_:)` reads the head and answers a `DeciderStep`: refuse, answer the
/// health check, forward, or read the body first. After `.readBody` the caller hands the whole body to
/// `bodyReceived(_:)`; after `.lookup` it hands the daemon's answer to `lookupAnswered(status:body:)` (or
/// `lookupFailed(_:)`); each answers the next step. `verdict` says what was concluded, for the access log.
///
/// The order of checks: client address, request-target, health, listener, rules, container labels, the request
/// line's inspection, ownership's plan, visibility's filters, framing, body size; then the body's inspection, the
/// daemon's account of an exec instance, whether the object read is visible, and the owners of the objects the
/// request touches. In warn and audit mode (`RolloutMode`) a
/// policy denial is recorded as `would_deny` and the checks go on as if it had allowed; pre-authentication gates,
/// body limits and malformed requests always refuse.
public struct RequestDecider: Sendable {
    public let settings: DeciderSettings
    public let client: DeciderClient
    /// What was concluded so far.
    public internal(set) var verdict = Verdict()

    var head = RequestHead(method: "", uri: "")
    var target = CanonicalRequestTarget(path: "/", apiVersion: nil, query: nil)
    var endpoint = DockerEndpoint(method: "", canonicalPath: "/")
    var inspection: InspectorRegistry.Inspection?
    /// What ownership still has to do once the body's inspection allowed the request.
    var ownershipPlan: OwnershipPolicy.Plan?
    var remainingOwnerChecks: [OwnerCheck] = []
    var replacementBody: [UInt8]?
    var pendingLookup: PendingLookup?
    /// The object visibility must clear before the request is forwarded.
    var visibilityCheck: VisibilityCheck?
    /// The body being read is a candidate configuration for `admin.path`.
    var readingAdminBody = false

    enum PendingLookup: Sendable {
        case execInstance(ExecInspector)
        case owner(OwnerCheck)
        case visibility(VisibilityCheck)
    }

    public init(settings: DeciderSettings, client: DeciderClient) {
        self.settings = settings
        self.client = client
    }

    /// The canonical target, once `start` read it.
    public var canonicalTarget: CanonicalRequestTarget? { verdict.canonicalPath == nil ? nil : target }

    // MARK: The head

    public mutating func start(_ head: RequestHead) -> DeciderStep {
        self.head = head
        // Before anything else, the health check included: this client may not talk to the proxy at all.
        guard client.addressAllowed else {
            let message = "sockguard: client address \(client.label) is not in clients.allowed_cidrs"
            return refuse(
                Denial(reasonCode: .clientNotAllowed, message: message),
                at: .clientAddress,
                path: head.uri,
                reason: "client address not in clients.allowed_cidrs"
            )
        }
        switch PathCanonicalizer.canonicalize(head.uri) {
        case .failure(let rejection):
            let denial = Denial(
                status: 400,
                reasonCode: .invalidPath,
                message: "invalid request path: \(rejection.message)"
            )
            return refuse(denial, at: .path, path: nil, closing: true, reason: rejection.message)
        case .success(let canonical):
            target = canonical
        }
        endpoint = DockerEndpoint(method: head.method, canonicalPath: target.path)
        verdict.canonicalPath = target.path
        verdict.route = endpoint.route
        if client.admin == .dedicated { return adminListenerStep() }
        if head.method == "GET" || head.method == "HEAD" {
            // The proxy's own endpoints: no policy decides them, so no decision and no reason code (as in Go).
            if let metricsPath = settings.metricsPath, target.path == metricsPath {
                verdict.outcome = .unjudged
                verdict.stage = .metrics
                verdict.reasonCode = nil
                return .answerMetrics
            }
            if let readinessPath = settings.readinessPath, target.path == readinessPath {
                verdict.outcome = .unjudged
                verdict.stage = .readiness
                verdict.reasonCode = nil
                return .answerReadiness
            }
            if let healthPath = settings.healthPath, target.path == healthPath {
                verdict.outcome = .unjudged
                verdict.stage = .health
                verdict.reasonCode = nil
                return .answerHealth
            }
        }
        let policy = client.policy
        verdict.profile = policy.profile
        if let allowed = client.listenerProfiles, !(policy.profile.map(allowed.contains) ?? false) {
            let denial = Denial(
                reasonCode: .listenerProfileNotAllowed,
                message: "sockguard: profile \(policy.profile ?? "(none)") may not use this listener"
            )
            let reason = "listeners[].allowed_profiles does not list the client's profile"
            return refuse(denial, at: .listener, path: target.path, reason: reason)
        }
        if settings.globalMaxInflight != nil || policy.limits != nil {
            let cost = policy.limits?.rate?.cost(method: head.method, path: target.path) ?? 1
            return .admit(
                AdmissionRequest(
                    key: policy.profile ?? ProfileLimits.anonymous,
                    limits: policy.limits,
                    cost: cost,
                    mode: policy.mode,
                    path: target.path
                )
            )
        }
        return judgeByRules()
    }

    /// After `.admit`: a throttle is a 429 (in warn and audit, a would-be denial), otherwise the rules decide.
    public mutating func admissionAnswered(_ admission: Admission) -> DeciderStep {
        guard case .throttled(let reason, let retryAfter) = admission else { return judgeByRules() }
        let message =
            switch reason {
            case .rateLimitExceeded: "rate limit exceeded"
            case .concurrencyCap: "concurrency cap exceeded"
            default: "priority floor exceeded"
            }
        let denial = Denial(status: 429, reasonCode: reason, message: message)
        guard proceedsDespite(denial, at: .limits) else {
            var step = refuse(denial, at: .limits, path: target.path)
            if case .refuse(var refusal) = step {
                refusal.retryAfter = retryAfter
                step = .refuse(refusal)
            }
            return step
        }
        return judgeByRules()
    }

    /// The rules, then everything a rule's allow leads to.
    private mutating func judgeByRules() -> DeciderStep {
        if let admin = adminStep() { return admin }
        let policy = client.policy
        let rule: MatchedRule
        switch policy.ruleSet.evaluate(method: head.method, path: target.path) {
        case .deny(let denial):
            let reason = policy.reason(ofRule: denial.ruleIndex) ?? RuleSet.noMatchReason
            guard proceedsDespite(denial, at: .rules, reason: reason) else {
                return refuse(denial, at: .rules, path: target.path, reason: reason)
            }
            rule = MatchedRule(index: denial.ruleIndex, reason: reason)
        case .allow(let allowed):
            rule = allowed
        }
        verdict.ruleIndex = rule.index
        if let denial = containerLabelDenial(), !proceedsDespite(denial, at: .containerLabels) {
            return refuse(denial, at: .containerLabels, path: target.path)
        }
        if verdict.outcome != .wouldDeny {
            verdict.outcome = .allow
            verdict.stage = .rules
            verdict.reasonCode = .matchedAllowRule
            verdict.reason = rule.reason
        }
        return allowedByRules()
    }

    /// The rules allowed the request: the request line's inspection, ownership's plan, then the body or forwarding.
    private mutating func allowedByRules() -> DeciderStep {
        let inspectors = client.policy.inspectors
        let requestLine = InspectedRequest(
            method: head.method,
            path: target.path,
            query: target.query,
            registryAuth: head.registryAuth,
            registryConfig: head.registryConfig,
            endpoint: endpoint
        )
        var requestLineDecision = inspectors.inspectRequestLine(requestLine)
        if requestLineDecision != nil, head.isFormEncoded {
            // dockerd's ParseForm also reads a form-encoded body and lets it override the query: the request line
            // judged here would not be what dockerd acts on.
            requestLineDecision = .deny(
                Denial(
                    status: 400,
                    reasonCode: .requestBodyInvalid,
                    message: "sockguard: form-encoded bodies are not accepted on this endpoint"
                )
            )
        }
        if case .deny(let denial)? = requestLineDecision, !proceedsDespite(denial, at: .requestLine) {
            return refuse(denial, at: .requestLine, path: target.path)
        }
        if let ownership = settings.ownership {
            switch ownership.plan(method: head.method, endpoint: endpoint, query: target.query) {
            case .deny(let denial):
                // In warn or audit mode the request goes on unchanged: no owner filter, no owner checks.
                guard proceedsDespite(denial, at: .ownership) else {
                    return refuse(denial, at: .ownership, path: target.path)
                }
            case .proceed(let plan):
                if let query = plan.query { target = target.replacingQuery(query) }
                if plan.holdsRequest { ownershipPlan = plan }
            }
        }
        if let refusal = planVisibility() { return refusal }
        guard head.framingIsValid else {
            let denial = Denial(
                status: 400,
                reasonCode: .malformedRequest,
                message: "unsupported Transfer-Encoding: only chunked is accepted"
            )
            return refuse(denial, at: .framing, path: nil, closing: true, reason: "unsupported Transfer-Encoding")
        }
        inspection = inspectors.inspection(method: head.method, endpoint: endpoint)
        guard inspection != nil || ownershipPlan != nil || visibilityCheck != nil else { return forward() }
        let limit = inspection?.bodyLimit ?? DeciderSettings.ownershipBodyLimit
        if let length = head.contentLength, length > limit {
            return bodyTooLarge(limit: limit)
        }
        return .readBody(limit: limit)
    }

    // MARK: Outcomes

    /// Whether the request goes on despite `denial`: true in warn or audit mode for a policy denial, after the
    /// verdict says `would_deny` (the first would-be denial is the one recorded). False: refuse as usual.
    mutating func proceedsDespite(_ denial: Denial, at stage: Verdict.Stage, reason: String? = nil) -> Bool {
        let mode = client.policy.mode
        guard mode != .enforce, denial.isPolicyDenial else { return false }
        verdict.recordWouldDeny(denial, at: stage, reason: reason ?? denial.message, mode: mode)
        return true
    }

    /// Refuses the request: records the denial and answers the refusal. A refusal before the body was read closes
    /// the connection when a body follows, so an `Expect: 100-continue` client does not wait for nothing.
    mutating func refuse(
        _ denial: Denial,
        at stage: Verdict.Stage,
        path: String?,
        closing: Bool? = nil,
        reason: String? = nil
    ) -> DeciderStep {
        let refusal = Refusal(denial: denial, path: path, closesConnection: closing ?? head.hasBody, reason: reason)
        verdict.recordDenial(denial, at: stage, reason: refusal.reason)
        return .refuse(refusal)
    }

    mutating func forward() -> DeciderStep {
        var hijack: ForwardPlan.Hijack?
        if head.requestsUpgrade {
            // attach, exec start, and any other allowed upgrade (BuildKit's /session with SESSION=1): a 101 turns
            // the connection into a raw relay to dockerd.
            hijack = .upgrade
        } else if Self.isHijackable(method: head.method, endpoint: endpoint) {
            hijack = .legacy
        }
        let isStream =
            hijack != nil || StreamingEndpoint.isStream(method: head.method, endpoint: endpoint, query: target.query)
        return .forward(
            ForwardPlan(
                target: target,
                replacementBody: replacementBody,
                hijack: hijack,
                isStream: isStream,
                redaction: hijack == nil ? client.policy.redactor.shape(method: head.method, endpoint: endpoint) : nil
            )
        )
    }

    /// `POST /containers/{id}/attach` and `POST /exec/{id}/start`: dockerd answers them by hijacking the
    /// connection into a raw byte stream. So does Podman, for those and for their libpod forms, which its own
    /// client sends without `Upgrade` headers.
    static func isHijackable(method: String, endpoint: DockerEndpoint) -> Bool {
        method == "POST"
            && (endpoint.object(of: .containers, "attach") != nil || endpoint.object(of: .exec, "start") != nil
                || endpoint.libpodObject("containers", "attach") != nil
                || endpoint.libpodObject("exec", "start") != nil)
    }
}
