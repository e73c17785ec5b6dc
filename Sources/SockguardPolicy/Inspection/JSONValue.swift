/// One JSON value as `JSONBody` parsed it. Numbers keep their literal text, so no precision is lost and each
/// inspector decides what range it accepts (as Go's `encoding/json` does per target field).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The literal as written, already checked against the JSON number grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type name, for messages ("must be a boolean, not a string").
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
