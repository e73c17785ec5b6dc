/// Typed field reads for inspectors. `null` and absence both read as nil (Go leaves the field at its zero
/// value); any other wrong type is a `BodyFieldRefusal` naming the field path.
extension JSONObject {
    func bool(_ key: String, in parent: String) throws(BodyFieldRefusal) -> Bool? {
        switch value(forKey: key) {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw .wrongType(parent + key, expected: "a boolean", found: other)
        }
    }

    func string(_ key: String, in parent: String) throws(BodyFieldRefusal) -> String? {
        switch value(forKey: key) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw .wrongType(parent + key, expected: "a string", found: other)
        }
    }

    /// An integer that fits Go's `int64`; fractions and exponents are refused as dockerd refuses them.
    func int64(_ key: String, in parent: String) throws(BodyFieldRefusal) -> Int64? {
        switch value(forKey: key) {
        case nil, .null?: return nil
        case .number(let literal)?:
            guard let number = Int64(literal) else {
                throw BodyFieldRefusal(.requestBodyInvalidField, "\(parent + key) must be a 64-bit integer")
            }
            return number
        case let other?: throw .wrongType(parent + key, expected: "an integer", found: other)
        }
    }

    func array(_ key: String, in parent: String) throws(BodyFieldRefusal) -> [JSONValue]? {
        switch value(forKey: key) {
        case nil, .null?: return nil
        case .array(let elements)?: return elements
        case let other?: throw .wrongType(parent + key, expected: "an array", found: other)
        }
    }

    func object(_ key: String, in parent: String) throws(BodyFieldRefusal) -> JSONObject? {
        switch value(forKey: key) {
        case nil, .null?: return nil
        case .object(let object)?: return object
        case let other?: throw .wrongType(parent + key, expected: "an object", found: other)
        }
    }

    /// An array of strings; a `null` element is refused (Go would decode it as "", silently).
    func strings(_ key: String, in parent: String) throws(BodyFieldRefusal) -> [String] {
        guard let elements = try array(key, in: parent) else { return [] }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw .wrongType("\(parent + key)[\(position)]", expected: "a string", found: element)
            }
            result.append(text)
        }
        return result
    }

    /// A map whose values are strings, keyed exactly as written (labels, sysctls, driver options).
    func stringMap(_ key: String, in parent: String) throws(BodyFieldRefusal) -> [(key: String, value: String)] {
        guard let object = try object(key, in: parent) else { return [] }
        var result: [(key: String, value: String)] = []
        for member in object.members {
            guard case .string(let text) = member.value else {
                throw .wrongType("\(parent + key).\(member.key)", expected: "a string", found: member.value)
            }
            result.append((member.key, text))
        }
        return result
    }
}
