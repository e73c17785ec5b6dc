import Foundation

extension ProxyProcess {
    /// The `sockguard` executable the tests run.
    ///
    /// In order: `$SOCKGUARD_BINARY`; `sockguard` next to the running test executable (SwiftPM puts both in
    /// `.build/<triple>/debug`); the newest `.build/*/{debug,release}/sockguard` under the package root, which is
    /// found from this file's `#filePath`.
    public static func binaryPath() throws -> String {
        let fileManager = FileManager.default
        var searched: [String] = []
        func usable(_ path: String) -> Bool {
            searched.append(path)
            return fileManager.isExecutableFile(atPath: path)
        }
        if let override = ProcessInfo.processInfo.environment["SOCKGUARD_BINARY"], usable(override) {
            return override
        }
        let executables = [
            (try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe")),
            Bundle.main.executablePath,
            CommandLine.arguments.first,
        ]
        for executable in executables.compactMap({ $0 }) {
            let candidate = URL(fileURLWithPath: executable).deletingLastPathComponent()
                .appendingPathComponent("sockguard").path
            if usable(candidate) { return candidate }
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // SockguardTestSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
        let build = packageRoot.appendingPathComponent(".build")
        var candidates = [build.appendingPathComponent("debug/sockguard").path]
        for triple in (try? fileManager.contentsOfDirectory(atPath: build.path)) ?? [] {
            candidates.append(build.appendingPathComponent("\(triple)/debug/sockguard").path)
            candidates.append(build.appendingPathComponent("\(triple)/release/sockguard").path)
        }
        let newest =
            candidates
            .filter(usable)
            .max { modificationDate($0) < modificationDate($1) }
        if let newest { return newest }
        throw HarnessError.proxyBinaryNotFound(searched: searched)
    }

    private static func modificationDate(_ path: String) -> Date {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return attributes?[.modificationDate] as? Date ?? .distantPast
    }
}
