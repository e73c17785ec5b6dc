import SockguardPolicy

/// How `sockguard validate` says what a profile's limits and the global cap allow, in one line each.
enum LimitsDescription {
    /// `limits: 5 requests/s (burst 20, 2 endpoint costs); at most 8 in flight; priority high`.
    static func describe(_ limits: ProfileLimits) -> String {
        var parts: [String] = []
        if let rate = limits.rate {
            let costs = rate.endpointCosts.count
            let costText = costs == 0 ? "" : ", \(costs) endpoint cost\(costs == 1 ? "" : "s")"
            parts.append("\(number(rate.tokensPerSecond)) requests/s (burst \(number(rate.burst))\(costText))")
        }
        if let cap = limits.maxInflight { parts.append("at most \(cap) in flight") }
        parts.append("priority \(limits.priority.rawValue)")
        return "limits: " + parts.joined(separator: "; ")
    }

    /// `global concurrency: 10 in flight (low 5, normal 8, high 10)`.
    static func describe(globalMaxInflight max: Int) -> String {
        let shares = ProfileLimits.Priority.allCases.map { "\($0.rawValue) \($0.threshold(globalMax: max))" }
        return "global concurrency: \(max) in flight (\(shares.joined(separator: ", ")))"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
