import Logging
import SockguardConfig
import SockguardProxy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// swift-log handler writing one line per event: JSON (`{"time":..,"level":..,"msg":..,...metadata}`) or
/// `time=... level=INFO msg=... key=value` text, as Go's slog writes it. Messages are constant; the data is in the metadata.
struct StructuredLogHandler: LogHandler {
    let label: String
    let fileDescriptor: Int32
    let format: LogConfig.Format
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, fileDescriptor: Int32, format: LogConfig.Format, level: Logger.Level) {
        self.label = label
        self.fileDescriptor = fileDescriptor
        self.format = format
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// A metadata value as JSON: a dictionary (slog's group) as an object, anything else as a string.
    static func json(_ value: Logger.MetadataValue) -> String {
        guard case .dictionary(let group) = value else { return OutputRenderer.quote("\(value)") }
        let members = group.keys.sorted().map { OutputRenderer.quote($0) + ":" + json(group[$0] ?? "") }
        return "{" + members.joined(separator: ",") + "}"
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let metadata = event.metadata { merged.merge(metadata) { $1 } }
        if let error = event.error { merged["error"] = "\(error)" }
        let message = event.message
        // slog's level names, as the Go sockguard writes them.
        let levelName = event.level == .warning ? "WARN" : event.level.rawValue.uppercased()
        var text: String
        switch self.format {
        case .json:
            text =
                "{\"time\":\"\(AccessLog.timestamp())\",\"level\":\"\(levelName)\",\"msg\":"
                + OutputRenderer.quote(message.description)
            for key in merged.keys.sorted() {
                text += "," + OutputRenderer.quote(key) + ":" + Self.json(merged[key] ?? "")
            }
            text += "}\n"
        case .text:
            text = "time=\(AccessLog.timestamp()) level=\(levelName) msg=" + AccessLog.textValue(message.description)
            for key in merged.keys.sorted() { text += " \(key)=" + AccessLog.textValue("\(merged[key] ?? "")") }
            text += "\n"
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            _ = write(self.fileDescriptor, buffer.baseAddress, buffer.count)
        }
    }
}
