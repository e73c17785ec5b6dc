import SockguardPolicy

/// Text -> typed value for every scalar key. YAML, environment and flags all go through these, so a value
/// means the same wherever it is written.
enum ValueParser {
    /// `true/false`, `1/0`, `yes/no`, case-insensitive. (YAML booleans arrive here as "true"/"false".)
    static func boolean(_ text: String) throws(ValueError) -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ValueError("expected a boolean (true/false, 1/0, yes/no), got \"\(text)\"")
        }
    }

    static func choice<T: RawRepresentable & CaseIterable>(
        _ text: String,
        _: T.Type,
        noun: String
    ) throws(ValueError) -> T where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        let expected = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValueError("unknown \(noun) \"\(text)\" (expected \(expected))")
    }

    /// `"30s"`, `"2m"`, `"1h"`, `"500ms"`, `"1m30s"`; `"0"`, `"off"` or `""` mean no deadline (nil).
    static func timeout(_ text: String) throws(ValueError) -> Duration? {
        if text == "0" || text == "off" || text.isEmpty { return nil }
        let milliseconds = try unsignedMilliseconds(text, whole: text, example: "\"off\" disables")
        return milliseconds == 0 ? nil : .milliseconds(milliseconds)
    }

    /// A duration as `timeout` reads it, with an optional leading `-` (`"-1s"`); `"0"` is zero.
    static func signedDuration(_ text: String) throws(ValueError) -> Duration {
        if text == "0" { return .zero }
        let example = "a leading \"-\" makes it negative"
        if text.hasPrefix("-") {
            return .milliseconds(-(try unsignedMilliseconds(String(text.dropFirst()), whole: text, example: example)))
        }
        return .milliseconds(try unsignedMilliseconds(text, whole: text, example: example))
    }

    /// `upstream.failover.health_interval`: positive, or negative for "no background probing" (nil).
    static func healthInterval(_ text: String) throws(ValueError) -> Duration? {
        let interval = try signedDuration(text)
        guard interval != .zero else {
            throw ValueError(
                "must be non-zero: use a negative duration (\"-1s\") to disable background probing, or omit it for "
                    + "the 5s default"
            )
        }
        return interval < .zero ? nil : interval
    }

    /// A duration of zero or more (`reload.debounce`, `reload.poll_interval`).
    static func nonNegativeDuration(_ text: String) throws(ValueError) -> Duration {
        let duration = try signedDuration(text)
        guard duration >= .zero else { throw ValueError("must not be negative, got \"\(text)\"") }
        return duration
    }

    /// A duration greater than zero (`upstream.failover.health_timeout`).
    static func positiveDuration(_ text: String) throws(ValueError) -> Duration {
        let duration = try signedDuration(text)
        guard duration > .zero else { throw ValueError("must be a positive duration, got \"\(text)\"") }
        return duration
    }

    /// Sums `<digits><unit>` runs; "ms" is tried before "m", so "500ms" is not 500 minutes followed by garbage.
    private static func unsignedMilliseconds(
        _ text: String,
        whole: String,
        example: String
    ) throws(ValueError) -> Int64 {
        let units: [(String, Int64)] = [("ms", 1), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        var milliseconds: Int64 = 0
        var rest = Substring(text)
        let bad = ValueError("\"\(whole)\" is not a duration (for example \"30s\", \"2m\", \"500ms\"; \(example))")
        if rest.isEmpty { throw bad }
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 9, let number = Int64(digits) else { throw bad }
            rest = rest.dropFirst(digits.count)
            guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { throw bad }
            rest = rest.dropFirst(unit.count)
            milliseconds += number * scale
        }
        return milliseconds
    }

    /// A user or group id for `socket_uid`/`socket_gid`: a number from 0 to 4294967294 (`-1` and 4294967295 mean
    /// "unchanged" to chown, so they are refused rather than silently ignored).
    static func socketOwnerID(_ text: String) throws(ValueError) -> UInt32 {
        guard let id = UInt32(text.trimmingSpaces()), id != UInt32.max else {
            throw ValueError("expected a user or group id (0 to 4294967294), got \"\(text)\"")
        }
        return id
    }

    /// Octal permission bits: `"0600"`, `"600"`, `"0o660"`, or the same digits as a bare YAML number.
    /// Digits are always read as octal. Modes that let "other" users connect are refused: a unix socket in
    /// front of the Docker API is as good as root for whoever can open it.
    static func socketMode(_ text: String) throws(ValueError) -> UInt32 {
        var digits = Substring(text)
        if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ ("0"..."7").contains($0) }),
            let mode = UInt32(digits, radix: 8)
        else {
            throw ValueError("\"\(text)\" is not an octal mode (for example \"0600\" or \"0660\")")
        }
        guard mode <= 0o777 else {
            throw ValueError("\"\(text)\" is above 0777; only permission bits are allowed")
        }
        guard mode & 0o007 == 0 else {
            throw ValueError("\"\(text)\" lets every local user reach the Docker API; use 0600 or 0660")
        }
        return mode
    }

    /// An absolute path that fits in `sockaddr_un.sun_path` (107 bytes plus the terminator).
    static func unixSocketPath(_ text: String) throws(ValueError) -> String {
        guard text.hasPrefix("/") else {
            throw ValueError("\"\(text)\" must be an absolute path")
        }
        guard text.utf8.count <= 107 else {
            throw ValueError("path is \(text.utf8.count) bytes; unix socket paths are limited to 107")
        }
        return text
    }

    static func httpPath(_ text: String) throws(ValueError) -> String {
        guard text.hasPrefix("/") else {
            throw ValueError("\"\(text)\" must start with \"/\"")
        }
        return text
    }

    /// A whole number greater than 0 (`clients.global_concurrency.max_inflight`).
    static func positiveInteger(_ text: String) throws(ValueError) -> Int {
        guard let number = Int(text.trimmingSpaces()), number > 0 else {
            throw ValueError("must be a whole number greater than 0, got \"\(text)\"")
        }
        return number
    }

    static func nonEmpty(_ text: String) throws(ValueError) -> String {
        guard !text.isEmpty else { throw ValueError("must not be empty") }
        return text
    }

    /// `response.name_patterns`, `response.image_patterns`: globs (`NameGlob`), none empty.
    static func nameGlobs(_ entries: [String]) throws(ValueError) -> [NameGlob] {
        try nonEmptyEntries(entries).compactMap(NameGlob.init)
    }
}
