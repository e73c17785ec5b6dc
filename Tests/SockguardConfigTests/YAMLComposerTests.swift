import SockguardPolicy
import Testing

@testable import SockguardConfig

/// The YAML layer under the config readers (libyaml's events composed into `YAMLNode`s). Resolution follows
/// YAML 1.1 as Yams applied it, so a file keeps its meaning across the switch away from Yams.
@Suite struct YAMLComposerTests {
    private func value(_ text: String) throws -> YAMLNode {
        let root = try #require(try YAMLComposer.compose("key: \(text)\n"))
        guard case .mapping(let pairs) = root, pairs.count == 1 else {
            Issue.record("not a one-key mapping: \(root)")
            throw YAMLSyntaxError(problem: "test")
        }
        return pairs[0].value
    }

    @Test("plain booleans in YAML 1.1's spellings; quoted or !!str text is never a boolean")
    func booleans() throws {
        for (text, expected) in [
            ("true", true), ("True", true), ("TRUE", true), ("yes", true), ("Yes", true), ("on", true), ("ON", true),
            ("false", false), ("no", false), ("NO", false), ("off", false), ("Off", false), ("!!bool tRuE", true),
        ] {
            #expect(try value(text).bool == expected, "\(text)")
        }
        for text in ["tRue", "\"true\"", "'yes'", "!!str true", "1", "y", "enabled", "~"] {
            #expect(try value(text).bool == nil, "\(text)")
        }
    }

    @Test("empty, ~ and null are null only when plain")
    func nulls() throws {
        for text in ["", "~", "null", "Null", "NULL", "!!null whatever"] {
            #expect(try value(text).isNull, "\(text)")
        }
        for text in ["\"\"", "'null'", "nil", "none", "!!str ~", "[]"] {
            #expect(try !value(text).isNull, "\(text)")
        }
    }

    @Test("integers and floats in YAML 1.1's forms; quoted numbers are text")
    func numbers() throws {
        let integers: [(String, Int)] = [
            ("42", 42), ("-7", -7), ("+3", 3), ("1_000", 1000), ("0x1F", 31), ("0o17", 15), ("017", 15),
            ("0b101", 5), ("1:30", 90), ("0", 0),
        ]
        for (text, expected) in integers {
            #expect(try value(text).int == expected, "\(text)")
        }
        for text in ["\"42\"", "4.5", "0x", "abc", "1:x", "!!str 42"] {
            #expect(try value(text).int == nil, "\(text)")
        }
        let floats: [(String, Double)] = [
            ("1.5", 1.5), ("2", 2), ("1e3", 1000), ("1:30.5", 90.5), ("-.inf", -.infinity),
        ]
        for (text, expected) in floats {
            #expect(try value(text).float == expected, "\(text)")
        }
        #expect(try value(".nan").float?.isNaN == true)
        #expect(try value("'1.5'").float == nil)
    }

    @Test("scalars keep their text exactly, quoted or block")
    func text() throws {
        #expect(try value("\"a: b # c\"").string == "a: b # c")
        #expect(try value("'it''s'").string == "it's")
        #expect(try value("\"tab\\tnew\\nline\"").string == "tab\tnew\nline")
        #expect(try value("plain text here  # comment").string == "plain text here")
        let block = try #require(try YAMLComposer.compose("key: |\n  line one\n  line two\n"))
        guard case .mapping(let pairs) = block else { throw YAMLSyntaxError(problem: "not a mapping") }
        #expect(pairs[0].value.string == "line one\nline two\n")
    }

    @Test("mappings keep file order; an alias stands for the node its anchor names")
    func orderAndAliases() throws {
        let root = try #require(
            try YAMLComposer.compose("b: 1\na: &shared [x, y]\nc: *shared\n")
        )
        guard case .mapping(let pairs) = root else { throw YAMLSyntaxError(problem: "not a mapping") }
        #expect(pairs.map { $0.key.string } == ["b", "a", "c"])
        guard case .sequence(let items) = pairs[2].value else { throw YAMLSyntaxError(problem: "not a sequence") }
        #expect(items.map(\.string) == ["x", "y"])
    }

    @Test("what does not compose is an error with its line")
    func errors() {
        let cases: [(String, String, Int?)] = [
            ("a: 1\na: 2\n", "duplicate key \"a\"", 2),
            ("a:\n  b: [1\n", "flow sequence", 3),
            ("a: *missing\n", "unknown alias \"*missing\"", 1),
            ("a: 1\n---\nb: 2\n", "expected a single document", 2),
            ("a: !custom 1\n", "unsupported tag \"!custom\"", 1),
            ("a: !!set {x, y}\n", "unsupported tag \"tag:yaml.org,2002:set\"", 1),
            ("a:\tb\n\t- c", "tab character", nil),
        ]
        for (text, problem, line) in cases {
            do {
                _ = try YAMLComposer.compose(text)
                Issue.record("composed: \(text)")
            } catch {
                #expect(error.problem.contains(problem), "\(text): \(error)")
                if let line { #expect(error.line == line, "\(text): \(error)") }
            }
        }
    }

    @Test("an empty or comment-only text has no root")
    func empty() throws {
        #expect(try YAMLComposer.compose("") == nil)
        #expect(try YAMLComposer.compose("# only a comment\n") == nil)
    }

    @Test("nested aliases that would expand past the node limit are refused, not walked")
    func billionLaughs() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        do {
            _ = try YAMLComposer.compose(text)
            Issue.record("a billion laughs composed")
        } catch {
            #expect(error.problem.contains("more than 100000 nodes"), "\(error)")
        }
    }

    @Test("the loader reads YAML 1.1 booleans and refuses quoted ones, as before")
    func loaderBooleans() throws {
        #expect(try load(yaml: "health:\n  enabled: no\n").configuration.health.enabled == false)
        #expect(try load(yaml: "health:\n  enabled: Off\n").configuration.health.enabled == false)
        #expect(throws: ConfigError.self) { try load(yaml: "health:\n  enabled: \"no\"\n") }
    }

    @Test("anchors and aliases work in a configuration")
    func loaderAliases() throws {
        let yaml = """
            rules:
              - match: { method: GET, path: /_ping }
                action: allow
                reason: &why health checks
              - match: { method: GET, path: /version }
                action: allow
                reason: *why
            """
        let loaded = try load(yaml: yaml)
        #expect(loaded.configuration.rules.map(\.reason) == ["health checks", "health checks"])
        #expect(loaded.ruleSet.evaluate(method: "GET", path: "/version").isAllow)
    }
}
