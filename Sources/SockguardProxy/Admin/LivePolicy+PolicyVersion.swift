import SockguardPolicy

extension LivePolicy {
    /// `GET admin.policy_version_path`: Go's snapshot of the policy in force.
    func policyVersionJSON() -> String {
        let summary = settings.policySummary
        var body = "{\"version\":\(generation),\"loaded_at\":\"\(LogTime.string(loadedAt, .nanosecondsTrimmed))\""
        body += ",\"rules\":\(summary.rules),\"profiles\":\(summary.profiles)"
        body += ",\"compat_active\":\(summary.compatActive)"
        body += ",\"source\":\"\(generation == 1 ? "startup" : "reload")\""
        if let sha = summary.configSHA256 { body += ",\"config_sha256\":\(JSONString.quote(sha))" }
        return body + "}\n"
    }
}
