/// YAML 1.1's number forms, read the way Yams read them (so a configuration means what it meant before).
enum YAMLNumber {
    static func integer(_ text: String) -> Int? {
        let digits = text.filter { $0 != "_" }
        if digits == "0" { return 0 }
        let negative = digits.hasPrefix("-")
        let unsigned = digits.dropFirst(negative || digits.hasPrefix("+") ? 1 : 0)
        let sign = negative ? "-" : ""
        for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where unsigned.hasPrefix(prefix) {
            return Int(sign + unsigned.dropFirst(prefix.count), radix: radix)
        }
        if unsigned.contains(":") {
            return sexagesimal(unsigned, negative: negative, integer: true).flatMap { Int(exactly: $0) }
        }
        return Int(digits)
    }

    static func float(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: break
        }
        let digits = text.filter { $0 != "_" }
        if digits.contains(":") {
            let negative = digits.hasPrefix("-")
            let unsigned = digits.dropFirst(negative || digits.hasPrefix("+") ? 1 : 0)
            return sexagesimal(unsigned, negative: negative, integer: false)
        }
        return Double(digits)
    }

    /// `1:30` is 90: base-60 groups, each an integer (or, for a float, any decimal).
    private static func sexagesimal(_ text: Substring, negative: Bool, integer: Bool) -> Double? {
        var total = 0.0
        for group in text.split(separator: ":", omittingEmptySubsequences: false) {
            let value: Double? = integer ? Int(group).map(Double.init) : Double(group)
            guard let value else { return nil }
            total = total * 60 + value
        }
        return negative ? -total : total
    }
}
