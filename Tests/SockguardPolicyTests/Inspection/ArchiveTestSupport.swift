import CZlib
import Testing

@testable import SockguardPolicy

/// Builds tar archives byte by byte, deterministically, so archive tests need no external tools.
struct TarWriter {
    private(set) var bytes: [UInt8] = []

    /// One header block. `typeFlag` is the raw flag; `prefix` fills the ustar prefix field.
    mutating func header(
        _ name: String,
        typeFlag: UInt8 = UInt8(ascii: "0"),
        size: Int = 0,
        mode: Int = 0o644,
        linkName: String = "",
        prefix: String = "",
        magic: [UInt8] = Array("ustar\u{0}00".utf8),
        corruptChecksum: Bool = false
    ) {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: [UInt8], at offset: Int, width: Int) {
            for (index, byte) in text.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(Array(name.utf8), at: 0, width: 100)
        put(octal(mode, width: 8), at: 100, width: 8)
        put(octal(0, width: 8), at: 108, width: 8)
        put(octal(0, width: 8), at: 116, width: 8)
        put(octal(size, width: 12), at: 124, width: 12)
        put(octal(0, width: 12), at: 136, width: 12)
        block[156] = typeFlag
        put(Array(linkName.utf8), at: 157, width: 100)
        put(magic, at: 257, width: 8)
        put(Array(prefix.utf8), at: 345, width: 155)
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        var sum = block.reduce(0) { $0 + Int($1) }
        if corruptChecksum { sum += 1 }
        put(octal(sum, width: 7), at: 148, width: 7)
        bytes += block
    }

    /// Content, padded to a block.
    mutating func content(_ data: [UInt8]) {
        bytes += data
        bytes += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    mutating func file(_ name: String, _ text: String, mode: Int = 0o644) {
        header(name, size: text.utf8.count, mode: mode)
        content(Array(text.utf8))
    }

    mutating func directory(_ name: String, mode: Int = 0o755) {
        header(name, typeFlag: UInt8(ascii: "5"), mode: mode)
    }

    mutating func symlink(_ name: String, to target: String) {
        header(name, typeFlag: UInt8(ascii: "2"), mode: 0o777, linkName: target)
    }

    mutating func hardLink(_ name: String, to target: String) {
        header(name, typeFlag: UInt8(ascii: "1"), linkName: target)
    }

    /// A pax `x` (or `g`) header carrying `records`.
    mutating func pax(_ records: [(String, String)], global: Bool = false) {
        var data: [UInt8] = []
        for (key, value) in records {
            let body = " \(key)=\(value)\n"
            var length = body.utf8.count + 1
            while String(length).utf8.count + body.utf8.count != length { length += 1 }
            data += Array((String(length) + body).utf8)
        }
        header("PaxHeaders/entry", typeFlag: UInt8(ascii: global ? "g" : "x"), size: data.count)
        content(data)
    }

    /// A GNU `L` (long name) or `K` (long link) header.
    mutating func gnuLong(_ name: String, link: Bool = false) {
        let data = Array(name.utf8) + [0]
        header(
            "././@LongLink",
            typeFlag: UInt8(ascii: link ? "K" : "L"),
            size: data.count,
            magic: Array("ustar  \u{0}".utf8)
        )
        content(data)
    }

    /// One zero block.
    mutating func zeroBlock() {
        bytes += [UInt8](repeating: 0, count: 512)
    }

    /// Recomputes the checksum of the header block at `offset` after a test edited its bytes.
    static func fixChecksum(_ bytes: inout [UInt8], at offset: Int = 0) {
        for index in (offset + 148)..<(offset + 156) { bytes[index] = UInt8(ascii: " ") }
        let sum = bytes[offset..<(offset + 512)].reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        bytes.replaceSubrange((offset + 148)..<(offset + 148 + digits.count), with: digits)
        bytes[offset + 148 + digits.count] = 0
    }

    /// The two zero blocks that end an archive.
    mutating func end() {
        bytes += [UInt8](repeating: 0, count: 1024)
    }

    /// A finished archive of the given files.
    static func archive(_ files: [(String, String)]) -> [UInt8] {
        var writer = TarWriter()
        for (name, text) in files { writer.file(name, text) }
        writer.end()
        return writer.bytes
    }
}

/// gzip-compresses `data` with system zlib.
func gzip(_ data: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    #expect(czlib_deflate_init2(&stream, Z_BEST_COMPRESSION, 16 + MAX_WBITS) == Z_OK)
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 64)
    var input = data
    let written = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = UInt32(outBuffer.count)
            #expect(deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    deflateEnd(&stream)
    return Array(output[..<written])
}

/// A gzip stream of `count` zero bytes, built from one compressed chunk repeated, without holding `count`
/// bytes: concatenated gzip members inflate as one stream.
func gzipZeros(members: Int, memberSize: Int) -> [UInt8] {
    let member = gzip([UInt8](repeating: 0, count: memberSize))
    var result: [UInt8] = []
    result.reserveCapacity(member.count * members)
    for _ in 0..<members { result += member }
    return result
}

/// A gzip tar whose one file, `name`, claims `megabytes` MiB of zeros: a few KiB that inflate past any small
/// limit. The zeros follow as repeated gzip members.
func gzipBomb(name: String = "bomb", megabytes: Int) -> [UInt8] {
    var writer = TarWriter()
    writer.header(name, size: megabytes << 20)
    return gzip(writer.bytes) + gzipZeros(members: megabytes, memberSize: 1 << 20)
}

/// Every entry of `archive`, or the error reading it.
func entries(_ archive: [UInt8], inflatedLimit: Int = 1 << 30) -> Result<[TarEntry], ArchiveReadError> {
    archive.withUnsafeBytes { bytes in
        Result { () throws(ArchiveReadError) in
            var reader = TarReader(try ArchiveStream(bytes, inflatedLimit: inflatedLimit))
            var result: [TarEntry] = []
            while let entry = try reader.next() { result.append(entry) }
            return result
        }
    }
}
