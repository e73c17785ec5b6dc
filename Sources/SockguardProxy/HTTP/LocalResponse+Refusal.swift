import NIOHTTP1
import SockguardPolicy

extension LocalResponse {
    /// The local answer to a refusal: the message alone, or (`deny_verbosity: verbose`) with the method, the
    /// redacted path and the reason; a throttle's body is Go's.
    static func answering(_ refusal: Refusal, method: String, verbose: Bool) -> LocalResponse {
        let denial = refusal.denial
        let status = HTTPResponseStatus(statusCode: denial.status)
        if denial.reasonCode.isThrottle {
            // Go's throttle body; the seconds only for a rate limit.
            var response = LocalResponse.json(
                status,
                [("reason", denial.reasonCode.rawValue)],
                close: refusal.closesConnection
            )
            if let seconds = refusal.retryAfter {
                response.body = "{\"reason\":\"\(denial.reasonCode.rawValue)\",\"retry_after_seconds\":\(seconds)}\n"
                response.retryAfter = seconds
            }
            return response
        }
        guard let path = refusal.path, verbose else {
            var response = LocalResponse.message(status, denial.message, close: refusal.closesConnection)
            response.allow = refusal.allow
            return response
        }
        return .json(
            status,
            [
                ("message", denial.message),
                ("method", method),
                ("path", PathRedaction.redact(path)),
                ("reason_code", denial.reasonCode.rawValue),
                ("reason", refusal.reason),
            ],
            close: refusal.closesConnection
        )
    }
}
