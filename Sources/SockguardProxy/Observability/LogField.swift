/// Access-log field names. They keep the Go sockguard's spelling: log pipelines depend on them.
enum LogField: String {
    case time
    case level
    case message = "msg"
    case requestID = "request_id"
    /// The client's own `X-Request-Id`, when it sent one.
    case clientRequestID = "client_request_id"
    /// `listeners[].name`, `default` for `listen`.
    case listenerName = "listener_name"
    case traceID = "trace_id"
    /// The client's span, when it sent a valid `traceparent`.
    case traceParentID = "trace_parent_id"
    /// The proxy's span for this request.
    case traceSpanID = "trace_span_id"
    case traceSampled = "trace_sampled"
    case client
    case method
    case path
    case normalizedPath = "normalized_path"
    /// The endpoint's template (`/containers/{id}/start`): ours, the label Go's metrics use.
    case route
    case decision
    /// The 0-based index of the rule that decided.
    case rule
    case reasonCode = "reason_code"
    /// Ours, finer than Go's `reason_code` (`container_create_privileged`); only when it differs.
    case reasonDetail = "reason_detail"
    case reason
    case profile
    case rolloutMode = "rollout_mode"
    case status
    case bytes
    case latencyMilliseconds = "latency_ms"
}
