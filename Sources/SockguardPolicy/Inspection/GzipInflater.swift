import CZlib

/// Inflates a gzip body through system zlib a chunk at a time, and refuses to produce more than `limit`
/// bytes in total.
///
/// The limit is what makes a decompression bomb harmless: a few MiB of gzip can inflate to terabytes, so
/// an inspector must never inflate without one. Memory stays at one chunk, because callers read the
/// inflated stream as they parse it and keep only what they need.
///
/// Concatenated gzip members are read as one stream, as Go's `compress/gzip` (and so dockerd) reads them.
/// Anything else after a member is corrupt, but only once the caller asks for bytes beyond it: dockerd's
/// tar reader stops at the end-of-archive marker, and so does ours.
///
/// Not `Sendable`: the zlib stream is mutable state owned by one inspection.
final class GzipInflater {
    /// Why inflating stopped.
    enum Failure: Error, Equatable {
        /// Not a valid gzip stream; the text names the problem.
        case corrupt(String)
        /// More than `limit` inflated bytes.
        case tooLarge(limit: Int)
    }

    /// Borrowed from the caller for the life of the inflater.
    private let input: UnsafeRawBufferPointer
    private let limit: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private var ready = false
    private var consumed = 0
    private var produced = 0
    private var memberEnded = false
    private var atEnd = false

    /// Starts inflating `input`, a gzip stream (the zlib and raw deflate formats are not accepted).
    init(_ input: UnsafeRawBufferPointer, limit: Int) throws(Failure) {
        self.input = input
        self.limit = limit
        self.stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 16 + 15: a 32 KiB window and a gzip wrapper only.
        guard czlib_inflate_init2(stream, 16 + MAX_WBITS) == Z_OK else {
            throw .corrupt("zlib could not be initialised")
        }
        ready = true
    }

    deinit {
        if ready {
            inflateEnd(stream)
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Total inflated bytes handed out so far.
    var inflatedCount: Int { produced }

    /// Up to `maxCount` (at least 1) more inflated bytes; empty only at the end of the stream.
    func read(upTo maxCount: Int) throws(Failure) -> [UInt8] {
        while !atEnd {
            if memberEnded {
                try startNextMember()
                continue
            }
            // One byte more than the limit allows is enough to prove the limit is exceeded.
            var chunk = [UInt8](repeating: 0, count: max(1, min(maxCount, limit - produced + 1)))
            let (status, used, written) = step(into: &chunk)
            consumed += used
            produced += written
            if produced > limit {
                throw .tooLarge(limit: limit)
            }
            switch status {
            case Z_OK:
                break
            case Z_STREAM_END:
                memberEnded = true
            case Z_BUF_ERROR where used == 0 && written == 0:
                throw .corrupt(consumed == input.count ? "the gzip stream is truncated" : "the gzip stream is invalid")
            case Z_BUF_ERROR:
                break
            default:
                throw .corrupt(errorMessage(status))
            }
            if written > 0 {
                chunk.removeSubrange(written...)
                return chunk
            }
        }
        return []
    }

    /// After a member's trailer: the end of the input, or the next member.
    private func startNextMember() throws(Failure) {
        let rest = input.count - consumed
        if rest == 0 {
            atEnd = true
            return
        }
        guard rest >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b else {
            throw .corrupt("unexpected data after the gzip stream")
        }
        guard inflateReset(stream) == Z_OK else {
            throw .corrupt("zlib could not be reset")
        }
        memberEnded = false
    }

    /// One `inflate` call. zlib keeps no pointer to the input between calls, so the input is pinned only
    /// for the duration of the call.
    private func step(into chunk: inout [UInt8]) -> (status: Int32, used: Int, written: Int) {
        let offset = consumed
        let inBuffer = input.bindMemory(to: UInt8.self)
        return chunk.withUnsafeMutableBufferPointer { outBuffer in
            let available = min(inBuffer.count - offset, Int(UInt32.max))
            stream.pointee.next_in = inBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0 + offset) }
            stream.pointee.avail_in = UInt32(available)
            stream.pointee.next_out = outBuffer.baseAddress
            stream.pointee.avail_out = UInt32(outBuffer.count)
            let status = inflate(stream, Z_NO_FLUSH)
            let used = available - Int(stream.pointee.avail_in)
            let written = outBuffer.count - Int(stream.pointee.avail_out)
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
            return (status, used, written)
        }
    }

    private func errorMessage(_ status: Int32) -> String {
        if let message = stream.pointee.msg {
            return "the gzip stream is invalid: " + String(cString: message)
        }
        return "the gzip stream is invalid (zlib status \(status))"
    }
}
