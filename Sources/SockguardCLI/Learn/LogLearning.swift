import ArgumentParser
import FoundationEssentials
import SockguardPolicy

/// `sockguard learn --from-log FILE`: the access log's or the audit log's JSON lines, as learn mode would have
/// seen the requests live (without the bodies, which logs never hold).
enum LogLearning {
    static func learn(from path: String, startedFromAllowAll: Bool) throws -> PolicyLearner {
        let bytes: [UInt8]
        if path == "-" {
            bytes = Console.readInput()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read --from-log \(path)")
            }
            bytes = Array(contents)
        }
        var learner = PolicyLearner(startedFromAllowAll: startedFromAllowAll)
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let observation = observation(Array(line)) else { continue }
            learner.observe(observation)
        }
        return learner
    }

    /// A request line of either log; nil for other lines (startup, reload) and for requests no policy judged.
    static func observation(_ line: [UInt8]) -> LearnObservation? {
        guard case .object(let object)? = try? JSONBody(parsing: line).root else { return nil }
        func text(_ key: String) -> String? {
            if case .string(let value)? = object.value(forKey: key) { return value }
            return nil
        }
        guard let method = text("method"), let path = text("normalized_path"), !path.isEmpty,
            let decision = text("decision")
        else { return nil }
        let outcome: Verdict.Outcome
        switch decision {
        case "allow": outcome = .allow
        case "would_deny": outcome = .wouldDeny
        default: return nil
        }
        let code = (text("reason_detail") ?? text("reason_code")).flatMap(
            ReasonCode.init(rawValue:)
        )
        let profile = (text("profile") ?? text("selected_profile")).flatMap {
            $0.isEmpty ? nil : $0
        }
        return LearnObservation(
            profile: profile,
            method: method,
            path: path,
            example: method + " " + path,
            outcome: outcome,
            reasonCode: code
        )
    }
}
