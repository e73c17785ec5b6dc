/// Reads the entries of a tar archive the way Go's `archive/tar` reads them, because that is how dockerd
/// will read the same bytes; an inspector that parsed them differently could approve one archive and have
/// the daemon extract another.
///
/// Followed from Go: ustar, GNU and star headers; pax `x` records (`path`, `linkpath` and `size` override
/// the header, an empty value keeps it, a later `x` header replaces an earlier one); GNU long names `L` and
/// long link names `K` (applied after pax, as Go does); pax `g` headers reported as entries of their own and
/// not applied to later entries; `\0` entries whose name ends in `/` are directories; links, devices,
/// directories and FIFOs have no content whatever their size field says; an archive may end at a block
/// boundary without the two zero blocks, but one zero block followed by data is an error.
///
/// Fail-closed where sockguard could misread: GNU and pax sparse files are refused (`unsupportedEntry`),
/// names that are not UTF-8 are refused, and pax and long-name content is capped at 1 MiB, Go's own
/// limit. Where Go rejects an archive (bad checksum, malformed numbers or pax records, truncation) this
/// reader throws too.
struct TarReader {
    /// Largest pax or GNU long-name content, Go's `maxSpecialFileSize`.
    static let maxSpecialFileSize = 1 << 20

    private var stream: ArchiveStream
    private var unread: Int64 = 0
    private var padding = 0
    private var finished = false

    init(_ stream: ArchiveStream) {
        self.stream = stream
    }

    /// The next entry, skipping whatever the caller left unread of the previous one; nil at the end.
    mutating func next() throws(ArchiveReadError) -> TarEntry? {
        guard !finished else { return nil }
        try stream.skip(unread)
        unread = 0
        if padding > 0, try stream.read(padding) == nil {
            finished = true
            return nil
        }
        padding = 0

        var pax: [String: String] = [:]
        var longName: [UInt8] = []
        var longLink: [UInt8] = []
        while true {
            guard let block = try stream.read(TarHeader.blockSize) else { return end() }
            if block.allSatisfy({ $0 == 0 }) {
                guard let second = try stream.read(TarHeader.blockSize) else { return end() }
                guard second.allSatisfy({ $0 == 0 }) else {
                    throw .invalidHeader("a zero block is followed by data")
                }
                return end()
            }
            let header = try TarHeader(block)
            switch header.typeFlag {
            case UInt8(ascii: "x"):
                pax = try Self.paxRecords(try readSpecial(header.size))
            case UInt8(ascii: "g"):
                let records = try Self.paxRecords(try readSpecial(header.size))
                var name = try Self.utf8(header.name)
                if let path = records["path"], !path.isEmpty {
                    name = path
                }
                return TarEntry(
                    name: name,
                    linkName: "",
                    kind: .globalHeader,
                    mode: header.mode,
                    size: 0
                )
            case UInt8(ascii: "L"):
                longName = TarHeader.string(try readSpecial(header.size)[...])
            case UInt8(ascii: "K"):
                longLink = TarHeader.string(try readSpecial(header.size)[...])
            case UInt8(ascii: "S"):
                throw .unsupportedEntry("GNU sparse files cannot be inspected")
            default:
                return try entry(header, pax: pax, longName: longName, longLink: longLink)
            }
        }
    }

    /// The rest of the current entry's content, or nil (content left in place) when it is larger than `limit`.
    mutating func readContent(limit: Int) throws(ArchiveReadError) -> [UInt8]? {
        guard unread <= Int64(limit) else { return nil }
        let count = Int(unread)
        let content = try stream.read(count) ?? []
        guard content.count == count else { throw .truncated }
        unread = 0
        return content
    }

    private mutating func end() -> TarEntry? {
        finished = true
        return nil
    }

    private mutating func entry(
        _ header: TarHeader,
        pax: [String: String],
        longName: [UInt8],
        longLink: [UInt8]
    ) throws(ArchiveReadError) -> TarEntry {
        if pax.keys.contains(where: { $0.utf8.starts(with: "GNU.sparse.".utf8) }) {
            throw .unsupportedEntry("GNU sparse files cannot be inspected")
        }
        var name = try Self.utf8(header.name)
        var linkName = try Self.utf8(header.linkName)
        var size = header.size
        if let path = pax["path"], !path.isEmpty {
            name = path
        }
        if let path = pax["linkpath"], !path.isEmpty {
            linkName = path
        }
        if let value = pax["size"], !value.isEmpty {
            guard let parsed = Int64(value), parsed >= 0 else { throw .invalidHeader("pax size is not a size") }
            size = parsed
        }
        if !longName.isEmpty {
            name = try Self.utf8(longName)
        }
        if !longLink.isEmpty {
            linkName = try Self.utf8(longLink)
        }

        let kind: TarEntry.Kind =
            switch header.typeFlag {
            case UInt8(ascii: "0"): .regular
            case 0: name.utf8.last == UInt8(ascii: "/") ? .directory : .regular
            case UInt8(ascii: "1"): .hardLink
            case UInt8(ascii: "2"): .symbolicLink
            case UInt8(ascii: "3"): .characterDevice
            case UInt8(ascii: "4"): .blockDevice
            case UInt8(ascii: "5"): .directory
            case UInt8(ascii: "6"): .fifo
            default: .other(header.typeFlag)
            }
        switch kind {
        case .regular, .other: break
        default: size = 0
        }
        setContent(size)
        return TarEntry(name: name, linkName: linkName, kind: kind, mode: header.mode, size: size)
    }

    private mutating func setContent(_ size: Int64) {
        unread = size
        padding = Int((TarHeader.blockSize - Int(size % Int64(TarHeader.blockSize))) % TarHeader.blockSize)
    }

    /// The content of a pax or GNU long-name header, with its padding consumed.
    private mutating func readSpecial(_ size: Int64) throws(ArchiveReadError) -> [UInt8] {
        guard size <= Int64(Self.maxSpecialFileSize) else {
            throw .invalidHeader("an extended header is larger than \(Self.maxSpecialFileSize) bytes")
        }
        setContent(size)
        guard let content = try readContent(limit: Self.maxSpecialFileSize) else { throw .truncated }
        if padding > 0 {
            guard try stream.read(padding) != nil else { throw .truncated }
            padding = 0
        }
        return content
    }

    /// The pax records this reader applies to an entry.
    static let appliedRecords: Set<String> = ["path", "linkpath", "size"]

    /// Go's `parsePAX`: `<length> <key>=<value>\n` records, the length counting the whole record.
    static func paxRecords(_ content: [UInt8]) throws(ArchiveReadError) -> [String: String] {
        var records: [String: String] = [:]
        var rest = content[...]
        while !rest.isEmpty {
            guard let space = rest.firstIndex(of: UInt8(ascii: " ")),
                let lengthText = String(validating: rest[rest.startIndex..<space], as: UTF8.self),
                !lengthText.isEmpty, lengthText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                let length = Int(lengthText), length >= 5, length <= rest.count,
                length > lengthText.utf8.count + 1
            else { throw .invalidHeader("malformed pax record") }
            let record = rest[rest.startIndex..<(rest.startIndex + length)]
            rest = rest[(rest.startIndex + length)...]
            guard record.last == UInt8(ascii: "\n"),
                let equals = record[(space + 1)...].firstIndex(of: UInt8(ascii: "="))
            else { throw .invalidHeader("malformed pax record") }
            let keyBytes = record[(space + 1)..<equals]
            let valueBytes = record[(equals + 1)..<(record.endIndex - 1)]
            guard !keyBytes.isEmpty, !keyBytes.contains(0) else { throw .invalidHeader("malformed pax record") }
            // Only the records this reader applies must be UTF-8; others (binary xattrs) are kept lossily.
            let key = String(decoding: keyBytes, as: UTF8.self)
            if ["path", "linkpath", "uname", "gname"].contains(key), valueBytes.contains(0) {
                throw .invalidHeader("pax \(key) contains NUL")
            }
            records[key] =
                Self.appliedRecords.contains(key) ? try utf8(valueBytes) : String(decoding: valueBytes, as: UTF8.self)
        }
        return records
    }

    private static func utf8(_ bytes: some Collection<UInt8>) throws(ArchiveReadError) -> String {
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .invalidHeader("a name is not valid UTF-8")
        }
        return string
    }
}
