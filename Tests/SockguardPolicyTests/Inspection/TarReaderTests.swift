import Testing

@testable import SockguardPolicy

@Suite struct TarReaderTests {
    private func names(_ archive: [UInt8]) throws -> [String] {
        try entries(archive).get().map(\.name)
    }

    @Test("reads names, kinds, modes and contents of a plain archive")
    func plainArchive() throws {
        var writer = TarWriter()
        writer.directory("app/")
        writer.file("app/main.sh", "echo hi\n", mode: 0o755)
        writer.symlink("app/link", to: "main.sh")
        writer.end()
        let bytes = writer.bytes
        try bytes.withUnsafeBytes { bytes in try readsPlainArchive(bytes) }
    }

    private func readsPlainArchive(_ bytes: UnsafeRawBufferPointer) throws {
        var reader = TarReader(try ArchiveStream(bytes, inflatedLimit: 1 << 20))
        let directory = try #require(try reader.next())
        #expect(directory == TarEntry(name: "app/", linkName: "", kind: .directory, mode: 0o755, size: 0))
        let file = try #require(try reader.next())
        #expect(file.kind == .regular && file.size == 8 && file.mode == 0o755)
        #expect(try reader.readContent(limit: 100) == Array("echo hi\n".utf8))
        let link = try #require(try reader.next())
        #expect(link.kind == .symbolicLink && link.linkName == "main.sh")
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test("reads a gzip-compressed archive the same as the plain one")
    func gzipArchive() throws {
        let plain = TarWriter.archive([("a", "1"), ("b/c", String(repeating: "x", count: 70_000))])
        let compressed = gzip(plain)
        #expect(compressed.count < plain.count)
        #expect(try entries(compressed).get() == entries(plain).get())
        #expect(try compressed.withUnsafeBytes { try ArchiveStream($0, inflatedLimit: 1 << 20).isCompressed })
    }

    @Test("skips unread content, and reads content only up to a limit")
    func contentLimit() throws {
        let archive = TarWriter.archive([("big", "0123456789"), ("next", "")])
        try archive.withUnsafeBytes { bytes in
            var reader = TarReader(try ArchiveStream(bytes, inflatedLimit: 1 << 20))
            _ = try reader.next()
            #expect(try reader.readContent(limit: 9) == nil)
            #expect(try reader.next()?.name == "next")
        }
    }

    @Test("a pax path, linkpath and size override the header; an empty pax value keeps it")
    func paxOverrides() throws {
        var writer = TarWriter()
        writer.pax([("path", "real/name"), ("linkpath", "../../etc/shadow")])
        writer.symlink("short", to: "short-target")
        writer.pax([("size", "3"), ("path", "")])
        writer.header("sized", size: 700)
        writer.content(Array("abc".utf8))
        writer.file("after", "")
        writer.end()
        let all = try entries(writer.bytes).get()
        #expect(all.map(\.name) == ["real/name", "sized", "after"])
        #expect(all[0].linkName == "../../etc/shadow")
        #expect(all[1].size == 3)
    }

    @Test("GNU long names and long link names apply to the next entry, after pax")
    func gnuLongNames() throws {
        let long = String(repeating: "d/", count: 80) + "Dockerfile"
        var writer = TarWriter()
        writer.pax([("path", "from-pax")])
        writer.gnuLong(long)
        writer.gnuLong("/abs/target", link: true)
        writer.hardLink("truncated-name", to: "x")
        writer.end()
        let entry = try #require(try entries(writer.bytes).get().first)
        #expect(entry.name == long)
        #expect(entry.linkName == "/abs/target")
        #expect(entry.kind == .hardLink)
    }

    @Test("the ustar prefix is joined to the name")
    func ustarPrefix() throws {
        var writer = TarWriter()
        writer.header("Dockerfile", prefix: "deep/dir")
        writer.end()
        #expect(try names(writer.bytes) == ["deep/dir/Dockerfile"])
    }

    @Test("a pax global header is an entry of its own and does not rename later entries, as in Go")
    func globalHeader() throws {
        var writer = TarWriter()
        writer.pax([("path", "global-name"), ("comment", "x")], global: true)
        writer.file("plain", "")
        writer.end()
        let all = try entries(writer.bytes).get()
        #expect(all.map(\.kind) == [.globalHeader, .regular])
        #expect(all.map(\.name) == ["global-name", "plain"])
    }

    @Test("a NUL type flag is a directory when the name ends in a slash, and links have no content")
    func headerOnlyTypes() throws {
        var writer = TarWriter()
        writer.header("olddir/", typeFlag: 0, size: 512)
        writer.header("link", typeFlag: UInt8(ascii: "2"), size: 512, linkName: "x")
        writer.header("oldfile", typeFlag: 0, size: 1)
        writer.content([0x41])
        writer.end()
        let all = try entries(writer.bytes).get()
        #expect(all.map(\.kind) == [.directory, .symbolicLink, .regular])
        #expect(all.map(\.size) == [0, 0, 1])
    }

    @Test("ends cleanly without the end-of-archive blocks, or after a single zero block")
    func lenientEnds() throws {
        var writer = TarWriter()
        writer.file("a", "x")
        #expect(try names(writer.bytes) == ["a"])
        #expect(try names(writer.bytes + [UInt8](repeating: 0, count: 512)) == ["a"])
        #expect(try names([]) == [])
    }

    @Test("base-256 numbers are read as Go reads them")
    func base256Size() throws {
        var writer = TarWriter()
        writer.header("f", size: 0)
        var block = writer.bytes
        block.replaceSubrange(124..<136, with: [0x80] + [UInt8](repeating: 0, count: 10) + [2])
        TarWriter.fixChecksum(&block)
        let archive = block + [0x61, 0x62] + [UInt8](repeating: 0, count: 510 + 1024)
        #expect(try entries(archive).get().first?.size == 2)
    }

    static let malformed: [(String, [UInt8], ArchiveReadError)] = {
        var cases: [(String, [UInt8], ArchiveReadError)] = []
        var writer = TarWriter()
        writer.header("a", corruptChecksum: true)
        cases.append(("checksum mismatch", writer.bytes, .invalidHeader("checksum mismatch")))

        writer = TarWriter()
        writer.header("a", size: 1000)
        writer.content([UInt8](repeating: 1, count: 100))
        cases.append(("content cut short", writer.bytes, .truncated))

        cases.append(("half a header", Array(TarWriter.archive([("a", "")]).prefix(300)), .truncated))
        cases.append(
            (
                "text, not a tar", Array(String(repeating: "FROM alpine\nRUN id\n", count: 40).utf8),
                .invalidHeader("checksum is not an octal number")
            )
        )

        writer = TarWriter()
        writer.zeroBlock()
        writer.file("a", "")
        cases.append(
            ("a zero block followed by data", writer.bytes, .invalidHeader("a zero block is followed by data"))
        )

        writer = TarWriter()
        writer.header("S", typeFlag: UInt8(ascii: "S"))
        writer.end()
        cases.append(("GNU sparse", writer.bytes, .unsupportedEntry("GNU sparse files cannot be inspected")))

        writer = TarWriter()
        writer.pax([("GNU.sparse.major", "1"), ("GNU.sparse.name", "secret")])
        writer.file("sparse", "")
        cases.append(("pax sparse", writer.bytes, .unsupportedEntry("GNU sparse files cannot be inspected")))

        writer = TarWriter()
        writer.header("PaxHeaders/x", typeFlag: UInt8(ascii: "x"), size: 12)
        writer.content(Array("99 path=a\n\n\n".utf8))
        writer.file("a", "")
        cases.append(("pax record length past the end", writer.bytes, .invalidHeader("malformed pax record")))

        writer = TarWriter()
        writer.pax([("path", "a\u{0}b")])
        writer.file("a", "")
        cases.append(("pax path with NUL", writer.bytes, .invalidHeader("pax path contains NUL")))

        writer = TarWriter()
        writer.header("\u{FF}", mode: 0o644)
        var bytes = writer.bytes
        bytes[0] = 0xff
        TarWriter.fixChecksum(&bytes)
        cases.append(("name not UTF-8", bytes, .invalidHeader("a name is not valid UTF-8")))

        writer = TarWriter()
        writer.header("a", mode: 0o644)
        bytes = writer.bytes
        bytes[124] = UInt8(ascii: "9")
        TarWriter.fixChecksum(&bytes)
        cases.append(("size not octal", bytes, .invalidHeader("size is not an octal number")))

        cases.append(("bzip2", Array("BZh91AY&SY".utf8), .unsupportedCompression("bzip2")))
        cases.append(("xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0], .unsupportedCompression("xz")))
        cases.append(("zstd", [0x28, 0xb5, 0x2f, 0xfd, 0, 0], .unsupportedCompression("zstd")))
        cases.append(("zstd skippable frame", [0x5e, 0x2a, 0x4d, 0x18, 0, 0], .unsupportedCompression("zstd")))
        return cases
    }()

    @Test("malformed, truncated and uninspectable archives are errors", arguments: malformed)
    func malformedArchives(_ name: String, _ archive: [UInt8], _ expected: ArchiveReadError) {
        #expect(entries(archive).failure == expected, "\(name)")
    }

    @Test("a truncated gzip stream is an error, not a short archive")
    func truncatedGzip() {
        let compressed = gzip(TarWriter.archive([("a", String(repeating: "data ", count: 5000))]))
        let result = entries(Array(compressed.prefix(compressed.count / 2)))
        guard case .corruptCompression(let message)? = result.failure else {
            Issue.record("expected a gzip error, got \(result)")
            return
        }
        #expect(message.contains("truncated"))
    }

    @Test("concatenated gzip members are one stream; other data after a member is an error once read")
    func gzipMembers() throws {
        let archive = TarWriter.archive([("a", "1"), ("b", "2")])
        let split = gzip(Array(archive.prefix(1024))) + gzip(Array(archive.dropFirst(1024)))
        #expect(try names(split) == ["a", "b"])
        let garbage = gzip(Array(archive.prefix(1024))) + Array("garbage".utf8)
        #expect(entries(garbage).failure == .corruptCompression("unexpected data after the gzip stream"))
    }

    @Test("a gzip bomb stops at the inflated limit")
    func gzipBombStops() {
        let bomb = gzipBomb(megabytes: 64)
        #expect(bomb.count < 1 << 20)
        #expect(entries(bomb, inflatedLimit: 65 << 20).failure == nil)
        #expect(entries(bomb, inflatedLimit: 32 << 20).failure == .inflatedTooLarge(limit: 32 << 20))
        let denial = ArchiveReadError.inflatedTooLarge(limit: 1).denial
        #expect(denial.status == 403 && denial.reasonCode == .requestBodyUninspectable)
        #expect(ArchiveReadError.truncated.denial.status == 400)
    }

    @Test("the inflater hands out exactly the limit, and fails one byte past it")
    func inflaterLimit() throws {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let compressed = gzip(data)
        try compressed.withUnsafeBytes { compressed in
            let exact = try GzipInflater(compressed, limit: data.count)
            var inflated: [UInt8] = []
            while case let chunk = try exact.read(upTo: 4096), !chunk.isEmpty { inflated += chunk }
            #expect(inflated == data)
            let short = try GzipInflater(compressed, limit: data.count - 1)
            #expect(throws: GzipInflater.Failure.tooLarge(limit: data.count - 1)) {
                while try !short.read(upTo: 4096).isEmpty {}
            }
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
