/// Why a request body archive could not be read. Each message names the problem; `denial` turns it into the
/// refusal the proxy sends.
enum ArchiveReadError: Error, Equatable {
    /// Compressed with a format sockguard does not inflate (bzip2, xz, zstd). dockerd would read it, so the
    /// body is refused as uninspectable rather than as invalid.
    case unsupportedCompression(String)
    /// More inflated bytes than the inspector reads: a decompression bomb, or an archive too large to inspect.
    case inflatedTooLarge(limit: Int)
    /// A gzip stream zlib rejected.
    case corruptCompression(String)
    /// The archive ends inside a header or an entry's content.
    case truncated
    /// A header that Go's `archive/tar` would reject too; the text names the field.
    case invalidHeader(String)
    /// A valid tar feature sockguard does not read (sparse files), so the entry's layout is unknown.
    case unsupportedEntry(String)

    var message: String {
        switch self {
        case .unsupportedCompression(let format): "\(format)-compressed archives cannot be inspected"
        case .inflatedTooLarge(let limit): "the archive inflates to more than \(limit) bytes"
        case .corruptCompression(let reason): reason
        case .truncated: "the tar archive is truncated"
        case .invalidHeader(let reason): "invalid tar header: \(reason)"
        case .unsupportedEntry(let reason): reason
        }
    }

    /// 403 `request_body_uninspectable` for an archive that may be valid but that sockguard will not read
    /// through; 400 `request_body_invalid` for one that is not a valid archive at all.
    var denial: Denial {
        switch self {
        case .unsupportedCompression, .inflatedTooLarge, .unsupportedEntry:
            Denial(status: 403, reasonCode: .requestBodyUninspectable, message: "sockguard: " + message)
        case .corruptCompression, .truncated, .invalidHeader:
            Denial(
                status: 400,
                reasonCode: .requestBodyInvalid,
                message: "sockguard: request body rejected: " + message
            )
        }
    }
}
