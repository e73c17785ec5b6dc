import ArgumentParser

/// `sockguard version`: the version of this binary.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    @Option(name: [.short, .long], help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() {
        let fields = [
            ("version", SockguardVersion.current),
            ("engine_api", SockguardVersion.engineAPI),
            ("platform", Self.platform),
        ]
        print(OutputRenderer.render(fields, as: self.output))
    }

    static var platform: String {
        #if os(Linux)
        let os = "linux"
        #else
        let os = "darwin"
        #endif
        #if arch(x86_64)
        return os + "/amd64"
        #elseif arch(arm64)
        return os + "/arm64"
        #else
        return os
        #endif
    }
}
