import ArgumentParser
import Foundation
import SockguardPolicy

/// `sockguard learn --from-log FILE`: the access log's or the audit log's JSON lines, as learn mode would have
/// seen the requests live (without the bodies, which logs never hold).
enum LogLearning {
    static func learn(from path: String, startedFromAllowAll: Bool) throws -> PolicyLearner {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read --from-log \(path)")
            }
            data = contents
        }
        var learner = PolicyLearner(startedFromAllowAll: startedFromAllowAll)
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let observation = observation(Data(line)) else { continue }
            learner.observe(observation)
        }
        return learner
    }

    /// A request line of either log; nil for other lines (startup, reload) and for requests no policy judged.
    static func observation(_ line: Data) -> LearnObservation? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
            let method = object["method"] as? String, let path = object["normalized_path"] as? String, !path.isEmpty,
            let decision = object["decision"] as? String
        else { return nil }
        let outcome: Verdict.Outcome
        switch decision {
        case "allow": outcome = .allow
        case "would_deny": outcome = .wouldDeny
        default: return nil
        }
        let code = (object["reason_detail"] as? String ?? object["reason_code"] as? String).flatMap(
            ReasonCode.init(rawValue:)
        )
        let profile = (object["profile"] as? String ?? object["selected_profile"] as? String).flatMap {
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
