import Foundation

/// Builds the test image from the host's static busybox, since integration tests can never pull.
///
/// The rootfs is `bin/busybox` plus one symlink per applet, with `PATH=/bin` and `CMD ["sh"]` set at import
/// (an imported image has no config of its own, so without `PATH` even `echo` is not found).
enum BusyboxImage {
    static let installHint =
        "install them with `apt-get install -y docker.io busybox-static` (see scripts/dev-dockerd.sh and .ci/run)"

    /// The first statically linked busybox found on the host.
    static func locateStaticBusybox() throws -> String {
        let candidates = ["/bin/busybox", "/usr/bin/busybox", "/usr/sbin/busybox", "/sbin/busybox"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if isStaticELF(candidate) { return candidate }
        }
        throw HarnessError.missingTool(
            name: "a static busybox (busybox-static)",
            hint: "searched \(candidates.joined(separator: ", ")); \(installHint)"
        )
    }

    /// Writes the rootfs into `directory/rootfs` and tars it to `directory/rootfs.tar`; returns the tar path.
    static func makeRootfsTarball(in directory: String, busybox: String) throws -> String {
        let fileManager = FileManager.default
        let rootfs = directory + "/rootfs"
        try? fileManager.removeItem(atPath: rootfs)
        for sub in ["bin", "tmp", "etc", "proc", "sys", "dev", "root"] {
            try fileManager.createDirectory(atPath: rootfs + "/" + sub, withIntermediateDirectories: true)
        }
        try fileManager.copyItem(atPath: busybox, toPath: rootfs + "/bin/busybox")
        let list = try ProcessRunner.run(busybox, ["--list"], timeout: .seconds(20))
        guard list.succeeded else { throw HarnessError.commandFailed(step: "busybox --list", result: list) }
        for applet in list.stdoutText.split(separator: "\n").map(String.init)
        where !applet.isEmpty && applet != "busybox" && !applet.contains("/") {
            try? fileManager.createSymbolicLink(atPath: rootfs + "/bin/" + applet, withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"
            .write(toFile: rootfs + "/etc/passwd", atomically: true, encoding: .utf8)
        try "root:x:0:\nnogroup:x:65534:\n".write(toFile: rootfs + "/etc/group", atomically: true, encoding: .utf8)
        let tarball = directory + "/rootfs.tar"
        let tar = try ProcessRunner.run("/bin/tar", ["-C", rootfs, "-cf", tarball, "."], timeout: .seconds(60))
        guard tar.succeeded else { throw HarnessError.commandFailed(step: "tar of the busybox rootfs", result: tar) }
        return tarball
    }

    /// The `docker import` arguments that turn the tarball into `name`.
    static func importArguments(tarball: String, name: String) -> [String] {
        ["import", "--change", "ENV PATH=/bin", "--change", #"CMD ["sh"]"#, tarball, name]
    }

    /// True if the file is an ELF executable without a `PT_INTERP` program header, i.e. it needs no loader.
    static func isStaticELF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 64), header.count == 64,
            header.starts(with: [0x7f, 0x45, 0x4c, 0x46]), header[4] == 2  // 64-bit
        else { return false }
        func integer(_ data: Data, _ offset: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(data[data.startIndex + offset + $1]) << (8 * $1) }
        }
        let programHeaderOffset = integer(header, 32, 8)
        let entrySize = integer(header, 54, 2)
        let count = integer(header, 56, 2)
        guard entrySize >= 4, count < 4096 else { return false }
        try? handle.seek(toOffset: UInt64(programHeaderOffset))
        guard let table = try? handle.read(upToCount: entrySize * count), table.count == entrySize * count else {
            return false
        }
        let ptInterp = 3
        return !(0..<count).contains { integer(table, $0 * entrySize, 4) == ptInterp }
    }
}
