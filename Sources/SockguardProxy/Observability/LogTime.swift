#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 3339 UTC timestamps written straight into a log line's bytes: every request writes one or two, so no
/// intermediate strings.
enum LogTime {
    enum Fraction {
        /// `.123`, as the access log writes (slog's milliseconds).
        case milliseconds
        /// Go's `RFC3339Nano`: up to nine digits, trailing zeros (and a bare dot) dropped.
        case nanosecondsTrimmed
    }

    static func now() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now
    }

    static func append(_ time: timespec, _ fraction: Fraction, to bytes: inout [UInt8]) {
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        appendDigits(Int(parts.tm_year) + 1900, 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mon) + 1, 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(parts.tm_mday), 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(Int(parts.tm_hour), 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_min), 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(Int(parts.tm_sec), 2, to: &bytes)
        switch fraction {
        case .milliseconds:
            bytes.append(UInt8(ascii: "."))
            appendDigits(Int(time.tv_nsec) / 1_000_000, 3, to: &bytes)
        case .nanosecondsTrimmed:
            var nanoseconds = Int(time.tv_nsec)
            guard nanoseconds > 0 else { break }
            var width = 9
            while nanoseconds % 10 == 0 {
                nanoseconds /= 10
                width -= 1
            }
            bytes.append(UInt8(ascii: "."))
            appendDigits(nanoseconds, width, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    static func string(_ time: timespec, _ fraction: Fraction) -> String {
        var bytes: [UInt8] = []
        append(time, fraction, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` (non-negative) in decimal, zero-padded to `width` digits (at most 20).
    static func appendDigits(_ value: Int, _ width: Int, to bytes: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 && count < 20
            while count < width && count < 20 {
                buffer[count] = UInt8(ascii: "0")
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}
