/// The Prometheus text format (version 0.0.4) of `ProxyMetrics`, in the Go sockguard's order and spelling.
extension ProxyMetrics {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public func render() -> String {
        let state = self.state.withLockedValue { $0 }
        let aggregates = Aggregates(state.series)
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP sockguard_\(name) \(help)\n# TYPE sockguard_\(name) \(type)\n"
        }
        func labels(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        family("build_info", "gauge", "Sockguard build metadata exposed as constant labels.")
        out += "sockguard_build_info\(labels([("version", version), ("implementation", "swift")])) 1\n"
        family("start_time_seconds", "gauge", "Unix timestamp at which the metrics registry was created.")
        out += "sockguard_start_time_seconds \(startTime)\n"
        family("http_requests_total", "counter", "Total HTTP requests handled by Sockguard.")
        for (key, count) in aggregates.requests.sorted(by: { Self.order($0.key) < Self.order($1.key) }) {
            let pairs = [
                ("decision", key.decision), ("listener", key.listener), ("method", key.method),
                ("profile", key.profile), ("route", key.route), ("status", key.status),
            ]
            out += "sockguard_http_requests_total\(labels(pairs)) \(count)\n"
        }
        family(
            "http_denied_requests_total",
            "counter",
            "Total requests denied by Sockguard policy or admission checks. mode is enforce (request was blocked) "
                + "or warn / audit (request would have been blocked, passed through under rollout mode)."
        )
        for (key, count) in aggregates.denies.sorted(by: { Self.order($0.key) < Self.order($1.key) }) {
            let pairs = [
                ("listener", key.listener), ("mode", key.mode), ("profile", key.profile),
                ("reason_code", key.reasonCode), ("route", key.route), ("rule", key.rule),
            ]
            out += "sockguard_http_denied_requests_total\(labels(pairs)) \(count)\n"
        }
        family("http_request_duration_seconds", "histogram", "HTTP request latency in seconds.")
        for (key, histogram) in aggregates.durations.sorted(by: { Self.order($0.key) < Self.order($1.key) }) {
            let base = [
                ("decision", key.decision), ("method", key.method), ("profile", key.profile), ("route", key.route),
            ]
            for (index, bound) in Self.durationBuckets.enumerated() {
                let le = ("le", Self.bucketLabel(bound))
                out +=
                    "sockguard_http_request_duration_seconds_bucket\(labels(base + [le])) \(histogram.buckets[index])\n"
            }
            out +=
                "sockguard_http_request_duration_seconds_bucket\(labels(base + [("le", "+Inf")])) \(histogram.count)\n"
            out += "sockguard_http_request_duration_seconds_sum\(labels(base)) \(histogram.sum)\n"
            out += "sockguard_http_request_duration_seconds_count\(labels(base)) \(histogram.count)\n"
        }
        family("http_requests_active", "gauge", "Currently active HTTP requests.")
        out += "sockguard_http_requests_active \(max(0, state.active))\n"
        if let up = state.socketUp {
            family(
                "upstream_socket_up",
                "gauge",
                "Whether the active upstream Docker socket watchdog currently reports the socket as reachable."
            )
            out += "sockguard_upstream_socket_up \(up ? 1 : 0)\n"
        }
        family("upstream_watchdog_checks_total", "counter", "Total active upstream socket watchdog checks.")
        for (result, count) in state.watchdogChecks.sorted(by: { $0.key < $1.key }) {
            out += "sockguard_upstream_watchdog_checks_total\(labels([("result", result)])) \(count)\n"
        }
        if let up = state.apiUp {
            family(
                "upstream_api_up",
                "gauge",
                "Whether the readiness probe (GET /containers/json?limit=1) last found the Docker API answering."
            )
            out += "sockguard_upstream_api_up \(up ? 1 : 0)\n"
        }
        if !state.readinessChecks.isEmpty {
            family("upstream_readiness_checks_total", "counter", "Total upstream readiness probes.")
            for (result, count) in state.readinessChecks.sorted(by: { $0.key < $1.key }) {
                out += "sockguard_upstream_readiness_checks_total\(labels([("result", result)])) \(count)\n"
            }
        }
        family("listener_up", "gauge", "Whether each listener is serving.")
        for listener in listeners {
            let pairs = [("listener", listener.name), ("network", listener.network), ("role", listener.role)]
            out += "sockguard_listener_up\(labels(pairs)) 1\n"
        }
        family(
            "config_reload_total",
            "counter",
            "Total hot-reload attempts since startup. result is ok (applied), reject_load (file read or parse "
                + "failed), reject_validation (validator rejected the candidate config), or reject_immutable (an "
                + "immutable field changed and the reload was refused)."
        )
        for (result, count) in state.reloads.sorted(by: { $0.key < $1.key }) {
            out += "sockguard_config_reload_total\(labels([("result", result)])) \(count)\n"
        }
        if let last = state.lastReloadSuccess {
            family(
                "config_reload_last_success_timestamp_seconds",
                "gauge",
                "Unix timestamp at which the most recent reload was successfully applied. Omitted until the first "
                    + "successful reload."
            )
            out += "sockguard_config_reload_last_success_timestamp_seconds \(last)\n"
        }
        if let version = state.policyVersion {
            family(
                "policy_version",
                "gauge",
                "Monotonic counter of the active policy generation. Starts at 1 on first publish; ticks on every "
                    + "successful hot reload."
            )
            out += "sockguard_policy_version \(version)\n"
        }
        family(
            "throttle_requests_total",
            "counter",
            "Total requests denied by rate limiting or concurrency caps. mode is enforce (request was blocked with "
                + "429) or warn / audit (passed through under rollout mode)."
        )
        let throttles = state.throttles.sorted {
            ($0.key.mode, $0.key.profile, $0.key.reasonCode) < ($1.key.mode, $1.key.profile, $1.key.reasonCode)
        }
        for (key, count) in throttles {
            let pairs = [("mode", key.mode), ("profile", key.profile), ("reason_code", key.reasonCode)]
            out += "sockguard_throttle_requests_total\(labels(pairs)) \(count)\n"
        }
        // Ours, beyond the Go sockguard's series.
        family(
            "inspector_denials_total",
            "counter",
            "Requests denied (mode enforce) or that would have been (warn, audit) by a body inspector, by inspector."
        )
        let inspectorDenials = aggregates.inspectorDenials.sorted {
            ($0.key.inspector, $0.key.mode) < ($1.key.inspector, $1.key.mode)
        }
        for (key, count) in inspectorDenials {
            out +=
                "sockguard_inspector_denials_total\(labels([("inspector", key.inspector), ("mode", key.mode)])) \(count)\n"
        }
        family("hijacked_sessions_active", "gauge", "Hijacked sessions (attach, exec start) open now.")
        out += "sockguard_hijacked_sessions_active \(max(0, state.hijackedActive))\n"
        family("hijacked_sessions_total", "counter", "Hijacked sessions (attach, exec start) since start.")
        out += "sockguard_hijacked_sessions_total \(state.hijackedTotal)\n"
        family(
            "response_bytes_total",
            "counter",
            "Bytes of response bodies sent to clients, hijacked streams excepted."
        )
        out += "sockguard_response_bytes_total \(state.responseBytes)\n"
        family(
            "inflight_requests",
            "gauge",
            "Current number of in-flight requests per profile under a concurrency cap."
        )
        for (profile, count) in state.inflight.sorted(by: { $0.key < $1.key }) {
            out += "sockguard_inflight_requests\(labels([("profile", profile)])) \(count)\n"
        }
        family(
            "audit_events_dropped_total",
            "counter",
            "Audit events (log.audit) dropped because the writer's queue was full. Not in sockguard (Go)."
        )
        out += "sockguard_audit_events_dropped_total \(state.auditDropped)\n"
        return out
    }

    /// Go's bucket spelling (`strconv.FormatFloat(b, 'g', -1, 64)`): `0.005`, `1`, `2.5`, `10`.
    static func bucketLabel(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int(bound)) : String(bound)
    }

    /// Backslash, newline and double quote escaped, as the text format requires.
    static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\n" || $0 == "\"" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\"": escaped += "\\\""
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Go's sort keys: the label values joined by NUL.
    static func order(_ key: RequestKey) -> String {
        [key.decision, key.listener, key.method, key.profile, key.route, key.status].joined(separator: "\u{0}")
    }
    static func order(_ key: DenyKey) -> String {
        [key.listener, key.mode, key.profile, key.reasonCode, key.route, key.rule].joined(separator: "\u{0}")
    }
    static func order(_ key: DurationKey) -> String {
        [key.decision, key.method, key.profile, key.route].joined(separator: "\u{0}")
    }
}
