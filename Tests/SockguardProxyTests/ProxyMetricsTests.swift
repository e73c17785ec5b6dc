import SockguardPolicy
import Testing

@testable import SockguardProxy

/// The exposition without a socket: series, labels and spellings as the Go sockguard writes them.
@Suite("ProxyMetrics")
struct ProxyMetricsTests {
    static func verdict(_ outcome: Verdict.Outcome, path: String?, code: ReasonCode? = nil, rule: Int? = nil) -> Verdict {
        var verdict = Verdict()
        verdict.outcome = outcome
        verdict.canonicalPath = path
        verdict.route = path.map { DockerEndpoint(method: "GET", canonicalPath: $0).route }
        verdict.reasonCode = code
        verdict.ruleIndex = rule
        return verdict
    }

    static func metrics() -> ProxyMetrics {
        ProxyMetrics(version: "1.2.3", listeners: [.init(listener: .unix(path: "/run/sg.sock", mode: 0o660))])
    }

    @Test("requests are counted by decision, method, profile, route and status; denials by mode, reason code and rule")
    func counters() {
        let metrics = Self.metrics()
        for _ in 0..<2 {
            metrics.requestStarted()
            metrics.requestFinished(method: "GET", verdict: Self.verdict(.allow, path: "/containers/abc/json", rule: 1), status: 200, seconds: 0.003, listener: "default", bytes: 10)
        }
        metrics.requestStarted()
        var denied = Self.verdict(.wouldDeny, path: "/secrets/s1", code: .matchedDenyRule, rule: 4)
        denied.rolloutMode = .warn
        denied.profile = "ci"
        metrics.requestFinished(method: "DELETE", verdict: denied, status: 200, seconds: 0.2, listener: "ops", bytes: 10)
        metrics.requestStarted()
        metrics.requestFinished(method: "GET", verdict: Self.verdict(.unjudged, path: "/health"), status: 503, seconds: 0.001, listener: "default", bytes: 10)
        let text = metrics.render()
        #expect(text.contains(#"sockguard_http_requests_total{decision="allow",listener="default",method="GET",profile="default",route="/containers/{id}/json",status="200"} 2"#))
        #expect(text.contains(#"sockguard_http_requests_total{decision="would_deny",listener="ops",method="DELETE",profile="ci",route="/secrets/{id}",status="200"} 1"#))
        // The proxy's own endpoints have no policy decision: Go labels a failed one `error`. A path outside the
        // Engine API is the route `unknown`.
        #expect(text.contains(#"sockguard_http_requests_total{decision="error",listener="default",method="GET",profile="default",route="unknown",status="503"} 1"#))
        #expect(text.contains(#"sockguard_http_denied_requests_total{listener="ops",mode="warn",profile="ci",reason_code="matched_deny_rule",route="/secrets/{id}",rule="4"} 1"#))
        #expect(text.contains("sockguard_http_requests_active 0\n"))
    }

    @Test("the duration histogram has Go's buckets, cumulative, with +Inf, sum and count")
    func histogram() {
        let metrics = Self.metrics()
        metrics.requestStarted()
        metrics.requestFinished(method: "GET", verdict: Self.verdict(.allow, path: "/_ping"), status: 200, seconds: 0.02, listener: "default", bytes: 10)
        let text = metrics.render()
        let prefix = #"sockguard_http_request_duration_seconds_bucket{decision="allow",method="GET",profile="default",route="/_ping",le="#
        #expect(text.contains(prefix + #""0.01"} 0"#))
        #expect(text.contains(prefix + #""0.025"} 1"#))
        #expect(text.contains(prefix + #""10"} 1"#))
        #expect(text.contains(prefix + #""+Inf"} 1"#))
        #expect(text.contains(#"sockguard_http_request_duration_seconds_count{decision="allow",method="GET",profile="default",route="/_ping"} 1"#))
    }

    @Test("reloads are counted by result; the last success and the policy version appear once known")
    func reloads() {
        let metrics = Self.metrics()
        #expect(!metrics.render().contains("sockguard_policy_version"))
        #expect(!metrics.render().contains("config_reload_last_success"))
        metrics.setPolicyVersion(1)
        metrics.reloaded(result: "reject_validation")
        metrics.reloaded(result: "ok")
        metrics.setPolicyVersion(2)
        let text = metrics.render()
        #expect(text.contains(#"sockguard_config_reload_total{result="ok"} 1"#))
        #expect(text.contains(#"sockguard_config_reload_total{result="reject_validation"} 1"#))
        #expect(text.contains("sockguard_config_reload_last_success_timestamp_seconds "))
        #expect(text.contains("sockguard_policy_version 2\n"))
        #expect(text.contains(#"sockguard_listener_up{listener="default",network="unix",role="main"} 1"#))
        #expect(text.contains(#"sockguard_build_info{version="1.2.3""#))
    }

    @Test("label values are escaped as the text format requires")
    func escaping() {
        #expect(ProxyMetrics.escape(#"a"b\c"# + "\nd") == #"a\"b\\c\nd"#)
        #expect(ProxyMetrics.bucketLabel(0.005) == "0.005" && ProxyMetrics.bucketLabel(10) == "10")
    }

    @Test("ours: denials by the inspector that made them, hijacked sessions open and in all, response bytes")
    func beyondGo() {
        let metrics = Self.metrics()
        metrics.requestStarted()
        var denied = Self.verdict(.deny, path: "/containers/create", code: .containerCreatePrivileged)
        denied.rolloutMode = nil
        metrics.requestFinished(method: "POST", verdict: denied, status: 403, seconds: 0.001, listener: "default", bytes: 40)
        metrics.requestStarted()
        let ruled = Self.verdict(.deny, path: "/secrets", code: .matchedDenyRule, rule: 2)
        metrics.requestFinished(method: "GET", verdict: ruled, status: 403, seconds: 0.001, listener: "default", bytes: 2)
        metrics.hijackStarted()
        metrics.hijackStarted()
        metrics.hijackEnded()
        let text = metrics.render()
        #expect(text.contains(#"sockguard_inspector_denials_total{inspector="container_create",mode="enforce"} 1"#))
        #expect(!text.contains(#"inspector_denials_total{inspector="matched"#))
        #expect(text.contains("sockguard_hijacked_sessions_active 1\n"))
        #expect(text.contains("sockguard_hijacked_sessions_total 2\n"))
        #expect(text.contains("sockguard_response_bytes_total 42\n"))
        #expect(ReasonCode.containerArchiveSetID.inspector == "container_archive")
        #expect(ReasonCode.execEnv.inspector == "exec" && ReasonCode.ownerMismatch.inspector == nil)
    }
}
