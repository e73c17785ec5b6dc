import Foundation
import SockguardTestSupport
import Testing

/// The binary links FoundationEssentials and nothing more of Foundation: full Foundation brings
/// FoundationInternationalization and ICU (34 MB of data in a static build, most of the image). A new
/// `import Foundation`, or a dependency that needs it (Yams did), fails here.
@Suite struct ProductDependencyTests {
    @Test("sockguard links no Foundation beyond FoundationEssentials, and no ICU")
    func noFullFoundation() throws {
        let binary = try ProxyProcess.binaryPath()
        let ldd = try ProcessRunner.run("/usr/bin/ldd", [binary])
        let libraries = String(decoding: ldd.stdout, as: UTF8.self)
        for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"] {
            #expect(!libraries.contains(library), "\(binary) links \(library):\n\(libraries)")
        }
        // A static build (scripts/build-release.sh) has no libraries to list: look for the symbols instead.
        // `$s10Foundation` starts every mangled name of swift-corelibs-foundation's module (FoundationEssentials'
        // names start `$s20FoundationEssentials`); `icudt` is ICU's data.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: binary))
        for marker in ["$s10Foundation", "icudt7"] {
            #expect(bytes.range(of: Data(marker.utf8)) == nil, "\(binary) holds \(marker)")
        }
    }
}
