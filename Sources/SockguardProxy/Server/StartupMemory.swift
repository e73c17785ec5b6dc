#if canImport(Glibc)
import Glibc
#endif

/// Gives back the memory only startup needed.
///
/// Argument parsing, YAML and Foundation run once, before the listener opens; their code stays resident
/// afterwards although the proxy never runs it again (about 8 of the 21 MiB of a static build). Once listening,
/// the proxy asks the kernel to drop the clean, file-backed pages of its read-only mappings (`MADV_PAGEOUT`).
/// Pages the data path needs fault back in on first use, so resident memory settles at the real working set.
/// Nothing writable or anonymous is touched, and on kernels without `MADV_PAGEOUT` this does nothing.
enum StartupMemory {
    static func releaseStartupPages() {
        #if os(Linux)
        guard let maps = fopen("/proc/self/maps", "r") else { return }
        defer { fclose(maps) }
        let madvPageout: Int32 = 21
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), maps) != nil {
            guard
                let mapping = Mapping(
                    String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                ), mapping.isFileBackedReadOnly
            else { continue }
            _ = madvise(
                UnsafeMutableRawPointer(bitPattern: mapping.start),
                Int(mapping.end - mapping.start),
                madvPageout
            )
        }
        #endif
    }

    /// One line of /proc/self/maps: `start-end perms offset dev inode path`.
    struct Mapping {
        var start: UInt
        var end: UInt
        var permissions: Substring
        var path: Substring

        init?(_ line: String) {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { return nil }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                end > start
            else { return nil }
            self.start = start
            self.end = end
            self.permissions = fields[1]
            self.path = fields[5].drop { $0 == " " }
        }

        var isFileBackedReadOnly: Bool {
            self.path.hasPrefix("/") && !self.permissions.contains("w")
        }
    }
}
