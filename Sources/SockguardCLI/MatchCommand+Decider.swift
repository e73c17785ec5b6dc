import ArgumentParser
import FoundationEssentials
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

    /// Runs the decider over the request, with `--body` (or an empty body) when it asks for one.
    func decide(_ probe: DecisionProbe, method: String) throws -> (step: DeciderStep, verdict: Verdict) {
        let body = try self.body.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read --body \(path)")
            }
            return [UInt8](data)
        }
        return probe.judge(try self.head(method: method, bodyLength: body?.count), body: body)
    }

    func head(method: String, bodyLength: Int?) throws -> RequestHead {
        var headers: [(name: String, value: String)] = []
        for line in self.header {
            guard let colon = line.firstIndex(of: ":") else {
                throw ValidationError("--header \(line) is not \"Name: value\"")
            }
            let value = String(line[line.index(after: colon)...]).trimmingSpaces()
            headers.append((String(line[..<colon]).trimmingSpaces().lowercased(), value))
        }
        return DecisionProbe.head(method: method, target: self.path, bodyLength: bodyLength, headers: headers)
    }

    /// The decision and what goes with it: a refusal's status and reason code, a forward's target, a lookup's path.
    static func stepFields(_ step: DeciderStep, verdict: Verdict) -> [(String, String)] {
        var fields = [("decision", DecisionProbe.decision(step, verdict))]
        switch step {
        case .refuse(let refusal):
            fields.append(("status", String(refusal.denial.status)))
        case .forward(let plan):
            fields.append(("forward", plan.target.forwardTarget))
        case .lookup(let path):
            // The daemon's answer decides: match does not ask it.
            fields.append(("lookup", "GET " + path))
        default:
            break
        }
        if let code = verdict.reasonCode, verdict.outcome != .allow || code != .matchedAllowRule {
            fields.append(("reason_code", code.rawValue))
        }
        if let mode = verdict.rolloutMode { fields.append(("rollout_mode", mode.rawValue)) }
        fields.append(("decided_by", verdict.stage.rawValue))
        return fields
    }
}
