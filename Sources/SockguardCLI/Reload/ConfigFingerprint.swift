import Crypto
import FoundationEssentials
import SockguardConfig
import SockguardPolicy

/// The policy version: the SHA-256 of everything the configuration is read from (the file's bytes, the
/// `SOCKGUARD_*`, compatibility and `DOCKER_*` variables, the flags), in a fixed order. Equal inputs give equal
/// versions in every process, so a version in a log line names exactly one configuration.
struct ConfigFingerprint: Equatable {
    let hex: String
    /// The file's bytes, nil when it could not be read; a watch reloads only when they change.
    let fileBytes: Data?

    init(_ sources: ConfigSources) {
        var hasher = SHA256()
        // A preset's YAML is compiled in; a file is read as it is now.
        let file = sources.inlineYAML.map { Data($0.utf8) } ?? FileManager.default.contents(atPath: sources.filePath)
        hasher.update(data: file ?? Data())
        let settings = sources.environment.filter { name, _ in
            name.hasPrefix("SOCKGUARD_") || name.hasPrefix("DOCKER_") || CompatibilityNames.all.contains(name)
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key })
            + sources.overrides.sorted(by: { $0.key < $1.key })
        {
            hasher.update(data: Data("\n\(name)=\(value)".utf8))
        }
        self.hex = Array(hasher.finalize()).lowercaseHex
        self.fileBytes = file
    }
}
