/// The bytes of an archive body, inflated on the fly when it is gzip-compressed.
///
/// The compression is detected by magic number, the way dockerd's `archive.DecompressStream` detects it,
/// so sockguard reads a body as the daemon will: `1f 8b 08` is gzip; bzip2 (`BZh`), xz (`fd 37 7a 58 5a
/// 00`) and zstd (`28 b5 2f fd`, or a skippable frame) are refused as uninspectable; anything else is read
/// as a plain tar.
struct ArchiveStream {
    /// Inflated bytes read per zlib call.
    static let chunkSize = 64 << 10

    /// Borrowed from the caller for the life of the stream.
    private let body: UnsafeRawBufferPointer
    private var offset = 0
    private let inflater: GzipInflater?
    private var pending: [UInt8] = []
    private var pendingOffset = 0

    /// Reads `body`; a gzip body may inflate to at most `inflatedLimit` bytes.
    init(_ body: UnsafeRawBufferPointer, inflatedLimit: Int) throws(ArchiveReadError) {
        self.body = body
        if body.starts(with: [0x1f, 0x8b, 0x08]) {
            do throws(GzipInflater.Failure) {
                self.inflater = try GzipInflater(body, limit: inflatedLimit)
            } catch {
                throw Self.translate(error)
            }
            return
        }
        if body.starts(with: Array("BZh".utf8)) {
            throw .unsupportedCompression("bzip2")
        }
        if body.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) {
            throw .unsupportedCompression("xz")
        }
        // A zstd frame, or a zstd skippable frame (`0x184D2A5?` little-endian), which dockerd also reads as zstd.
        if body.starts(with: [0x28, 0xb5, 0x2f, 0xfd])
            || (body.count >= 4 && body[0] & 0xf0 == 0x50 && body[1...3].elementsEqual([0x2a, 0x4d, 0x18]))
        {
            throw .unsupportedCompression("zstd")
        }
        self.inflater = nil
    }

    /// Whether the body is gzip-compressed.
    var isCompressed: Bool { inflater != nil }

    /// Exactly `count` bytes; nil when the stream is already at its end, `.truncated` when it ends part way.
    mutating func read(_ count: Int) throws(ArchiveReadError) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            guard let available = try nextBytes(max: count - result.count) else { break }
            result.append(contentsOf: available)
        }
        if result.isEmpty && count > 0 {
            return nil
        }
        guard result.count == count else { throw .truncated }
        return result
    }

    /// Discards exactly `count` bytes, or throws `.truncated`.
    mutating func skip(_ count: Int64) throws(ArchiveReadError) {
        if inflater == nil {
            guard count <= Int64(body.count - offset) else { throw .truncated }
            offset += Int(count)
            return
        }
        var remaining = count
        while remaining > 0 {
            let step = Int(min(remaining, Int64(Self.chunkSize)))
            guard let skipped = try nextBytes(max: step) else { throw .truncated }
            remaining -= Int64(skipped.count)
        }
    }

    /// Up to `max` bytes (copied out of the plain body a chunk at a time, so no copy of it all is ever held);
    /// nil at the end.
    private mutating func nextBytes(max: Int) throws(ArchiveReadError) -> ArraySlice<UInt8>? {
        guard let inflater else {
            guard offset < body.count else { return nil }
            let end = offset + min(max, body.count - offset)
            defer { offset = end }
            return ArraySlice(body[offset..<end])
        }
        if pendingOffset == pending.count {
            do throws(GzipInflater.Failure) {
                pending = try inflater.read(upTo: Self.chunkSize)
            } catch {
                throw Self.translate(error)
            }
            pendingOffset = 0
            if pending.isEmpty {
                return nil
            }
        }
        let end = pendingOffset + min(max, pending.count - pendingOffset)
        defer { pendingOffset = end }
        return pending[pendingOffset..<end]
    }

    private static func translate(_ failure: GzipInflater.Failure) -> ArchiveReadError {
        switch failure {
        case .corrupt(let reason): .corruptCompression(reason)
        case .tooLarge(let limit): .inflatedTooLarge(limit: limit)
        }
    }
}
