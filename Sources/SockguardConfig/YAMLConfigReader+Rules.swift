import SockguardPolicy

extension YAMLConfigReader {
    /// `rules:` must be a non-empty list of `{match: {method, path}, action, reason?}`. Shapes are checked
    /// here; method and path syntax are checked by `RuleCompiler`, at the same key paths.
    mutating func readRules(_ node: YAMLNode) -> [RuleConfig] {
        guard case .sequence(let sequence) = node else {
            issueAt("rules", "expected a list of rules")
            return []
        }
        guard !sequence.isEmpty else {
            issueAt("rules", "must contain at least one rule; remove the key to use the built-in defaults")
            return []
        }
        var result: [RuleConfig] = []
        for (index, item) in sequence.enumerated() {
            if let rule = readRule(item, keyPath: "rules[\(index)]") {
                result.append(rule)
            }
        }
        // Any broken entry makes the whole list unusable; keep indices honest by returning none.
        return result.count == sequence.count ? result : []
    }

    private mutating func readRule(_ node: YAMLNode, keyPath: String) -> RuleConfig? {
        guard case .mapping(let mapping) = node else {
            issueAt(keyPath, "expected a mapping with match, action and reason")
            return nil
        }
        var method: String?
        var path: String?
        var action: Rule.Action?
        var reason = ""
        var sawMatch = false
        var sawAction = false
        var valid = true
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "?"
            switch name {
            case "match":
                sawMatch = true
                (method, path) = readMatch(value, keyPath: "\(keyPath).match")
            case "action":
                sawAction = true
                guard let text = string(value, keyPath: "\(keyPath).action") else {
                    valid = false
                    continue
                }
                action = Rule.Action(rawValue: text)
                if action == nil {
                    issueAt("\(keyPath).action", "unknown action \"\(text)\" (expected allow or deny)")
                }
            case "reason":
                reason = string(value, keyPath: "\(keyPath).reason") ?? ""
            default:
                valid = false
                issueAt("\(keyPath).\(name)", "unknown key")
            }
        }
        if !sawMatch { issueAt("\(keyPath).match", "required") }
        if !sawAction { issueAt("\(keyPath).action", "required (allow or deny)") }
        guard valid, let method, let path, let action else { return nil }
        return RuleConfig(method: method, path: path, action: action, reason: reason)
    }

    private mutating func readMatch(_ node: YAMLNode, keyPath: String) -> (String?, String?) {
        guard case .mapping(let mapping) = node else {
            issueAt(keyPath, "expected a mapping with method and path")
            return (nil, nil)
        }
        var method: String?
        var path: String?
        var sawMethod = false
        var sawPath = false
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "?"
            switch name {
            case "method":
                sawMethod = true
                method = string(value, keyPath: "\(keyPath).method", hint: " such as \"GET\" or \"GET,HEAD\"")
            case "path":
                sawPath = true
                path = string(value, keyPath: "\(keyPath).path")
            default:
                issueAt("\(keyPath).\(name)", "unknown key")
                return (nil, nil)
            }
        }
        if !sawMethod { issueAt("\(keyPath).method", "required (use \"*\" for any method)") }
        if !sawPath { issueAt("\(keyPath).path", "required") }
        return (method, path)
    }

}
