import Crypto
import FoundationEssentials
import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// `POST admin.path`: a candidate configuration checked the way `serve` and a reload would load it, without
/// touching the running policy.
enum AdminCandidate {
    /// The validator the proxy runs (off its event loops) on each candidate's YAML.
    static func validator(environment: [String: String]) -> AdminValidator {
        { bytes in validate(bytes, environment: environment) }
    }

    static func validate(_ bytes: [UInt8], environment: [String: String]) -> AdminValidation {
        guard let yaml = String(validating: bytes, as: UTF8.self) else {
            return AdminValidation(errors: ["parse: not valid UTF-8"])
        }
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigLoader.load(.candidate(yaml: yaml, environment: environment))
            // The TLS files are loaded as `serve` loads them.
            _ = try ProxySettings.make(from: loaded, environment: environment)
        } catch let error as ConfigError {
            let issues = error.issues
            guard !issues.isEmpty else { return AdminValidation(errors: [error.description]) }
            return AdminValidation(
                errors: issues.map { issue in
                    issue.message.hasPrefix("invalid YAML") ? "parse: \(issue.description)" : issue.description
                }
            )
        } catch {
            return AdminValidation(errors: ["\(error)"])
        }
        return AdminValidation(
            rules: loaded.ruleSet.rules.count,
            profiles: loaded.profiles.count,
            compatActive: loaded.ruleSource == .compatibilityEnvironment
        )
    }

    /// What `GET admin.policy_version_path` says of a loaded configuration.
    static func summary(_ loaded: LoadedConfiguration) -> PolicySummary {
        let fileBytes = loaded.configText.map { Data($0.utf8) }
        return PolicySummary(
            rules: loaded.ruleSet.rules.count,
            profiles: loaded.profiles.count,
            compatActive: loaded.ruleSource == .compatibilityEnvironment,
            configSHA256: fileBytes.map { Array(SHA256.hash(data: $0)).lowercaseHex }
        )
    }
}
