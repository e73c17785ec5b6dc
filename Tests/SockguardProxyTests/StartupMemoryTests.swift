import Testing

@testable import SockguardProxy

@Suite("Releasing startup-only pages")
struct StartupMemoryTests {
    @Test(
        "only file-backed mappings without write permission are released",
        arguments: [
            ("55d0c0a00000-55d0c0c00000 r-xp 00000000 fd:01 123 /usr/bin/sockguard\n", true),
            ("55d0c0c00000-55d0c0d00000 r--p 00200000 fd:01 123 /usr/bin/sockguard\n", true),
            ("55d0c0d00000-55d0c0e00000 rw-p 00300000 fd:01 123 /usr/bin/sockguard\n", false),
            ("7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n", false),
            ("7ffc0000000-7ffc0021000 rw-p 00000000 00:00 0                          [stack]\n", false),
            ("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n", false),
            ("7f1000000000-7f1000100000 r-xp 00000000 fd:01 99 /usr/lib/x86_64-linux-gnu/libc.so.6\n", true),
        ]
    )
    func selection(line: String, released: Bool) throws {
        let mapping = try #require(StartupMemory.Mapping(line))
        #expect(mapping.isFileBackedReadOnly == released)
    }

    @Test("lines that are not mappings are skipped")
    func malformed() {
        #expect(StartupMemory.Mapping("") == nil)
        #expect(StartupMemory.Mapping("zz-10 r-xp 0 0 0 /x") == nil)
        #expect(StartupMemory.Mapping("20-10 r-xp 0 0 0 /x") == nil)
    }
}
