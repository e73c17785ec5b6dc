/// Which resources a client sees at all (`response.visible_resource_labels`, `name_patterns`, `image_patterns`), as
/// sockguard (Go) decides it: every axis that is set must pass. Labels: the resource carries every selector. Names:
/// a container's name (without its leading `/`), or one of an image's tags by its short name (what follows the last
/// `/`: `traefik:v3` of `ghcr.io/org/traefik:v3`), matches a pattern. Images: a container's `Image`, or one of an
/// image's tags in full, matches a pattern. The name and image axes apply to containers and images only.
extension ResponseRedaction {
    /// Whether some resource may be hidden from the client.
    public var hidesResources: Bool {
        !visibleResourceLabels.isEmpty || !namePatterns.isEmpty || !imagePatterns.isEmpty
    }

    /// Whether the answer of `shape` can hold a resource this policy hides.
    func hides(in shape: ResponseShape) -> Bool {
        guard shape.labelsPath != nil else { return false }
        if !visibleResourceLabels.isEmpty { return true }
        return (!namePatterns.isEmpty || !imagePatterns.isEmpty) && shape.identity != .labelsOnly
    }

    /// Whether the resource object at `node` of a `shape` answer is visible.
    func isVisible(_ document: JSONDocument, node: Int, shape: ResponseShape) -> Bool {
        if let path = shape.labelsPath, !visibleResourceLabels.isEmpty {
            let labels = document.labels(at: path, of: node)
            guard visibleResourceLabels.allSatisfy({ $0.matches(labels) }) else { return false }
        }
        switch shape.identity {
        case .labelsOnly:
            return true
        case .container(let namePath, let imagePath):
            if !namePatterns.isEmpty {
                var name = document.strings(at: namePath, of: node).first ?? ""
                if name.hasPrefix("/") { name.removeFirst() }
                guard namePatterns.contains(where: { $0.matches(name) }) else { return false }
            }
            if !imagePatterns.isEmpty {
                let image = document.strings(at: imagePath, of: node).first ?? ""
                guard imagePatterns.contains(where: { $0.matches(image) }) else { return false }
            }
            return true
        case .image:
            let tags = document.strings(at: ["RepoTags"], of: node)
            if !namePatterns.isEmpty {
                guard tags.contains(where: { tag in namePatterns.contains { $0.matches(Self.shortName(tag)) } }) else {
                    return false
                }
            }
            if !imagePatterns.isEmpty {
                guard tags.contains(where: { tag in imagePatterns.contains { $0.matches(tag) } }) else { return false }
            }
            return true
        }
    }

    /// An image reference after its last `/`.
    static func shortName(_ reference: String) -> Substring {
        guard let slash = reference.lastIndex(of: "/") else { return Substring(reference) }
        return reference[reference.index(after: slash)...]
    }
}

extension NameGlob {
    func matches(_ text: Substring) -> Bool { matches(String(text)) }
}

extension JSONDocument {
    /// The strings at `path` from `object`: the value itself when it is a string, the strings of an array; empty
    /// when a step is missing or anything else.
    func strings(at path: [String], of object: Int) -> [String] {
        var current = object
        for key in path {
            guard let next = member(key, of: current) else { return [] }
            current = next
        }
        let node = nodes[current]
        switch node.kind {
        case .string:
            return [string(at: current)]
        case .array:
            var result: [String] = []
            var element = current + 1
            for _ in 0..<node.count {
                if nodes[element].kind == .string { result.append(string(at: element)) }
                element = nodes[element].next
            }
            return result
        default:
            return []
        }
    }
}
