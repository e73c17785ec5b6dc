import NIOCore
import NIOHTTP1
import SockguardPolicy

extension ClientConnectionHandler {
    func receivedHead(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        switch self.state {
        case .idle:
            break
        case .done:
            // A request pipelined behind a response that closes the connection: never answered, and the
            // responses already written must still reach the client, so do not close here.
            return
        case .answeredLocally, .forwarding, .inspecting:
            // Cannot happen: parts that arrive while a request is in flight are queued (see +Pipelining).
            context.close(promise: nil)
            return
        }
        self.requestCount += 1
        self.refreshPolicy()
        var record = RequestRecord(
            requestID: String(self.connectionID, radix: 16) + "-" + String(self.requestCount),
            client: self.clientAddress,
            method: head.method.rawValue,
            rawPath: head.uri,
            canonicalPath: nil,
            decision: "deny",
            ruleIndex: nil,
            reasonCode: .invalidPath,
            reason: "",
            start: .now()
        )
        // Before anything else, /health included: this client may not talk to the proxy at all.
        if self.clientRefused {
            let message = "sockguard: client address \(self.clientAddress) is not in clients.allowed_cidrs"
            self.refuse(
                Denial(reasonCode: .clientNotAllowed, message: message),
                head: head,
                path: head.uri,
                record: record,
                reason: "client address not in clients.allowed_cidrs"
            )
            return
        }

        let target: CanonicalRequestTarget
        switch PathCanonicalizer.canonicalize(head.uri) {
        case .failure(let rejection):
            record.reason = rejection.message
            self.answerLocally(
                .message(.badRequest, "invalid request path: \(rejection.message)", close: true),
                head: head,
                record: record
            )
            return
        case .success(let canonical):
            target = canonical
        }
        record.canonicalPath = target.path

        if let healthPath = self.live.settings.healthPath, target.path == healthPath,
            head.method == .GET || head.method == .HEAD
        {
            // As in sockguard (Go): no policy decided, so no decision and no reason code.
            record.decision = ""
            record.reasonCode = nil
            self.answerLocally(self.shared.health.response(), head: head, record: record)
            return
        }

        let policy = self.resolvePolicy()
        record.profile = policy.profile
        if let allowed = self.live.allowedProfiles(listener: self.shared.listenerName), !(policy.profile.map(allowed.contains) ?? false) {
            let denial = Denial(
                reasonCode: .listenerProfileNotAllowed,
                message: "sockguard: profile \(policy.profile ?? "(none)") may not use this listener"
            )
            let reason = "listeners[].allowed_profiles does not list the client's profile"
            self.refuse(denial, head: head, path: target.path, record: record, reason: reason)
            return
        }

        let rule: MatchedRule
        switch policy.ruleSet.evaluate(method: head.method.rawValue, path: target.path) {
        case .deny(let denial):
            let reason = policy.reason(ofRule: denial.ruleIndex) ?? RuleSet.noMatchReason
            guard self.proceedsDespite(denial, record: &record, reason: reason) else {
                self.refuse(denial, head: head, path: target.path, record: record, reason: reason)
                return
            }
            rule = MatchedRule(index: denial.ruleIndex, reason: reason)
        case .allow(let allowed):
            rule = allowed
        }
        record.ruleIndex = rule.index
        if let denial = self.containerLabelDenial(method: head.method.rawValue, path: target.path),
            !self.proceedsDespite(denial, record: &record)
        {
            self.refuse(denial, head: head, path: target.path, record: record)
            return
        }
        self.allowedByRules(head, target: target, record: record, rule: rule, inspectors: policy.inspectors)
    }

    /// The rules allowed the request: the request line's inspection, ownership, then inspection of the body or
    /// forwarding.
    private func allowedByRules(
        _ head: HTTPRequestHead,
        target: CanonicalRequestTarget,
        record: RequestRecord,
        rule: MatchedRule,
        inspectors: InspectorRegistry
    ) {
        var record = record
        if record.decision != "would_deny" {
            record.decision = "allow"
            record.ruleIndex = rule.index
            record.reasonCode = .matchedAllowRule
            record.reason = rule.reason
        }
        let requestLine = InspectedRequest(
            method: head.method.rawValue,
            path: target.path,
            query: target.query,
            registryAuth: head.headers["X-Registry-Auth"],
            registryConfig: head.headers["X-Registry-Config"]
        )
        var requestLineDecision = inspectors.inspectRequestLine(requestLine)
        if requestLineDecision != nil, Self.hasFormBody(head) {
            // dockerd's ParseForm also reads a form-encoded body and lets it override the query: the
            // request line judged here would not be what dockerd acts on.
            requestLineDecision = .deny(
                Denial(
                    status: 400,
                    reasonCode: .requestBodyInvalid,
                    message: "sockguard: form-encoded bodies are not accepted on this endpoint"
                )
            )
        }
        if case .deny(let denial)? = requestLineDecision, !self.proceedsDespite(denial, record: &record) {
            self.refuse(denial, head: head, path: target.path, record: record)
            return
        }
        var target = target
        var ownershipPlan: OwnershipPolicy.Plan?
        if let ownership = self.live.settings.ownership {
            switch ownership.plan(method: head.method.rawValue, path: target.path, query: target.query) {
            case .deny(let denial):
                // In warn or audit mode the request goes on unchanged: no owner filter, no owner checks.
                guard self.proceedsDespite(denial, record: &record) else {
                    self.refuse(denial, head: head, path: target.path, record: record)
                    return
                }
            case .proceed(let plan):
                if let query = plan.query { target = target.replacingQuery(query) }
                if plan.holdsRequest { ownershipPlan = plan }
            }
        }
        let inspection = inspectors.inspection(method: head.method.rawValue, path: target.path)
        if inspection != nil || ownershipPlan != nil {
            self.startInspection(
                head,
                target: target,
                record: record,
                inspection: inspection,
                ownership: ownershipPlan
            )
        } else {
            self.forward(head, target: target, record: record)
        }
    }

    /// Answers `denial` locally and logs the request as denied, for `reason` (the denial's message if none).
    func refuse(
        _ denial: Denial,
        head: HTTPRequestHead,
        path: String,
        record: RequestRecord,
        reason: String? = nil
    ) {
        var record = record
        record.decision = "deny"
        record.reasonCode = denial.reasonCode
        record.reason = reason ?? denial.message
        if let index = denial.ruleIndex { record.ruleIndex = index }
        self.answerLocally(
            self.denyResponse(denial, head: head, path: path, reason: record.reason),
            head: head,
            record: record
        )
    }

    func receivedEnd(_ trailers: HTTPHeaders?, context: ChannelHandlerContext) {
        switch self.state {
        case .answeredLocally(let closeAfter, _):
            if closeAfter {
                self.state = .done
                self.closeAfterPendingWrites(context: context)
            } else {
                self.state = .idle
            }
        case .inspecting:
            self.receivedInspectedBodyEnd(context: context)
        case .forwarding(var exchange):
            exchange.requestEnded = true
            if !exchange.responseEnded {
                self.sendUpstream(.end(trailers))
                self.flushUpstream()
            }
            self.state = .forwarding(exchange)
        case .idle, .done:
            break
        }
    }

    /// Whether another request may follow on this connection. An upgrade request (`Connection: Upgrade`) ends
    /// HTTP parsing: the decoder stops after it, so whatever follows is never read as a request, and the
    /// connection closes after the answer unless it becomes a raw relay.
    static func connectionContinues(after head: HTTPRequestHead) -> Bool {
        head.isKeepAlive && !HijackEndpoint.requestsUpgrade(head.headers)
    }

    /// Closes once the last local response is on the wire, so closing never discards it.
    func closeAfterPendingWrites(context: ChannelHandlerContext) {
        let channel = context.channel
        if let written = self.lastLocalResponseWritten {
            written.whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
    }

    func denyResponse(_ denial: Denial, head: HTTPRequestHead, path: String, reason: String) -> LocalResponse {
        let status = HTTPResponseStatus(statusCode: denial.status)
        switch self.live.settings.denyVerbosity {
        case .minimal:
            return .message(status, denial.message, close: Self.hasBody(head))
        case .verbose:
            return .json(
                status,
                [
                    ("message", denial.message),
                    ("method", head.method.rawValue),
                    ("path", PathRedaction.redact(path)),
                    ("reason_code", denial.reasonCode.rawValue),
                    ("reason", reason),
                ],
                close: Self.hasBody(head)
            )
        }
    }

    /// `Content-Type: application/x-www-form-urlencoded` (any case, any parameters).
    static func hasFormBody(_ head: HTTPRequestHead) -> Bool {
        head.headers["content-type"].contains { (value: String) -> Bool in
            let mediaType = value.lowercased().split(separator: ";").first ?? ""
            return mediaType.filter { $0 != " " && $0 != "\t" } == "application/x-www-form-urlencoded"
        }
    }

    /// A request with a body that we refuse is answered at once and the connection closed afterwards,
    /// so an `Expect: 100-continue` client does not wait and no body byte is read into a forward.
    static func hasBody(_ head: HTTPRequestHead) -> Bool {
        if let length = head.headers.first(name: "content-length") { return length != "0" }
        return head.headers.contains(name: "transfer-encoding")
    }

    func answerLocally(_ response: LocalResponse, head: HTTPRequestHead, record: RequestRecord) {
        guard let context = self.context else { return }
        let close = response.close || !Self.connectionContinues(after: head)
        var response = response
        response.close = close
        // A client that sent `Expect: 100-continue` waits for 100 before sending its body: it will send
        // nothing more, so a closing connection closes right after the response.
        let closeNow = close && head.headers[canonicalForm: "expect"].contains { $0.lowercased() == "100-continue" }
        self.state = closeNow ? .done : .answeredLocally(closeAfter: close, discarded: 0)
        let written = context.eventLoop.makePromise(of: Void.self)
        // Set before writing: a close decided while this request's end is still being processed must wait
        // for this response to be on the wire.
        self.lastLocalResponseWritten = written.futureResult
        self.writeLocalResponse(response, version: head.version, withBody: head.method != .HEAD, promise: written)
        if closeNow {
            self.closeAfterPendingWrites(context: context)
        }
        self.shared.accessLog?.record(record, status: Int(response.status.code), bytes: response.body.utf8.count)
    }

    /// Writes and flushes a response the proxy answers itself; `promise` completes when it is on the wire.
    func writeLocalResponse(
        _ response: LocalResponse,
        version: HTTPVersion,
        withBody: Bool = true,
        promise: EventLoopPromise<Void>?
    ) {
        guard let context = self.context else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(self.wrapOutboundOut(.head(response.head(version: version))), promise: nil)
        if withBody {
            var body = context.channel.allocator.buffer(capacity: response.body.utf8.count)
            body.writeString(response.body)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: promise)
    }

    /// Writes a local response, then closes the connection.
    func writeLocalResponseAndClose(_ response: LocalResponse, context: ChannelHandlerContext) {
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        self.writeLocalResponse(response, version: .http1_1, promise: written)
    }

    // MARK: Forwarding

    /// Forwards an allowed request. `inspectedBody` is the whole body of a request whose body was buffered and
    /// inspected: it is sent as received, followed by the request's end.
    func forward(
        _ head: HTTPRequestHead,
        target: CanonicalRequestTarget,
        record: RequestRecord,
        inspectedBody: ByteBuffer? = nil
    ) {
        var headers = head.headers
        guard MessageFraming.normalizeTransferEncoding(&headers) else {
            var record = record
            record.decision = "deny"
            record.reasonCode = .malformedRequest
            record.reason = "unsupported Transfer-Encoding"
            self.answerLocally(
                .message(.badRequest, "unsupported Transfer-Encoding: only chunked is accepted", close: true),
                head: head,
                record: record
            )
            return
        }
        var upstreamHead = HTTPRequestHead(
            version: head.version,
            method: head.method,
            uri: target.forwardTarget,
            headers: headers
        )
        var exchange = Exchange(
            record: record,
            isHead: head.method == .HEAD,
            clientKeepAlive: Self.connectionContinues(after: head)
        )
        if HijackEndpoint.requestsUpgrade(head.headers) {
            // attach, exec start, and any other allowed upgrade (BuildKit's /session with SESSION=1): a 101
            // turns the connection into a raw relay to dockerd.
            exchange.hijack = .upgrade
        } else if HijackEndpoint.isHijackable(method: head.method, canonicalPath: target.path) {
            exchange.hijack = .legacy
            upstreamHead.headers.replaceOrAdd(name: "Connection", value: "Upgrade")
            upstreamHead.headers.replaceOrAdd(name: "Upgrade", value: "tcp")
        }
        // upstream.request_timeout bounds a finite request to the end of its response; streams (events, logs
        // -f, pulls, builds, hijacks, ...) are never cut.
        let isStream =
            exchange.hijack != nil
            || StreamingEndpoint.isStream(method: head.method.rawValue, path: target.path, query: target.query)
        if exchange.hijack == nil {
            exchange.redaction = (self.policy?.redactor ?? self.live.settings.redactor).shape(method: head.method.rawValue, path: target.path)
        }
        if !isStream, let timeout = self.live.settings.requestTimeout, let context = self.context {
            exchange.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                self?.requestTimedOut()
            }
        }
        if let inspectedBody {
            // The body is complete and arrives right behind the head: the client's 100-continue was answered
            // by the proxy already.
            upstreamHead.headers.remove(name: "Expect")
            exchange.requestEnded = true
            self.state = .forwarding(exchange)
            self.sendUpstream(.head(upstreamHead))
            if inspectedBody.readableBytes > 0 {
                self.sendUpstream(.body(.byteBuffer(inspectedBody)))
            }
            self.sendUpstream(.end(nil))
            self.flushUpstream()
            return
        }
        self.state = .forwarding(exchange)
        self.sendUpstream(.head(upstreamHead))
    }
}
