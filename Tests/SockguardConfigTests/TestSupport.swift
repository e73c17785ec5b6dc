import Foundation
import SockguardConfig
import SockguardPolicy

/// Loads `yaml` (written to a fresh temporary file) with `environment` and `overrides`. With `yaml == nil`
/// the default file is a path that does not exist.
func load(
    yaml: String? = nil,
    environment: [String: String] = [:],
    overrides: [String: String] = [:]
) throws(ConfigError) -> LoadedConfiguration {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sockguard-config-\(UUID())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("sockguard.yaml").path
    if let yaml {
        _ = FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
    }
    return try ConfigLoader.load(
        ConfigSources(filePath: path, fileIsExplicit: yaml != nil, environment: environment, overrides: overrides)
    )
}

/// The issues `load` reports, or an empty list when it succeeds.
func issues(
    yaml: String? = nil,
    environment: [String: String] = [:],
    overrides: [String: String] = [:]
) -> [ConfigIssue] {
    do {
        _ = try load(yaml: yaml, environment: environment, overrides: overrides)
        return []
    } catch {
        return error.issues
    }
}

extension Decision {
    var isAllow: Bool {
        if case .allow = self { return true }
        return false
    }
}

/// Runs `body` with a fresh directory holding `names` as small dummy files (the loader checks that certificate
/// files exist and can be read, not what they contain); the directory is removed afterwards.
func withFiles<T>(_ names: [String], _ body: (String) throws -> T) rethrows -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sockguard-files-\(UUID())").path
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for name in names {
        let path = (directory as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        _ = FileManager.default.createFile(atPath: path, contents: Data("dummy \(name)\n".utf8))
    }
    return try body(directory)
}
