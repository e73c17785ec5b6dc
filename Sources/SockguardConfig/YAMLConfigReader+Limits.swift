import SockguardPolicy

/// `clients.profiles[].limits`: `rate.{tokens_per_second, burst, endpoint_costs[]}`, `concurrency.max_inflight`,
/// `priority`, with the Go sockguard's checks. Every mistake is an issue at its key; nothing is dropped.
extension YAMLConfigReader {
    mutating func readLimits(_ node: YAMLNode, keyPath: String) -> ProfileLimits? {
        if node.isNull { return nil }
        guard case .mapping(let mapping) = node else {
            issueAt(keyPath, "expected a mapping with rate, concurrency and priority")
            return nil
        }
        var limits = ProfileLimits()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "?"
            switch key {
            case "rate": limits.rate = readRate(value, keyPath: "\(keyPath).rate")
            case "concurrency":
                guard case .mapping(let concurrency) = value else {
                    issueAt("\(keyPath).concurrency", "expected a mapping with max_inflight")
                    continue
                }
                for (innerKey, innerValue) in concurrency {
                    let path = "\(keyPath).concurrency.\(innerKey.string ?? "?")"
                    guard innerKey.string == "max_inflight" else {
                        issueAt(path, "unknown key")
                        continue
                    }
                    limits.maxInflight = positiveInteger(innerValue, keyPath: path)
                }
            case "priority":
                let text = value.string ?? "?"
                if let priority = text.isEmpty ? .normal : ProfileLimits.Priority(rawValue: text.lowercased()) {
                    limits.priority = priority
                } else {
                    issueAt("\(keyPath).priority", "expected low, normal or high, got \"\(text)\"")
                }
            default:
                issueAt("\(keyPath).\(key)", "unknown key")
            }
        }
        return limits
    }

    private mutating func readRate(_ node: YAMLNode, keyPath: String) -> ProfileLimits.Rate? {
        guard case .mapping(let mapping) = node else {
            issueAt(keyPath, "expected a mapping with tokens_per_second, burst and endpoint_costs")
            return nil
        }
        var tokensPerSecond: Double?
        var burst: Double = 0
        var costs: [(keyPath: String, cost: ProfileLimits.EndpointCost)] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "?"
            let path = "\(keyPath).\(key)"
            switch key {
            case "tokens_per_second":
                guard let number = value.float, number > 0, number.isFinite else {
                    issueAt(path, "must be a number greater than 0")
                    continue
                }
                tokensPerSecond = number
            case "burst":
                guard let number = value.float, number >= 0, number <= 65535, number == number.rounded() else {
                    issueAt(path, "must be a whole number from 0 to 65535")
                    continue
                }
                burst = number
            case "endpoint_costs":
                costs = readEndpointCosts(value, keyPath: path)
            default:
                issueAt(path, "unknown key")
            }
        }
        guard let tokensPerSecond else {
            if !issues.contains(where: { $0.keyPath == "\(keyPath).tokens_per_second" }) {
                issueAt("\(keyPath).tokens_per_second", "is required and must be greater than 0")
            }
            return nil
        }
        // 0 means "as many as a second brings", as in Go.
        let effectiveBurst = burst == 0 ? tokensPerSecond : burst
        if effectiveBurst < tokensPerSecond {
            issueAt("\(keyPath).burst", "must be at least tokens_per_second (\(tokensPerSecond))")
        }
        for (path, entry) in costs where entry.cost > effectiveBurst {
            issueAt("\(path).cost", "must not exceed the burst (\(effectiveBurst)): such a request could never pass")
        }
        return ProfileLimits.Rate(
            tokensPerSecond: tokensPerSecond,
            burst: effectiveBurst,
            endpointCosts: costs.map(\.cost)
        )
    }

    private mutating func readEndpointCosts(
        _ node: YAMLNode,
        keyPath: String
    ) -> [(keyPath: String, cost: ProfileLimits.EndpointCost)] {
        guard case .sequence(let sequence) = node else {
            issueAt(keyPath, "expected a list of {path, methods, cost}")
            return []
        }
        var costs: [(String, ProfileLimits.EndpointCost)] = []
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(keyPath)[\(index)]"
            guard case .mapping(let mapping) = item else {
                issueAt(itemPath, "expected a mapping with path, methods and cost")
                continue
            }
            var pattern: GlobPattern?
            var methods: Set<String> = []
            var cost: Double?
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? "?"
                switch key {
                case "path":
                    do {
                        pattern = try GlobPattern(value.string ?? "")
                    } catch {
                        issueAt("\(itemPath).path", "\(error)")
                    }
                case "methods":
                    guard case .sequence(let list) = value else {
                        issueAt("\(itemPath).methods", "expected a list of methods")
                        continue
                    }
                    methods = Set(list.compactMap { $0.string?.uppercased() })
                case "cost":
                    guard let number = value.float, number >= 1, number == number.rounded() else {
                        issueAt("\(itemPath).cost", "must be a whole number of at least 1")
                        continue
                    }
                    cost = number
                default:
                    issueAt("\(itemPath).\(key)", "unknown key")
                }
            }
            if pattern == nil, !issues.contains(where: { $0.keyPath == "\(itemPath).path" }) {
                issueAt("\(itemPath).path", "is required")
            }
            if cost == nil, !issues.contains(where: { $0.keyPath == "\(itemPath).cost" }) {
                issueAt("\(itemPath).cost", "is required")
            }
            if let pattern, let cost {
                costs.append((itemPath, ProfileLimits.EndpointCost(path: pattern, methods: methods, cost: cost)))
            }
        }
        return costs
    }

    private mutating func positiveInteger(_ node: YAMLNode, keyPath: String) -> Int? {
        guard let number = node.int, number > 0 else {
            issueAt(keyPath, "must be a whole number greater than 0")
            return nil
        }
        return number
    }
}
