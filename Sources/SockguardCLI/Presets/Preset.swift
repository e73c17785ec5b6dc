/// A configuration shipped with sockguard for one application (`presets/NAME.yaml`, compiled in by
/// `scripts/embed-presets.sh`): chosen with `--preset NAME` or `SOCKGUARD_PRESET=NAME` instead of a file.
struct Preset: Sendable {
    let name: String
    /// The file's text, without its last newline.
    let yaml: String

    static func named(_ name: String) -> Preset? {
        all.first { $0.name == name }
    }

    /// The first comment line after the title: what the preset is for.
    var summary: String {
        let comments = yaml.split(separator: "\n").prefix { $0.hasPrefix("#") }
        let text = comments.dropFirst().map { String($0.dropFirst()).trimmingSpaces() }
        return text.first { !$0.isEmpty } ?? ""
    }

    /// The names, for messages.
    static var names: String { all.map(\.name).sorted().joined(separator: ", ") }
}
