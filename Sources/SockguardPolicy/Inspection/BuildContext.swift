/// A build context archive, searched for its Dockerfile the way dockerd finds it after extracting the
/// context: by cleaned path, the last entry of a name winning.
struct BuildContext {
    /// What the context holds at the Dockerfile path.
    enum Dockerfile: Equatable {
        case missing
        /// Something dockerd may read but sockguard cannot: a link, a directory, an oversized file, or a file
        /// under a linked directory.
        case uninspectable(String)
        case contents([UInt8])
    }

    private var reader: TarReader

    init(_ archive: UnsafeRawBufferPointer, inflatedLimit: Int) throws(ArchiveReadError) {
        reader = TarReader(try ArchiveStream(archive, inflatedLimit: inflatedLimit))
    }

    /// Reads the whole archive (so a corrupt tail is still an error, and a later entry still replaces an
    /// earlier one) and returns the entry at `path`, or at `fallback` when `path` is missing.
    mutating func dockerfile(at path: String, fallback: String?, limit: Int) throws(ArchiveReadError) -> Dockerfile {
        // Keyed and compared by UTF-8 bytes, as the filesystem compares names.
        let wanted = Array(path.utf8)
        let fallbackWanted = fallback.map { Array($0.utf8) }
        var found: [[UInt8]: Dockerfile] = [:]
        var linkedDirectory: String?
        while let entry = try reader.next() {
            guard entry.kind != .globalHeader, let name = ArchivePath.underRoot(entry.name),
                !ArchivePath.same(name, ".")
            else {
                continue
            }
            if entry.kind == .symbolicLink || entry.kind == .hardLink, ArchivePath.isStrictlyWithin(path, name) {
                linkedDirectory = name
            }
            let key = Array(name.utf8)
            guard key == wanted || key == fallbackWanted else { continue }
            switch entry.kind {
            case .regular:
                if let contents = try reader.readContent(limit: limit) {
                    found[key] = .contents(contents)
                } else {
                    found[key] = .uninspectable("it is larger than \(limit) bytes")
                }
            case .symbolicLink, .hardLink:
                found[key] = .uninspectable("it is a link")
            default:
                found[key] = .uninspectable("it is not a regular file")
            }
        }
        if let linkedDirectory {
            return .uninspectable("\"\(linkedDirectory)\" is a link")
        }
        return found[wanted] ?? fallbackWanted.flatMap { found[$0] } ?? .missing
    }
}
