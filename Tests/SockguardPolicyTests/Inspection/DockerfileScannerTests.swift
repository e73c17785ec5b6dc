import Testing

@testable import SockguardPolicy

@Suite struct DockerfileScannerTests {
    private func scan(_ text: String, readingHeredocs: Bool = true) throws -> DockerfileScanner {
        try DockerfileScanner(Array(text.utf8), readingHeredocs: readingHeredocs)
    }

    /// Dockerfiles that run a command at build time, in the spellings BuildKit's parser accepts.
    static let running: [(String, String)] = [
        ("plain", "FROM alpine\nRUN id\n"),
        ("lower case", "from alpine\nrun id"),
        ("mixed case", "FROM alpine\nRuN id\n"),
        ("indented", "FROM alpine\n   \tRUN id\n"),
        ("CRLF line ends", "FROM alpine\r\nRUN id\r\n"),
        ("byte order mark before RUN", "\u{FEFF}RUN id\n"),
        ("exec form", "FROM alpine\nRUN [\"id\"]\n"),
        ("with flags", "FROM alpine\nRUN --mount=type=cache,target=/x --network=none id\n"),
        ("continued keyword", "FROM alpine\nR\\\nUN id\n"),
        ("continued keyword with trailing spaces", "FROM alpine\nRU\\  \t\nN id\n"),
        ("keyword continued across a comment and a blank line", "FROM alpine\nR\\\n# comment\n\nUN id\n"),
        ("ONBUILD RUN", "FROM alpine\nONBUILD RUN id\n"),
        ("onbuild run in lower case", "FROM alpine\nonbuild   run id\n"),
        ("ONBUILD with a flag before RUN", "FROM alpine\nONBUILD --x=\"a b\" RUN id\n"),
        ("ONBUILD continued", "FROM alpine\nONBUILD \\\n  RUN id\n"),
        (
            "escape directive with a backtick continuation elsewhere",
            "# escape=`\nFROM alpine\nLABEL a=b `\n c=d\nRUN id\n"
        ),
        ("backslash no longer continues under backtick escape", "# escape=`\nFROM alpine\nLABEL a=b \\\nRUN id\n"),
        ("dotted capital I folds to i in ONBUILD", "FROM alpine\nONBU\u{130}LD RUN id\n"),
        ("heredoc RUN", "FROM alpine\nRUN <<EOF\nid\nEOF\n"),
        ("RUN after a COPY heredoc", "FROM alpine\nCOPY <<EOF /x\nhello\nEOF\nRUN id\n"),
        ("RUN after a chomped heredoc", "FROM alpine\nCOPY <<-EOF /x\n\thello\n\tEOF\nRUN id\n"),
        ("RUN after a quoted heredoc name", "FROM alpine\nADD <<'END' /x\nEOF\nEND\nRUN id\n"),
        ("a quoted <<EOF is not a heredoc", "FROM alpine\nCOPY \"a <<EOF b\" /x\nRUN id\nEOF\n"),
        ("a heredoc next to a variable is not trusted", "FROM alpine\nCOPY ${X:+ <<EOF } /x\nRUN id\nEOF\n"),
        ("RUN inside a COPY heredoc, for parsers without heredocs", "FROM alpine\nCOPY <<EOF /x\nRUN id\nEOF\n"),
        ("last line without newline", "FROM alpine\nRUN id"),
        ("a combining mark after the space before the arguments", "FROM alpine\nRUN \u{301}id\n"),
        ("a comment starting with a combining mark does not continue", "FROM alpine\n#\u{301} note \\\nRUN id\n"),
        ("Kelvin sign is not k, but RUN is still found", "FROM alpine\nWOR\u{212A}DIR /x\nRUN id\n"),
    ]

    @Test("finds RUN in every spelling the builder accepts", arguments: running)
    func findsRun(_ name: String, _ text: String) throws {
        let modern = try scan(text)
        let legacy = try scan(text, readingHeredocs: false)
        #expect(modern.runsCommands || legacy.runsCommands, "\(name)")
    }

    /// Dockerfiles with no build-time command, even though the word RUN appears.
    static let notRunning: [(String, String)] = [
        ("no RUN", "FROM alpine\nCOPY . /app\nLABEL run=yes\nCMD [\"run\"]\n"),
        ("RUN in a comment", "FROM alpine\n# RUN id\n  # RUN id\n"),
        ("RUN as an argument", "FROM alpine\nENTRYPOINT run id\nENV RUN=1\n"),
        ("RUN in a continued comment line", "FROM alpine\nLABEL a=b \\\n  # RUN id\n  c=d\n"),
        ("RUN text inside a RUN-less heredoc, modern parser", "FROM alpine\nCOPY <<EOF /x\nhello\nEOF\nCOPY . /\n"),
        ("RUN as a suffix of another word", "FROM alpine\nRUNNER x\n"),
        ("RUN continued into a LABEL across a comment", "FROM alpine\nLABEL a=b \\\n# comment\n\nRUN id\n"),
        ("RUN continued into a LABEL by a backtick escape", "# escape=`\nFROM alpine\nLABEL a=b `\nRUN id\n"),
    ]

    @Test("does not report RUN where the builder runs nothing", arguments: notRunning)
    func noRun(_ name: String, _ text: String) throws {
        #expect(try !scan(text).runsCommands, "\(name)")
        #expect(try !scan(text, readingHeredocs: false).runsCommands, "\(name)")
    }

    @Test("a heredoc hides its content from the heredoc-aware reading only")
    func heredocReadings() throws {
        let text = "FROM alpine\nCOPY <<EOF /x\nRUN id\nEOF\n"
        #expect(try scan(text).instructions.map(\.keyword) == ["from", "copy"])
        #expect(try scan(text, readingHeredocs: false).instructions.map(\.keyword) == ["from", "copy", "run", "eof"])
    }

    @Test("instructions keep their starting line")
    func lineNumbers() throws {
        let reading = try scan("# comment\n\nFROM alpine\nLABEL a=1 \\\n  b=2\nRUN id\n")
        #expect(reading.instructions.map(\.line) == [3, 4, 6])
    }

    static let syntaxes: [(String, String, String?)] = [
        ("plain", "# syntax=docker/dockerfile:1\nFROM alpine\n", "docker/dockerfile:1"),
        ("spaced and upper-case key", "#  SYNTAX = evil/frontend \nFROM alpine\n", "evil/frontend"),
        ("after another directive", "# escape=`\n# syntax=evil/frontend\nFROM alpine\n", "evil/frontend"),
        ("after a shebang", "#!/usr/bin/env buildctl\n# syntax=evil/frontend\nFROM alpine\n", "evil/frontend"),
        ("slash comment", "// syntax=evil/frontend\nFROM alpine\n", "evil/frontend"),
        ("after a shebang with a combining mark", "#!\u{301}x\n# syntax=evil/frontend\nFROM alpine\n", "evil/frontend"),
        ("indented", "   # syntax=evil/frontend\nFROM alpine\n", "evil/frontend"),
        ("after a blank line is a comment", "\n# syntax=evil/frontend\nFROM alpine\n", nil),
        ("after an ordinary comment is a comment", "# hello\n# syntax=evil/frontend\nFROM alpine\n", nil),
        ("after an instruction is a comment", "FROM alpine\n# syntax=evil/frontend\n", nil),
    ]

    @Test("detects a syntax directive where BuildKit could read one", arguments: syntaxes)
    func syntaxDirective(_ name: String, _ text: String, _ expected: String?) throws {
        #expect(try scan(text).syntax == expected, "\(name)")
    }

    @Test("refuses what the parser refuses")
    func failures() {
        #expect(throws: DockerfileScanner.Failure.invalidEscape("x")) { try scan("# escape=x\nFROM alpine\n") }
        #expect(throws: DockerfileScanner.Failure.repeatedDirective("escape")) {
            try scan("# escape=`\n# escape=\\\nFROM alpine\n")
        }
        #expect(throws: DockerfileScanner.Failure.unterminatedHeredoc("EOF")) {
            try scan("FROM alpine\nCOPY <<EOF /x\nRUN id\n")
        }
        #expect(throws: DockerfileScanner.Failure.notADockerfile) { try scan("{\"syntax\": \"evil/frontend\"}") }
        #expect(throws: DockerfileScanner.Failure.notADockerfile) { try scan("\n  \n {\"syntax\": \"evil\"}") }
    }
}
