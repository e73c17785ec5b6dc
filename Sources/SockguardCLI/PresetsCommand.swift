import ArgumentParser

/// `sockguard presets`: lists the shipped presets, or prints one.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the shipped presets (use one with --preset NAME), or print one."
    )

    @Argument(help: "A preset to print as YAML.")
    var name: String?

    func run() throws {
        guard let name else {
            let width = Preset.all.map(\.name.count).max() ?? 0
            for preset in Preset.all.sorted(by: { $0.name < $1.name }) {
                print(
                    preset.name + String(repeating: " ", count: max(0, width + 2 - preset.name.count)) + preset.summary
                )
            }
            return
        }
        guard let preset = Preset.named(name) else {
            throw ValidationError("no preset named \(name); presets: \(Preset.names)")
        }
        print(preset.yaml)
    }
}
