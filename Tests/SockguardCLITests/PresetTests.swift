import Foundation
import SockguardTestSupport
import Testing

/// The presets: every file under `presets/` is compiled into the binary unchanged (`scripts/embed-presets.sh`), is
/// listed, loads, and is chosen by `--preset` or `SOCKGUARD_PRESET` instead of a file, never together with one.
@Suite struct PresetTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../presets").standardized.path
    static let names: [String] = (try? FileManager.default.contentsOfDirectory(atPath: directory))?
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted() ?? []

    @Test("the presets folder holds the Go sockguard's presets that this version loads")
    func folder() {
        #expect(Self.names.count == 30, "\(Self.names)")
        #expect(Self.names.contains("traefik") && Self.names.contains("readonly") && Self.names.contains("portainer"))
    }

    @Test("each file is compiled in unchanged and listed; run scripts/embed-presets.sh after editing one", arguments: names)
    func embedded(_ name: String) throws {
        let file = try String(contentsOfFile: "\(Self.directory)/\(name).yaml", encoding: .utf8)
        let printed = try CLI.run(["presets", name])
        #expect(printed.succeeded, "\(printed)")
        #expect(printed.stdoutText == file, "presets/\(name).yaml differs from the binary's copy")
        let validated = try CLI.run(["validate", "--preset", name])
        #expect(validated.succeeded, "\(validated)")
        #expect(validated.stdoutText.hasPrefix("configuration OK (preset \(name))"))
    }

    @Test("sockguard presets lists every preset with what it is for")
    func list() throws {
        let listed = try CLI.run(["presets"]).stdoutText.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(listed == Self.names)
    }

    @Test("SOCKGUARD_PRESET chooses one too; an unknown name, or a preset with a file, is refused by name")
    func choosing() throws {
        let fromEnvironment = try CLI.run(["validate"], environment: ["SOCKGUARD_PRESET": "diun"])
        #expect(fromEnvironment.stdoutText.hasPrefix("configuration OK (preset diun)"), "\(fromEnvironment)")
        let unknown = try CLI.run(["validate", "--preset", "traefk"])
        #expect(unknown.status == 1 && unknown.stderrText.contains("--preset: no preset named traefk; presets: autoheal"))
        let both = try CLI.run(["validate", "--preset", "diun", "-c", "/etc/hostname"])
        #expect(both.status == 1 && both.stderrText.contains("a preset replaces the configuration file"))
        let overridden = try CLI.run(
            ["validate", "--preset", "readonly"],
            environment: ["SOCKGUARD_LISTEN_ADDRESS": "127.0.0.1:2399"]
        )
        #expect(overridden.stdoutText.contains("tcp://127.0.0.1:2399"), "\(overridden)")
    }
}
