/// A parsed body: its bytes and one node per value and per object key, in body order. `JSONObject` reads its
/// members from here when an inspector asks, so a string or number becomes a Swift value only if it is read:
/// parsing checks the whole body but allocates nothing per value.
final class JSONDocument: Sendable {
    /// 32 bytes: positions are stored as `Int32` (`JSONParser` refuses bodies of 2 GiB or more), so even a body
    /// that is one long array of zeros needs about 16 bytes of nodes per body byte.
    struct Node: Sendable {
        enum Kind: UInt8, Sendable {
            case null, `true`, `false`, number, string, array, object
        }

        /// Object keys only: `JSONObject.foldedHash` of the key.
        var keyHash: UInt64
        private var storedStart: Int32
        private var storedEnd: Int32
        private var storedCount: Int32 = -1
        private var storedNext: Int32
        var kind: Kind

        init(kind: Kind, start: Int, end: Int, next: Int, keyHash: UInt64 = 0) {
            self.kind = kind
            self.storedStart = Int32(start)
            self.storedEnd = Int32(end)
            self.storedNext = Int32(next)
            self.keyHash = keyHash
        }

        /// The literal's bytes; a string's include its quotes.
        var start: Int { Int(storedStart) }
        var end: Int {
            get { Int(storedEnd) }
            set { storedEnd = Int32(newValue) }
        }
        /// Members of an object, elements of an array; for a string with escapes, its index in `decodedStrings`
        /// (-1 when the string has none and is its bytes between the quotes).
        var count: Int {
            get { Int(storedCount) }
            set { storedCount = Int32(newValue) }
        }
        /// The node after this value and everything inside it.
        var next: Int {
            get { Int(storedNext) }
            set { storedNext = Int32(newValue) }
        }
    }

    let bytes: [UInt8]
    /// The root value is node 0. An object's key nodes each come right before their value's nodes.
    let nodes: [Node]
    /// Strings with escapes, decoded while parsing (they are rare).
    let decodedStrings: [String]

    init(bytes: [UInt8], nodes: [Node], decodedStrings: [String]) {
        self.bytes = bytes
        self.nodes = nodes
        self.decodedStrings = decodedStrings
    }

    /// The string at a string node, decoded.
    func string(at index: Int) -> String {
        Self.string(nodes[index], bytes: bytes, decodedStrings: decodedStrings)
    }

    static func string(_ node: Node, bytes: [UInt8], decodedStrings: [String]) -> String {
        if node.count >= 0 { return decodedStrings[node.count] }
        return String(decoding: bytes[node.start + 1..<node.end - 1], as: UTF8.self)
    }

    /// The value at `index` as a `JSONValue`. Arrays are built element by element; objects stay in the document.
    func value(at index: Int) -> JSONValue {
        let node = nodes[index]
        switch node.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(String(decoding: bytes[node.start..<node.end], as: UTF8.self))
        case .string: return .string(string(at: index))
        case .object: return .object(JSONObject(document: self, node: index))
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(node.count)
            var element = index + 1
            for _ in 0..<node.count {
                elements.append(value(at: element))
                element = nodes[element].next
            }
            return .array(elements)
        }
    }
}
