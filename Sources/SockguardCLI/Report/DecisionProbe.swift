import FoundationEssentials
import SockguardPolicy

/// One request put to the `RequestDecider` as `serve` puts it, without a socket or a daemon: what `match` prints
/// and what `report` and `diff` tally. Both go through here, so they cannot disagree.
struct DecisionProbe {
    var settings: DeciderSettings
    var client: DeciderClient

    /// The decider's last step and verdict for the request. Rate limits admit it (they depend on traffic, not on
    /// the request); a body step gets `body` (or an empty one); a lookup is left unanswered (the daemon decides).
    func judge(_ head: RequestHead, body: [UInt8]?) -> (step: DeciderStep, verdict: Verdict) {
        var decider = RequestDecider(settings: self.settings, client: self.client)
        var step = decider.start(head)
        if case .admit = step { step = decider.admissionAnswered(.admitted) }
        if case .readBody(let limit) = step {
            let bytes = body ?? []
            step = bytes.count > limit ? decider.bodyTooLarge() : bytes.withUnsafeBytes { decider.bodyReceived($0) }
        }
        return (step, decider.verdict)
    }

    /// A request head as the proxy's HTTP reader builds it from a method, a target, a body and header lines
    /// (names lower-cased).
    static func head(
        method: String,
        target: String,
        bodyLength: Int?,
        headers: [(name: String, value: String)] = []
    ) -> RequestHead {
        func values(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }
        /// A list header's comma-separated tokens, trimmed, as HTTP reads them.
        func tokens(_ name: String) -> [Substring] {
            values(name).flatMap { $0.split(separator: ",") }.map { Substring(String($0).trimmingSpaces()) }
        }
        let transferCodings = tokens("transfer-encoding")
        return RequestHead(
            method: method,
            uri: target,
            contentLength: bodyLength,
            hasBody: (bodyLength ?? 0) > 0 || !transferCodings.isEmpty,
            isFormEncoded: RequestHead.isFormEncoded(contentTypes: values("content-type")),
            requestsUpgrade: RequestHead.requestsUpgrade(
                connectionTokens: tokens("connection"),
                hasUpgradeHeader: !values("upgrade").isEmpty
            ),
            framingIsValid: RequestHead.framingIsValid(transferCodings: transferCodings),
            registryAuth: values("x-registry-auth"),
            registryConfig: values("x-registry-config")
        )
    }

    /// The decision `match` prints for a step: `allow`, `deny`, `would_deny`, `ask_daemon` (a lookup decides),
    /// or the local answer (`health`, `metrics`, ...).
    static func decision(_ step: DeciderStep, _ verdict: Verdict) -> String {
        switch step {
        case .refuse: "deny"
        case .answerHealth: "health"
        case .answerMetrics: "metrics"
        case .admit: "admit"
        case .answerReadiness: "readiness"
        case .answerAdmin: "admin"
        case .forward: verdict.outcome.rawValue
        case .lookup: "ask_daemon"
        case .readBody: "read_body"
        }
    }
}
