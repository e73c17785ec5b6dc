import Testing

@testable import SockguardPolicy

@Suite struct ContainerArchiveInspectorTests {
    private func upload(
        _ archive: [UInt8],
        query: String? = "path=%2Ftmp",
        options: ContainerArchiveInspector.Options = .init(),
        inflatedLimit: Int = ContainerArchiveInspector.inflatedLimit
    ) -> Decision {
        ContainerArchiveInspector(options: options, inflatedLimit: inflatedLimit)
            .inspect(InspectedRequest(method: "PUT", path: "/containers/abc/archive", query: query), archive: archive)
    }

    private static func allowedPaths(_ paths: [String]) -> ContainerArchiveInspector.Options {
        var options = ContainerArchiveInspector.Options()
        options.allowedPaths = paths
        return options
    }

    private static let simple = TarWriter.archive([("hello.txt", "hi")])

    @Test("the defaults are the safe ones, and any path is allowed without allowed_paths, as in Go")
    func defaults() {
        let options = ContainerArchiveInspector.Options()
        #expect(options.allowedPaths.isEmpty && !options.allowSetID)
        #expect(!options.allowDeviceNodes && !options.allowEscapingLinks)
        expectDecision(upload(Self.simple, query: "path=%2Fetc"), nil)
    }

    static let targets: [(String?, ReasonCode?)] = [
        ("path=%2Ftmp%2Fuploads", nil),
        ("path=%2Ftmp%2Fuploads%2Fsub%2Fdir", nil),
        ("path=tmp%2Fuploads", nil),
        ("path=%2F%2Ftmp%2F.%2Fuploads%2F", nil),
        ("path=%2Fvar%2Flib%2Fapp", nil),
        ("path=%2Ftmp%2Fuploads-evil", .containerArchivePath),
        ("path=%2Ftmp", .containerArchivePath),
        ("path=%2F", .containerArchivePath),
        ("path=%2Fetc", .containerArchivePath),
        ("path=%2Ftmp%2Fuploads%2F..%2F..%2Fetc", .containerArchivePath),
        ("path=%2F..%2Fetc", .containerArchivePath),
        (nil, .containerArchiveInvalidQuery),
        ("path=", .containerArchiveInvalidQuery),
        ("noOverwriteDirNonDir=1", .containerArchiveInvalidQuery),
        ("path=%2Ftmp%2Fuploads&path=%2Fetc", .containerArchiveInvalidQuery),
        ("path=%zz", .containerArchiveInvalidQuery),
    ]

    @Test("the target path must be under an allowed path, component-wise", arguments: targets)
    func targetPath(_ query: String?, _ expected: ReasonCode?) {
        let options = Self.allowedPaths(["/tmp/uploads/", " /var/lib/app ", "../escape", ""])
        expectDecision(
            upload(Self.simple, query: query, options: options),
            expected,
            badRequestCode: .containerArchiveInvalidQuery
        )
    }

    @Test("matches the upload endpoint only")
    func endpoint() {
        #expect(ContainerArchiveInspector.isEndpoint(.of("PUT", "/containers/abc/archive")))
        #expect(!ContainerArchiveInspector.isEndpoint(.of("PUT", "/containers//archive")))
        #expect(!ContainerArchiveInspector.isEndpoint(.of("PUT", "/containers/abc/archive/x")))
        #expect(!ContainerArchiveInspector.isEndpoint(.of("PUT", "/containers/abc/export")))
        #expect(BuildInspector.isEndpoint(.of("POST", "/build")) && ImageLoadInspector.isEndpoint(.of("POST", "/images/load")))
    }

    @Test("an allowed path of / allows every target")
    func rootAllowed() {
        expectDecision(upload(Self.simple, query: "path=%2Fetc", options: Self.allowedPaths(["/"])), nil)
    }

    static let entryCases: [(String, @Sendable (inout TarWriter) -> Void, ReasonCode?)] = [
        (
            "regular files and directories",
            {
                $0.directory("app/")
                $0.file("app/a.txt", "a")
            }, nil
        ),
        ("a dot-slash name", { $0.file("./a.txt", "a") }, nil),
        ("inner .. that stays inside", { $0.file("a/../b.txt", "b") }, nil),
        ("a .. entry", { $0.file("../evil", "x") }, .containerArchiveEntryPath),
        ("a .. entry after a directory", { $0.file("a/../../evil", "x") }, .containerArchiveEntryPath),
        ("an absolute name", { $0.file("/etc/passwd", "x") }, .containerArchiveEntryPath),
        (
            "a .. name from pax",
            {
                $0.pax([("path", "../../etc/cron.d/x")])
                $0.file("ok", "x")
            }, .containerArchiveEntryPath
        ),
        (
            "a .. name from a GNU long name",
            {
                $0.gnuLong("../" + String(repeating: "x", count: 120))
                $0.file("ok", "")
            },
            .containerArchiveEntryPath
        ),
        ("a setuid file", { $0.file("su", "x", mode: 0o4755) }, .containerArchiveSetID),
        ("a setgid directory", { $0.directory("shared/", mode: 0o2775) }, .containerArchiveSetID),
        ("a character device", { $0.header("null", typeFlag: UInt8(ascii: "3")) }, .containerArchiveDeviceNode),
        ("a block device", { $0.header("sda", typeFlag: UInt8(ascii: "4")) }, .containerArchiveDeviceNode),
        ("a FIFO", { $0.header("pipe", typeFlag: UInt8(ascii: "6")) }, .containerArchiveDeviceNode),
        ("a relative symlink inside", { $0.symlink("a/link", to: "../b") }, nil),
        ("an empty symlink", { $0.symlink("a/link", to: "") }, nil),
        ("an absolute symlink", { $0.symlink("link", to: "/etc/shadow") }, .containerArchiveEscapingLink),
        ("a symlink climbing out", { $0.symlink("a/link", to: "../../etc") }, .containerArchiveEscapingLink),
        ("a symlink to ..", { $0.symlink("link", to: "..") }, .containerArchiveEscapingLink),
        (
            "a pax linkpath climbing out",
            {
                $0.pax([("linkpath", "../../../root")])
                $0.symlink("l", to: "ok")
            },
            .containerArchiveEscapingLink
        ),
        (
            "a hardlink inside",
            {
                $0.file("a", "x")
                $0.hardLink("b", to: "a")
            }, nil
        ),
        ("a hardlink climbing out", { $0.hardLink("b", to: "../etc/passwd") }, .containerArchiveEscapingLink),
        ("an absolute hardlink", { $0.hardLink("b", to: "/etc/passwd") }, .containerArchiveEscapingLink),
        (
            "a contiguous file dockerd cannot extract", { $0.header("c", typeFlag: UInt8(ascii: "7")) },
            .containerArchiveEntryType
        ),
        (
            "a pax global header is ignored",
            {
                $0.pax([("comment", "git")], global: true)
                $0.file("a", "")
            }, nil
        ),
    ]

    @Test("every entry is checked", arguments: entryCases)
    func entries(_ name: String, _ build: @Sendable (inout TarWriter) -> Void, _ expected: ReasonCode?) {
        var writer = TarWriter()
        build(&writer)
        writer.end()
        expectDecision(upload(writer.bytes), expected)
        expectDecision(upload(gzip(writer.bytes)), expected)
    }

    @Test("switches permit setuid, devices and escaping links")
    func switches() {
        var writer = TarWriter()
        writer.file("su", "x", mode: 0o4755)
        writer.header("null", typeFlag: UInt8(ascii: "3"))
        writer.header("pipe", typeFlag: UInt8(ascii: "6"))
        writer.symlink("root", to: "/")
        writer.hardLink("passwd", to: "../etc/passwd")
        writer.end()
        var options = ContainerArchiveInspector.Options()
        options.allowSetID = true
        expectDecision(upload(writer.bytes, options: options), .containerArchiveDeviceNode)
        options.allowDeviceNodes = true
        expectDecision(upload(writer.bytes, options: options), .containerArchiveEscapingLink)
        options.allowEscapingLinks = true
        expectDecision(upload(writer.bytes, options: options), nil)
        expectDecision(
            upload(writer.bytes, query: "path=%2Fetc", options: Self.allowedPaths(["/tmp"])),
            .containerArchivePath
        )
    }

    @Test("archives that cannot be read are refused; an empty body is nothing to extract")
    func unreadable() {
        expectDecision(upload([]), nil)
        expectDecision(
            upload(Array("not a tar at all".utf8) + [UInt8](repeating: 0x20, count: 600)),
            .requestBodyInvalid
        )
        expectDecision(upload(Array(Self.simple.prefix(700))), .requestBodyInvalid)
        expectDecision(upload([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] + Self.simple), .requestBodyUninspectable)
        expectDecision(upload(gzipBomb(megabytes: 16), inflatedLimit: 8 << 20), .requestBodyUninspectable)
        var late = TarWriter()
        late.file("fine", "x")
        late.header("bad", corruptChecksum: true)
        expectDecision(upload(late.bytes), .requestBodyInvalid)
    }
}
