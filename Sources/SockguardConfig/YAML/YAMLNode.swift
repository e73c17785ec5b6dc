/// A composed YAML node: what the config readers walk. Aliases are already replaced by the node they name;
/// mappings keep their pairs in file order (duplicate keys are refused while composing).
///
/// Scalars are resolved the way YAML 1.1 and Yams (which sockguard used before) resolve them: only a plain,
/// untagged scalar can be a null, a boolean or a number; a quoted one, or one tagged `!!str`, is always text.
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case sequence([YAMLNode])
    case mapping([(key: YAMLNode, value: YAMLNode)])

    struct Scalar: Sendable, Equatable {
        enum Style: Sendable, Equatable {
            case plain
            /// Single- or double-quoted, literal (`|`) or folded (`>`).
            case quoted
        }

        /// A tag written on the scalar: `!!str`, `!!int`, ... (resolved to the `tag:yaml.org,2002:` form).
        enum Tag: Sendable, Equatable {
            case string, boolean, integer, float, null
        }

        var string: String
        var style: Style
        var tag: Tag?

        init(_ string: String, style: Style = .plain, tag: Tag? = nil) {
            self.string = string
            self.style = style
            self.tag = tag
        }

        /// Whether the scalar may resolve to `tag` rather than to text.
        func resolves(to tag: Tag) -> Bool {
            if let written = self.tag { return written == tag }
            return self.style == .plain
        }
    }

    /// The scalar's text; nil for a sequence or a mapping.
    var string: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// An empty value: `key:`, `~`, `null` (plain, or tagged `!!null`).
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.resolves(to: .null) else { return false }
        if scalar.tag == .null { return true }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// YAML 1.1 booleans: true/false, yes/no, on/off, each in lower, capitalised or upper case.
    var bool: Bool? {
        guard case .scalar(let scalar) = self, scalar.resolves(to: .boolean) else { return nil }
        let text = scalar.tag == .boolean ? scalar.string.lowercased() : scalar.string
        for (spellings, value) in Self.booleans {
            for word in spellings where text == word || text == word.capitalized || text == word.uppercased() {
                return value
            }
        }
        return nil
    }

    private static let booleans: [([String], Bool)] = [
        (["true", "yes", "on"], true), (["false", "no", "off"], false),
    ]

    /// A YAML 1.1 integer: decimal, `0x`, `0o`/`0` (octal), `0b`, `_` separators, sexagesimal `1:30`.
    var int: Int? {
        guard case .scalar(let scalar) = self, scalar.resolves(to: .integer) else { return nil }
        return YAMLNumber.integer(scalar.string)
    }

    /// A YAML 1.1 float: any integer form, decimals and exponents, `.inf`, `-.inf`, `.nan`.
    var float: Double? {
        guard case .scalar(let scalar) = self, scalar.resolves(to: .float) else { return nil }
        return YAMLNumber.float(scalar.string)
    }
}

extension String {
    fileprivate var capitalized: String { prefix(1).uppercased() + dropFirst() }
}
