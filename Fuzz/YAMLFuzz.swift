/// The configuration's YAML layer (`YAMLComposer` over libyaml, then `YAMLConfigReader`). Any text either fails
/// with a line inside the text, or composes into at most `YAMLComposer.nodeLimit` nodes (aliases expanded), and
/// the reader walks it without trapping; a text whose root is not a mapping is always an issue. Separately, the
/// input's characters written as one double-quoted scalar compose back to exactly those characters (compared as
/// bytes: NULs, escapes and every Unicode scalar survive).
enum YAMLFuzz {
    static func check(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        composes(text)
        roundTrips(text)
    }

    private static func composes(_ text: String) {
        // libyaml breaks lines at LF, CR (CRLF once), NEL, U+2028 and U+2029: counting each is an upper bound.
        let lines = text.unicodeScalars.count(where: { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }) + 1
        var root: YAMLNode?
        do {
            root = try YAMLComposer.compose(text)
        } catch {
            if let line = error.line, !(1...lines + 1).contains(line) {
                violated("an error's line is inside the text", "line \(line) of \(lines): \(error.problem)")
            }
            return
        }
        if let root {
            let count = nodes(in: root, budget: YAMLComposer.nodeLimit)
            if count > YAMLComposer.nodeLimit { violated("at most nodeLimit nodes once expanded", "\(count)") }
        }
        let reader = YAMLConfigReader(yaml: text)
        guard let root, reader.issues.isEmpty else { return }
        if case .mapping = root { return }
        violated("a root that is not a mapping is an issue", text)
    }

    /// Counts nodes, stopping once past `budget`.
    private static func nodes(in node: YAMLNode, budget: Int) -> Int {
        var count = 1
        var pending = [node]
        while let next = pending.popLast(), count <= budget {
            switch next {
            case .scalar: break
            case .sequence(let items):
                count += items.count
                pending += items
            case .mapping(let pairs):
                count += pairs.count * 2
                for pair in pairs { pending += [pair.key, pair.value] }
            }
        }
        return count
    }

    private static func roundTrips(_ text: String) {
        var quoted = "key: \""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where isPrintable(scalar.value): quoted.unicodeScalars.append(scalar)
            default: quoted += "\\u" + hex(scalar.value, digits: 4)
            }
        }
        quoted += "\"\n"
        let root: YAMLNode?
        do {
            root = try YAMLComposer.compose(quoted)
        } catch {
            violated("a double-quoted scalar composes", "\(error.problem): \(quoted)")
        }
        guard case .mapping(let pairs)? = root, pairs.count == 1, let value = pairs[0].value.string else {
            violated("one key with a scalar value", quoted)
        }
        if !value.utf8.elementsEqual(text.utf8) { violated("the scalar's text is the input's", quoted) }
    }

    /// What libyaml takes unescaped inside double quotes: its printable set, less the line breaks it would fold
    /// (NEL, U+2028, U+2029) and the byte order mark. Everything else is below U+10000, so `\u` reaches it.
    private static func isPrintable(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
