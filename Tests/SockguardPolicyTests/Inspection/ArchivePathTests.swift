import Testing

@testable import SockguardPolicy

@Suite struct ArchivePathTests {
    /// Go's `path.Clean` test table, plus paths that Swift's `Character` would split differently.
    static let cleaned: [(String, String)] = [
        ("", "."), ("abc", "abc"), ("abc/def", "abc/def"), (".", "."), ("..", ".."), ("../..", "../.."),
        ("/", "/"), ("abc/", "abc"), ("abc//def//ghi", "abc/def/ghi"), ("//abc", "/abc"), ("abc/./def", "abc/def"),
        ("/./abc/def", "/abc/def"), ("abc/def/ghi/../jkl", "abc/def/jkl"), ("abc/def/../../..", ".."),
        ("/abc/def/../../..", "/"), ("abc/def/../../../ghi/jkl/../../../mno", "../../mno"), ("/../abc", "/abc"),
        ("x/\u{301}/../Dockerfile", "x/Dockerfile"), ("a/\u{212A}/../b", "a/b"),
    ]

    @Test("cleans as Go's path.Clean, byte by byte", arguments: cleaned)
    func clean(_ path: String, _ expected: String) {
        #expect(ArchivePath.clean(path).utf8.elementsEqual(expected.utf8))
    }

    @Test("keeps relative paths inside their root")
    func contained() {
        #expect(ArchivePath.contained("a/../b") == "b")
        #expect(ArchivePath.contained("a/../../b") == nil)
        #expect(ArchivePath.contained("/etc") == nil)
        #expect(ArchivePath.underRoot("//etc/../x") == "x")
        #expect(ArchivePath.underRoot("/../etc") == nil)
        #expect(ArchivePath.isWithin("data/x", "data") && !ArchivePath.isWithin("database", "data"))
        #expect(!ArchivePath.same("\u{212A}", "K"))
    }
}
