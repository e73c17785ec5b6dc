import SockguardPolicy

/// `RuleConfig` -> `Rule`, reporting bad methods and globs at `<prefix>[i].match.method` / `.match.path`.
enum RuleCompiler {
    static func compile(_ configs: [RuleConfig], keyPathPrefix: String) -> (rules: [Rule], issues: [ConfigIssue]) {
        var rules: [Rule] = []
        var issues: [ConfigIssue] = []
        for (index, config) in configs.enumerated() {
            let keyPath = "\(keyPathPrefix)[\(index)].match"
            var methods: MethodMatcher?
            var path: GlobPattern?
            do throws(MethodMatcherError) {
                methods = try MethodMatcher(config.method)
            } catch {
                issues.append(ConfigIssue(keyPath: "\(keyPath).method", message: error.message))
            }
            do throws(GlobPatternError) {
                path = try GlobPattern(config.path)
            } catch {
                issues.append(ConfigIssue(keyPath: "\(keyPath).path", message: error.message))
            }
            if let methods, let path {
                rules.append(Rule(methods: methods, path: path, action: config.action, reason: config.reason))
            }
        }
        return (rules, issues)
    }
}
