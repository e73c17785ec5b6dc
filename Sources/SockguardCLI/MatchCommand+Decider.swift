import ArgumentParser
import Foundation
import SockguardPolicy
import SockguardProxy

/// How `match` puts its arguments to the decider: the client it stands for, the head and body it sends.
extension MatchCommand {
    /// The client the flags describe: a profile by name, a TCP address, a unix peer, or a plain unix client.
    func client(_ settings: ProxySettings) throws -> DeciderClient {
        var client = DeciderClient(
            policy: settings.basePolicy,
            listenerProfiles: settings.allowedProfiles(listener: self.listener),
            admin: settings.adminPlacement(listener: self.listener)
        )
        guard settings.listeners.contains(where: { $0.name == self.listener }) else {
            throw ValidationError("no listener named \(self.listener)")
        }
        var identity = ClientIdentity()
        if let profile = self.profile {
            guard let policy = settings.clientProfiles?.policies[profile] else {
                throw ValidationError("no profile named \(profile) in clients.profiles")
            }
            client.policy = policy
            return client
        } else if let text = self.clientIP {
            guard let address = AddressRange.parse(text) else {
                throw ValidationError("--client-ip \(text) is not an address")
            }
            identity.address = address
            client.label = text
            client.addressAllowed = settings.admits(address: address)
        } else if let uid = self.uid {
            identity.unixPeer = (uid, self.gid ?? uid)
        }
        if let policy = settings.clientProfiles?.policy(for: identity) { client.policy = policy }
        return client
    }

    /// Runs the decider over the request; a body step gets `--body` (or an empty body).
    func decide(_ decider: inout RequestDecider, method: String) throws -> DeciderStep {
        let body = try self.body.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read --body \(path)")
            }
            return [UInt8](data)
        }
        var step = decider.start(try self.head(method: method, bodyLength: body?.count))
        if case .admit = step {
            // Limits depend on traffic, not on the request: match judges it as if it were admitted.
            step = decider.admissionAnswered(.admitted)
        }
        guard case .readBody(let limit) = step else { return step }
        let bytes = body ?? []
        if bytes.count > limit { return decider.bodyTooLarge() }
        return bytes.withUnsafeBytes { decider.bodyReceived($0) }
    }

    func head(method: String, bodyLength: Int?) throws -> RequestHead {
        var headers: [(name: String, value: String)] = []
        for line in self.header {
            guard let colon = line.firstIndex(of: ":") else {
                throw ValidationError("--header \(line) is not \"Name: value\"")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(), value))
        }
        func values(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }
        /// A list header's comma-separated tokens, trimmed, as HTTP reads them.
        func tokens(_ name: String) -> [Substring] {
            values(name).flatMap { $0.split(separator: ",") }.map { Substring($0.trimmingCharacters(in: .whitespaces)) }
        }
        let transferCodings = tokens("transfer-encoding")
        return RequestHead(
            method: method,
            uri: self.path,
            contentLength: bodyLength,
            hasBody: (bodyLength ?? 0) > 0 || !transferCodings.isEmpty,
            isFormEncoded: RequestHead.isFormEncoded(contentTypes: values("content-type")),
            requestsUpgrade: RequestHead.requestsUpgrade(
                connectionTokens: tokens("connection"),
                hasUpgradeHeader: !values("upgrade").isEmpty
            ),
            framingIsValid: RequestHead.framingIsValid(transferCodings: tokens("transfer-encoding")),
            registryAuth: values("x-registry-auth"),
            registryConfig: values("x-registry-config")
        )
    }

    /// The decision and what goes with it: a refusal's status and reason code, a forward's target, a lookup's path.
    static func stepFields(_ step: DeciderStep, verdict: Verdict) -> [(String, String)] {
        var fields: [(String, String)] = []
        switch step {
        case .refuse(let refusal):
            fields += [("decision", "deny"), ("status", String(refusal.denial.status))]
        case .answerHealth:
            fields += [("decision", "health")]
        case .answerMetrics:
            fields += [("decision", "metrics")]
        case .admit:
            fields += [("decision", "admit")]
        case .answerReadiness:
            fields += [("decision", "readiness")]
        case .answerAdmin:
            fields += [("decision", "admin")]
        case .forward(let plan):
            fields += [("decision", verdict.outcome.rawValue), ("forward", plan.target.forwardTarget)]
        case .lookup(let path):
            // The daemon's answer decides: match does not ask it.
            fields += [("decision", "ask_daemon"), ("lookup", "GET " + path)]
        case .readBody:
            fields += [("decision", "read_body")]
        }
        if let code = verdict.reasonCode, verdict.outcome != .allow || code != .matchedAllowRule {
            fields.append(("reason_code", code.rawValue))
        }
        if let mode = verdict.rolloutMode { fields.append(("rollout_mode", mode.rawValue)) }
        fields.append(("decided_by", verdict.stage.rawValue))
        return fields
    }
}
