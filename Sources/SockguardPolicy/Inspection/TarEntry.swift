/// One member of a tar archive, as Go's `archive/tar` (the reader dockerd uses) reports it: pax `path` and
/// `linkpath` records and GNU long names already applied, `name` and `linkName` exactly as written (not
/// cleaned).
struct TarEntry: Sendable, Equatable {
    /// The type flag, with the members dockerd extracts named.
    enum Kind: Sendable, Equatable {
        /// `0`, or `\0` for a name without a trailing slash.
        case regular
        /// `1`: `linkName` is a path from the archive root.
        case hardLink
        /// `2`: `linkName` is relative to the entry's directory, or absolute.
        case symbolicLink
        /// `3`
        case characterDevice
        /// `4`
        case blockDevice
        /// `5`, or `\0` for a name with a trailing slash.
        case directory
        /// `6`
        case fifo
        /// `g`: pax records Go reports as an entry and does not apply to later ones; dockerd ignores it.
        case globalHeader
        /// Any other flag (`7`, `D`, `V`, vendor letters). Its content is skipped; dockerd refuses to extract it.
        case other(UInt8)
    }

    var name: String
    var linkName: String
    var kind: Kind
    /// Permission and `setuid`/`setgid`/sticky bits (`0o7777`), as in the header.
    var mode: Int64
    /// Content bytes that follow the header; 0 for links, devices, directories and FIFOs.
    var size: Int64

    /// `S_ISUID | S_ISGID`.
    static let setIDBits: Int64 = 0o6000
}
