extension Collection<UInt8> {
    /// Lower-case hex, two digits a byte, written in place: digests, request and trace ids.
    @inlinable public var lowercaseHex: String {
        String(unsafeUninitializedCapacity: count * 2) { text in
            var at = 0
            for byte in self {
                text[at] = Self.hexDigit(byte >> 4)
                text[at + 1] = Self.hexDigit(byte & 0x0F)
                at += 2
            }
            return at
        }
    }

    @inlinable public static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
