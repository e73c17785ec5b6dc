import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One access-log line being built, as bytes: a JSON object, or slog-style `key=value` pairs with values quoted
/// when they hold a space, a quote, an `=` or a control character.
struct LogLine {
    let format: AccessLog.Format
    private(set) var bytes: [UInt8] = []

    init(format: AccessLog.Format) {
        self.format = format
        bytes.reserveCapacity(512)
        if format == .json { bytes.append(UInt8(ascii: "{")) }
    }

    mutating func add(_ field: LogField, _ value: String, quoted: Bool = true) {
        startField(field)
        switch format {
        case .json where quoted: JSONString.appendQuoted(value, to: &bytes)
        case .json: bytes.append(contentsOf: value.utf8)
        case .text: AccessLog.appendTextValue(value, to: &bytes)
        }
    }

    /// A non-negative integer, unquoted, written in place.
    mutating func add(_ field: LogField, integer value: Int) {
        startField(field)
        LogTime.appendDigits(max(0, value), 1, to: &bytes)
    }

    /// `rule`: -1 or an index, unquoted.
    mutating func add(_ field: LogField, signed value: Int) {
        startField(field)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        LogTime.appendDigits(abs(value), 1, to: &bytes)
    }

    /// Milliseconds from nanoseconds, to the microsecond, as Swift prints a `Double` (`0.123`, `12.0`), unquoted.
    mutating func add(_ field: LogField, milliseconds nanoseconds: Int64) {
        startField(field)
        let micros = max(0, Int((nanoseconds + 500) / 1000))
        LogTime.appendDigits(micros / 1000, 1, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        var fraction = micros % 1000
        guard fraction > 0 else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var width = 3
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        LogTime.appendDigits(fraction, width, to: &bytes)
    }

    /// A timestamp value, written in place.
    mutating func addTime(_ field: LogField, _ time: timespec) {
        startField(field)
        if format == .json { bytes.append(UInt8(ascii: "\"")) }
        LogTime.append(time, .milliseconds, to: &bytes)
        if format == .json { bytes.append(UInt8(ascii: "\"")) }
    }

    private mutating func startField(_ field: LogField) {
        switch format {
        case .json:
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: field.rawValue.utf8)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        case .text:
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            bytes.append(contentsOf: field.rawValue.utf8)
            bytes.append(UInt8(ascii: "="))
        }
    }

    /// The finished line, with its newline.
    mutating func finish() -> [UInt8] {
        if format == .json { bytes.append(UInt8(ascii: "}")) }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
