import Testing

@testable import SockguardProxy

/// Numbers in an access-log line are written in place, as the line's readers expect them.
@Suite struct LogLineTests {
    static func line(_ build: (inout LogLine) -> Void) -> String {
        var line = LogLine(format: .json)
        build(&line)
        return String(decoding: line.finish(), as: UTF8.self)
    }

    @Test(
        "latency is milliseconds to the microsecond, rounded, as a Double prints",
        arguments: [
            (Int64(123_456), "0.123"), (12_000_000, "12.0"), (1_234_500, "1.235"), (1_200_000, "1.2"), (0, "0.0"),
            (400, "0.0"), (7_000_001_000, "7000.001"),
        ]
    )
    func latency(_ nanoseconds: Int64, _ text: String) {
        #expect(Self.line { $0.add(.latencyMilliseconds, milliseconds: nanoseconds) } == #"{"latency_ms":"# + text + "}\n")
    }

    @Test("integers, the rule index and large byte counts")
    func integers() {
        #expect(Self.line { $0.add(.rule, signed: -1) } == #"{"rule":-1}"# + "\n")
        #expect(Self.line { $0.add(.rule, signed: 12) } == #"{"rule":12}"# + "\n")
        #expect(Self.line { $0.add(.bytes, integer: 0) } == #"{"bytes":0}"# + "\n")
        #expect(Self.line { $0.add(.bytes, integer: 123_456_789_012_345) } == #"{"bytes":123456789012345}"# + "\n")
    }
}
