/// Reading members of daemon output by exact name (Go writes its fields one way, so no case folding).
extension JSONDocument {
    /// Whether the key at `keyNode` is exactly `name`. Keys without escapes (all of Docker's) are compared as
    /// bytes, so walking an answer allocates nothing per member.
    func key(at keyNode: Int, is name: String) -> Bool {
        let key = nodes[keyNode]
        guard key.count < 0 else { return string(at: keyNode) == name }
        return name.utf8.elementsEqual(bytes[(key.start + 1)..<(key.end - 1)])
    }

    /// The value of `object`'s member named exactly `key` (daemon output spells its fields one way).
    func member(_ key: String, of object: Int) -> Int? {
        let node = nodes[object]
        guard node.kind == .object else { return nil }
        var keyNode = object + 1
        for _ in 0..<node.count {
            if self.key(at: keyNode, is: key) { return keyNode + 1 }
            keyNode = nodes[keyNode + 1].next
        }
        return nil
    }

    /// The value of `object`'s member whose key matches `key` the way dockerd matches struct fields (folded).
    func member(foldedKey key: String, of object: Int) -> Int? {
        let node = nodes[object]
        guard node.kind == .object else { return nil }
        var keyNode = object + 1
        for _ in 0..<node.count {
            if JSONObject.foldedEqual(string(at: keyNode), key) { return keyNode + 1 }
            keyNode = nodes[keyNode + 1].next
        }
        return nil
    }

    /// The string labels at `path` from `object`; empty when a step is missing or not an object (`null`).
    func labels(at path: [String], of object: Int) -> [String: String] {
        var current = object
        for key in path {
            guard let next = member(key, of: current) else { return [:] }
            current = next
        }
        let node = nodes[current]
        guard node.kind == .object else { return [:] }
        var labels: [String: String] = [:]
        var keyNode = current + 1
        for _ in 0..<node.count {
            if nodes[keyNode + 1].kind == .string {
                labels[string(at: keyNode)] = string(at: keyNode + 1)
            }
            keyNode = nodes[keyNode + 1].next
        }
        return labels
    }
}
