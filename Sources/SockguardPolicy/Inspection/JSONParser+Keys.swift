/// Object keys: each is hashed as it is read and compared with the keys before it in its object, so a duplicate
/// or case-variant duplicate key is refused where it appears.
extension JSONParser {
    /// The keys read so far of the object being parsed: `openKeys[first...]`, plus an index once there are many.
    struct ObjectKeys {
        let first: Int
        /// Built at `indexThreshold` keys. Below it keys are compared linearly by their `keyHash`, one integer
        /// comparison each (Docker's largest object, `HostConfig`, has about 90 fields). The dictionary uses the
        /// standard library's randomly seeded hasher, so a huge object cannot make parsing quadratic. Below the
        /// threshold, keys crafted to collide on the unseeded `keyHash` cost one extra key comparison each: a body
        /// of N bytes costs at most about `indexThreshold / 2 * N` byte comparisons.
        var index: [JSONObject.FoldedKey: Int]?

        init(first: Int) {
            self.first = first
        }
    }

    static let indexThreshold = 128

    /// Reads one key into `nodes` and `openKeys`, refusing it if an earlier key of the object folds to it.
    mutating func parseKey(into keys: inout ObjectKeys) throws(JSONBodyError) {
        let offset = index
        let node: Int
        let hash: UInt64
        if let (end, asciiHash) = plainASCIIKey() {
            // Most keys: printable ASCII without escapes, hashed in the same pass that finds their end.
            node = nodes.count
            hash = asciiHash
            nodes.append(JSONDocument.Node(kind: .string, start: offset, end: end, next: node + 1, keyHash: hash))
            index = end
        } else {
            node = try parseStringNode()
            hash = JSONObject.foldedHash(keyString(node))
            nodes[node].keyHash = hash
        }
        if allowsDuplicateKeys {
            // Nothing to compare: the key is only recorded.
        } else if keys.index != nil {
            let key = JSONObject.FoldedKey(keyString(node))
            if let existing = keys.index?[key] { throw duplicate(node, existing: existing, offset: offset) }
            keys.index?[key] = node
        } else {
            var position = keys.first
            while let match = openKeyHashes[position...].firstIndex(of: hash) {
                if JSONObject.foldedEqual(keyString(openKeys[match]), keyString(node)) {
                    throw duplicate(node, existing: openKeys[match], offset: offset)
                }
                position = match + 1
            }
        }
        openKeys.append(node)
        openKeyHashes.append(hash)
        if !allowsDuplicateKeys && keys.index == nil && openKeys.count - keys.first >= Self.indexThreshold {
            var index: [JSONObject.FoldedKey: Int] = [:]
            index.reserveCapacity(2 * Self.indexThreshold)
            for existing in openKeys[keys.first...] { index[JSONObject.FoldedKey(keyString(existing))] = existing }
            keys.index = index
        }
    }

    /// The end (after the closing quote) and `JSONObject.foldedHash` of the key at `index` when it is printable
    /// ASCII without escapes; nil for any other key, which `parseStringNode` then reads and checks.
    private func plainASCIIKey() -> (end: Int, hash: UInt64)? {
        bytes.withUnsafeBufferPointer { buffer in
            var hash = JSONObject.foldedHashBasis
            var position = index + 1
            while position < buffer.count {
                let byte = buffer[position]
                if byte == .quote { return (position + 1, hash) }
                guard byte >= 0x20, byte < 0x80, byte != .backslash else { return nil }
                hash = JSONObject.foldedHash(hash, byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                position += 1
            }
            return nil
        }
    }

    private func keyString(_ node: Int) -> String {
        JSONDocument.string(nodes[node], bytes: bytes, decodedStrings: decodedStrings)
    }

    private func duplicate(_ node: Int, existing: Int, offset: Int) -> JSONBodyError {
        let key = keyString(node)
        let other = keyString(existing)
        let kind = other.utf8.elementsEqual(key.utf8) ? "duplicate key" : "case-variant duplicate key"
        return JSONBodyError("\(kind) \"\(key)\" (also \"\(other)\") at offset \(offset)")
    }
}
