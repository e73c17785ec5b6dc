/// The line-level pieces of BuildKit's Dockerfile parser that `DockerfileScanner` follows, on Unicode scalars.
extension DockerfileScanner {
    typealias Line = ArraySlice<Unicode.Scalar>

    /// A heredoc an instruction opens: its terminator, and whether leading tabs are stripped (`<<-`).
    struct Heredoc: Equatable {
        var name: [Unicode.Scalar]
        var chomp: Bool
    }

    /// Go's `unicode.IsSpace`: the Unicode White_Space property.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Go's `bufio.ScanLines` over the bytes, after a UTF-8 byte order mark: split on `\n`, one trailing `\r`
    /// dropped, no empty last line. Invalid UTF-8 becomes U+FFFD, as Go's rune functions see it.
    static func lines(_ bytes: [UInt8]) -> [[Unicode.Scalar]] {
        var body = bytes[...]
        if body.starts(with: [0xef, 0xbb, 0xbf]) {
            body = body.dropFirst(3)
        }
        var pieces = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true {
            pieces.removeLast()
        }
        return pieces.map { piece in
            let line = piece.last == UInt8(ascii: "\r") ? piece.dropLast() : piece
            return Array(String(decoding: line, as: UTF8.self).unicodeScalars)
        }
    }

    /// The `syntax` directive, looked for more widely than BuildKit's `DetectSyntax` looks (see the type's
    /// comment): after an optional `#!` line, through leading `#` or `//` directive lines.
    static func detectSyntax(_ lines: [[Unicode.Scalar]]) -> String? {
        var remaining = lines[...]
        if remaining.first?.starts(with: ["#", "!"]) == true {
            remaining = remaining.dropFirst()
        }
        for line in remaining {
            let trimmed = line.drop(while: isSpace)
            guard let (name, value) = directive(trimmed, prefix: ["#"]) ?? directive(trimmed, prefix: ["/", "/"]),
                directiveNames.contains(name)
            else { return nil }
            if name == "syntax" {
                return string(value)
            }
        }
        return nil
    }

    /// BuildKit's directive pattern `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` (Go's `\s` is ASCII), with
    /// `prefix` for `#`: the name lower-cased, and the value.
    static func directive(_ line: Line, prefix: [Unicode.Scalar]) -> (name: String, value: Line)? {
        guard line.starts(with: prefix) else { return nil }
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{0C}" }
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        var rest = line.dropFirst(prefix.count).drop(while: isSpace)
        guard let first = rest.first, isLetter(first) else { return nil }
        let name = rest.prefix { isLetter($0) || ("0"..."9").contains($0) }
        rest = rest.dropFirst(name.count).drop(while: isSpace)
        guard rest.first == "=" else { return nil }
        var value = rest.dropFirst().drop(while: isSpace)
        while let last = value.last, isSpace(last) {
            value = value.dropLast()
        }
        guard !value.isEmpty else { return nil }
        return (string(name).lowercased(), value)
    }

    /// BuildKit's continuation pattern: the escape character, then only spaces and tabs, at the end of the
    /// line. Returns the line without them, and false when the instruction continues.
    static func trimContinuation(_ line: Line, escape: Unicode.Scalar) -> (Line, ended: Bool) {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == " " || line[end - 1] == "\t" {
            end -= 1
        }
        guard end > line.startIndex, line[end - 1] == escape else { return (line, true) }
        return (line[..<(end - 1)], false)
    }

    /// The keyword of one logical line, and for `ONBUILD` the keyword it registers. When `ONBUILD` has
    /// flags, which BuildKit parses with quoting this scanner does not follow, a `RUN` word anywhere in its
    /// arguments is taken as the registered instruction.
    static func instruction(_ line: Line, startLine: Int) -> Instruction {
        let words = asciiWords(line)
        let keyword = words.first.map(fold) ?? ""
        var trigger: String?
        if keyword == "onbuild" {
            let arguments = words.dropFirst()
            let isFlag: (Line) -> Bool = { $0.starts(with: ["-", "-"]) }
            if let first = arguments.first, !isFlag(first) {
                trigger = fold(first)
            } else if arguments.contains(where: { fold($0) == "run" }) {
                trigger = "run"
            } else {
                trigger = arguments.first { !isFlag($0) }.map(fold)
            }
        }
        return Instruction(keyword: keyword, triggerKeyword: trigger, line: startLine)
    }

    /// Words split on Go's `[\t\v\f\r ]+`, after trimming Unicode whitespace at both ends.
    static func asciiWords(_ line: Line) -> [Line] {
        var trimmed = line.drop(while: isSpace)
        while let last = trimmed.last, isSpace(last) {
            trimmed = trimmed.dropLast()
        }
        return trimmed.split { $0 == " " || $0 == "\t" || $0 == "\u{0B}" || $0 == "\u{0C}" || $0 == "\r" }
    }

    /// Go's `strings.ToLower` for the characters that matter to keywords: ASCII, and the two non-ASCII
    /// letters whose simple lower-case mapping is ASCII (U+0130 to `i`, U+212A to `k`).
    static func fold(_ word: Line) -> String {
        string(
            word.map { scalar -> Unicode.Scalar in
                switch scalar.value {
                case 0x41...0x5a: Unicode.Scalar(UInt8(scalar.value) + 0x20)
                case 0x130: "i"
                case 0x212a: "k"
                default: scalar
                }
            }
        )
    }

    /// The heredocs a line opens, in order, recognised only in spellings BuildKit certainly reads the same
    /// way: a word `<<NAME`, `<<-NAME`, `<<'NAME'` or `<<"NAME"` (optionally after a file descriptor
    /// number), NAME made of ASCII letters, digits and `_`, on a line without `$`, `\` or backticks. Words
    /// are split on spaces and tabs outside quotes.
    static func heredocs(_ line: Line) -> [Heredoc] {
        guard line.contains("<"), !line.contains(where: { $0 == "$" || $0 == "\\" || $0 == "`" }) else { return [] }
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var quote: Unicode.Scalar?
        for scalar in line {
            if let open = quote {
                current.append(scalar)
                if scalar == open {
                    quote = nil
                }
            } else if scalar == " " || scalar == "\t" {
                if !current.isEmpty {
                    words.append(current)
                }
                current = []
            } else {
                if scalar == "'" || scalar == "\"" {
                    quote = scalar
                }
                current.append(scalar)
            }
        }
        guard quote == nil else { return [] }
        if !current.isEmpty {
            words.append(current)
        }
        return words.compactMap { heredoc($0[...]) }
    }

    private static func heredoc(_ word: Line) -> Heredoc? {
        var rest = word.drop { ("0"..."9").contains($0) }
        guard rest.starts(with: ["<", "<"]) else { return nil }
        rest = rest.dropFirst(2)
        let chomp = rest.first == "-"
        if chomp {
            rest = rest.dropFirst()
        }
        if let open = rest.first, open == "'" || open == "\"" {
            guard rest.count >= 3, rest.last == open else { return nil }
            rest = rest.dropFirst().dropLast()
        }
        let isNameScalar: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
        guard !rest.isEmpty, rest.allSatisfy(isNameScalar) else { return nil }
        return Heredoc(name: Array(rest), chomp: chomp)
    }
}
