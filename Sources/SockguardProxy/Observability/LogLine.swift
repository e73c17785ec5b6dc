import SockguardPolicy

/// One access-log line being built: a JSON object, or slog-style `key=value` pairs with values quoted when they
/// hold a space, a quote, an `=` or a control character.
struct LogLine {
    let format: AccessLog.Format
    private var text: String

    init(format: AccessLog.Format) {
        self.format = format
        self.text = format == .json ? "{" : ""
    }

    mutating func add(_ field: LogField, _ value: String, quoted: Bool = true) {
        switch format {
        case .json:
            if text.utf8.count > 1 { text += "," }
            text += "\"" + field.rawValue + "\":" + (quoted ? JSONString.quote(value) : value)
        case .text:
            if !text.isEmpty { text += " " }
            text += field.rawValue + "=" + AccessLog.textValue(value)
        }
    }

    func finished() -> String {
        format == .json ? text + "}\n" : text + "\n"
    }
}
