/// What to do with one string value of a response.
enum RedactionAction: Sendable, Equatable {
    /// `NAME=value` becomes `NAME=<redacted>`; a bare `NAME` stays.
    case envValue
    /// `/host/path:/in/container:ro` becomes `<redacted>:/in/container:ro`; a named volume stays.
    case bindSource
    /// A non-empty value becomes `<redacted>`.
    case hostPath
    /// The value becomes `""` (addresses, base64 secret bytes, tokens: fields clients may parse).
    case empty

    static let marker = Array("<redacted>".utf8)
}

/// A tree of response members to rewrite, built from paths such as `Config.Env[]`, `Mounts[].Source` or
/// `NetworkSettings.Networks.*.IPAddress` (`[]`: every element of an array, `*`: every member of an object).
/// Members the tree does not name are copied byte for byte.
struct RewriteRule: Sendable, Equatable {
    enum Step: Hashable, Sendable {
        case key(String)
        case anyKey
        case element
    }

    var action: RedactionAction?
    var children: [Step: RewriteRule] = [:]

    var isEmpty: Bool { action == nil && children.isEmpty }

    /// The member names nearest to each action (`Source` for `Mounts[].Source`, `Data` for `GraphDriver.Data.*`):
    /// an answer that mentions none of them has nothing this rule would rewrite.
    var triggerKeys: Set<String> {
        var keys: Set<String> = []
        collectTriggers(nearest: nil, into: &keys)
        return keys
    }

    private func collectTriggers(nearest: String?, into keys: inout Set<String>) {
        if action != nil, let nearest { keys.insert(nearest) }
        for (step, child) in children {
            if case .key(let name) = step {
                child.collectTriggers(nearest: name, into: &keys)
            } else {
                child.collectTriggers(nearest: nearest, into: &keys)
            }
        }
    }

    mutating func add(_ path: String, _ action: RedactionAction) {
        add(Self.steps(path)[...], action)
    }

    private mutating func add(_ steps: ArraySlice<Step>, _ action: RedactionAction) {
        guard let step = steps.first else {
            self.action = action
            return
        }
        children[step, default: RewriteRule()].add(steps.dropFirst(), action)
    }

    /// `A.B[].*.C` -> key A, key B, element, any key, key C.
    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        for component in path.split(separator: ".") {
            var name = component
            var elements = 0
            while name.hasSuffix("[]") {
                name = name.dropLast(2)
                elements += 1
            }
            if name == "*" {
                steps.append(.anyKey)
            } else if !name.isEmpty {
                steps.append(.key(String(name)))
            }
            steps.append(contentsOf: repeatElement(.element, count: elements))
        }
        return steps
    }
}
