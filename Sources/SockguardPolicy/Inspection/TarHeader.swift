/// One 512-byte tar header block, decoded with Go's `archive/tar` rules: checksum (signed or unsigned sum)
/// verified, octal or base-256 numbers, the ustar prefix joined to the name.
struct TarHeader {
    static let blockSize = 512

    var typeFlag: UInt8
    var name: [UInt8]
    var linkName: [UInt8]
    var mode: Int64
    var size: Int64

    init(_ block: [UInt8]) throws(ArchiveReadError) {
        precondition(block.count == Self.blockSize, "a tar header is one block")
        let stored = try Self.number(block[148..<156], field: "checksum")
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? UInt8(ascii: " ") : byte
            unsigned += Int64(value)
            signed += Int64(Int8(bitPattern: value))
        }
        guard stored == unsigned || stored == signed else {
            throw .invalidHeader("checksum mismatch")
        }

        typeFlag = block[156]
        name = Self.string(block[0..<100])
        linkName = Self.string(block[157..<257])
        mode = try Self.number(block[100..<108], field: "mode")
        size = try Self.number(block[124..<136], field: "size")
        for (range, field) in [(108..<116, "uid"), (116..<124, "gid"), (136..<148, "mtime")] {
            _ = try Self.number(block[range], field: field)
        }

        let magic = Array(block[257..<263])
        let prefix: [UInt8]
        if magic == Array("ustar\0".utf8) {
            _ = try Self.number(block[329..<337], field: "devmajor")
            _ = try Self.number(block[337..<345], field: "devminor")
            // star puts a 131-byte prefix and a `tar\0` trailer where ustar has a 155-byte prefix.
            let isStar = Array(block[508..<512]) == Array("tar\0".utf8)
            prefix = Self.string(block[345..<(isStar ? 476 : 500)])
        } else {
            prefix = []
        }
        if !prefix.isEmpty {
            name = prefix + [UInt8(ascii: "/")] + name
        }
        guard size >= 0 else {
            throw .invalidHeader("negative size")
        }
    }

    /// A NUL-terminated field: everything before the first NUL.
    static func string(_ field: ArraySlice<UInt8>) -> [UInt8] {
        Array(field.prefix { $0 != 0 })
    }

    /// Go's `parseNumeric`: base-256 when the high bit of the first byte is set, otherwise octal padded with
    /// spaces and NULs on either side (empty is 0).
    static func number(_ field: ArraySlice<UInt8>, field name: String) throws(ArchiveReadError) -> Int64 {
        guard let first = field.first else { return 0 }
        if first & 0x80 != 0 {
            let invert: UInt8 = first & 0x40 != 0 ? 0xff : 0
            var value: UInt64 = 0
            for (index, byte) in field.enumerated() {
                var digit = byte ^ invert
                if index == 0 {
                    digit &= 0x7f
                }
                guard value >> 56 == 0 else { throw .invalidHeader("\(name) overflows") }
                value = value << 8 | UInt64(digit)
            }
            guard value >> 63 == 0 else { throw .invalidHeader("\(name) overflows") }
            return invert == 0xff ? ~Int64(value) : Int64(value)
        }
        let isPadding: (UInt8) -> Bool = { $0 == 0 || $0 == UInt8(ascii: " ") }
        guard let start = field.firstIndex(where: { !isPadding($0) }),
            let last = field.lastIndex(where: { !isPadding($0) })
        else { return 0 }
        let digits = field[start...last].prefix { $0 != 0 }
        var value: UInt64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else {
                throw .invalidHeader("\(name) is not an octal number")
            }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 8)
            guard !overflow else { throw .invalidHeader("\(name) overflows") }
            value = shifted + UInt64(digit - UInt8(ascii: "0"))
        }
        return Int64(bitPattern: value)
    }
}
