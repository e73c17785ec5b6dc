/// Reads a Dockerfile into its instructions the way BuildKit's `frontend/dockerfile/parser` reads it (the
/// parser both the classic builder and BuildKit use), so that `BuildInspector` sees every instruction the
/// builder will run and nothing it will not.
///
/// Lines are read as Unicode scalars, as Go reads runes: Swift's `Character` would merge a space or a `#`
/// with a following combining mark and split words where Go does not.
///
/// What the parser does, and this scanner follows:
/// - Lines split on `\n` (a `\r` before it dropped); a UTF-8 byte order mark on the first line ignored.
/// - Parser directives (`# escape=`, `# syntax=`, `# check=`, key case-insensitive) only in the leading
///   run of directive lines: any other line, even a blank one, ends them. `escape` must be `\` or a
///   backtick; a repeated directive is an error.
/// - A line whose first non-space character is `#` is a comment, also inside a continuation.
/// - A line ending in the escape character (then optional spaces and tabs) continues on the next line;
///   the pieces are joined with nothing between them, so `R\` + `UN x` is `RUN x`. Blank lines inside a
///   continuation are skipped.
/// - The instruction is the first word, split on ASCII whitespace and lower-cased as Go does (`RuN` is
///   `run`; `İ` U+0130 lower-cases to `i` and `K` U+212A to `k`). `ONBUILD`'s instruction is the first word
///   after its flags.
/// - `RUN`, `COPY` and `ADD` (also under `ONBUILD`) may start heredocs (`<<EOF`, `<<-EOF`, `<<"EOF"`): the
///   lines up to each terminator are content, not instructions.
///
/// Where this scanner cannot be sure, it errs towards seeing instructions: a heredoc is recognised only in
/// its plain spellings on lines without `$`, `\` or backticks (BuildKit also expands variables and escapes
/// there), so an exotic heredoc is read as instructions, which can only refuse more. A frontend selected
/// with `syntax` is detected more widely than BuildKit detects it: `#` or `//` directive lines, after a
/// `#!` line, with leading spaces; a document starting with `{` (BuildKit also reads a JSON `syntax` key)
/// is refused as not a Dockerfile.
struct DockerfileScanner {
    /// One instruction, by keyword.
    struct Instruction: Sendable, Equatable {
        /// Lower-cased: `run`, `from`, `onbuild`.
        var keyword: String
        /// For `onbuild`, the instruction it registers, lower-cased.
        var triggerKeyword: String?
        /// 1-based line where the instruction starts.
        var line: Int
    }

    /// Why a Dockerfile could not be read; the builder would fail on it too.
    enum Failure: Error, Equatable {
        case invalidEscape(String)
        case repeatedDirective(String)
        case unterminatedHeredoc(String)
        case notADockerfile

        var message: String {
            switch self {
            case .invalidEscape(let value): "invalid escape directive \"\(value)\""
            case .repeatedDirective(let name): "the \(name) parser directive appears more than once"
            case .unterminatedHeredoc(let name): "unterminated heredoc \(name)"
            case .notADockerfile: "the Dockerfile is not a Dockerfile"
            }
        }
    }

    /// The `syntax` directive's value, if any: the frontend image BuildKit would run.
    var syntax: String?
    var instructions: [Instruction] = []

    /// Whether any instruction runs a command at build time, now (`RUN`) or in a later build (`ONBUILD RUN`).
    var runsCommands: Bool {
        instructions.contains { $0.keyword == "run" || $0.triggerKeyword == "run" }
    }

    static let directiveNames: Set<String> = ["escape", "syntax", "check"]
    static let heredocInstructions: Set<String> = ["run", "copy", "add"]

    /// Scans `bytes`. With `readingHeredocs` false, heredoc content is read as instructions, as a parser
    /// without heredoc support (older dockerd) reads it; `BuildInspector` checks both readings.
    init(_ bytes: [UInt8], readingHeredocs: Bool = true) throws(Failure) {
        let lines = Self.lines(bytes)
        syntax = Self.detectSyntax(lines)
        if lines.lazy.joined().first(where: { !Self.isSpace($0) }) == "{" {
            throw .notADockerfile
        }

        var escape: Unicode.Scalar = "\\"
        var directivesDone = false
        var seenDirectives: Set<String> = []
        var index = 0
        while index < lines.count {
            let trimmed = lines[index].drop(while: Self.isSpace)
            index += 1
            let startLine = index
            if !directivesDone {
                if let (name, value) = Self.directive(trimmed, prefix: ["#"]), Self.directiveNames.contains(name) {
                    guard seenDirectives.insert(name).inserted else { throw .repeatedDirective(name) }
                    if name == "escape" {
                        guard value.count == 1, let token = value.first, token == "\\" || token == "`" else {
                            throw .invalidEscape(Self.string(value))
                        }
                        escape = token
                    }
                } else {
                    directivesDone = true
                }
            }
            let (first, firstEnded) = Self.trimContinuation(trimmed.first == "#" ? [] : trimmed, escape: escape)
            var line = Array(first)
            var ended = firstEnded
            if ended && line.isEmpty {
                continue
            }
            while !ended, index < lines.count {
                let next = lines[index][...]
                index += 1
                let nextTrimmed = next.drop(while: Self.isSpace)
                if nextTrimmed.first == "#" || nextTrimmed.isEmpty {
                    continue
                }
                let piece: ArraySlice<Unicode.Scalar>
                (piece, ended) = Self.trimContinuation(next, escape: escape)
                line += piece
            }

            let instruction = Self.instruction(line[...], startLine: startLine)
            instructions.append(instruction)
            let heredocKeyword = instruction.triggerKeyword ?? instruction.keyword
            guard readingHeredocs, Self.heredocInstructions.contains(heredocKeyword) else { continue }
            for heredoc in Self.heredocs(line[...]) {
                var terminated = false
                while index < lines.count {
                    var candidate = lines[index][...]
                    index += 1
                    if heredoc.chomp {
                        candidate = candidate.drop { $0 == "\t" }
                    }
                    if candidate.elementsEqual(heredoc.name) {
                        terminated = true
                        break
                    }
                }
                guard terminated else { throw .unterminatedHeredoc(Self.string(heredoc.name)) }
            }
        }
    }
}
