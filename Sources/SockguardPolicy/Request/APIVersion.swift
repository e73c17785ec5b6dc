/// The Docker API version segment, `v[0-9]+(\.[0-9]+){0,2}`: `v1`, `v1.41`, and the three-part
/// `v5.0.0` that Podman's libpod bindings send. Lowercase `v` only, as dockerd's router.
enum APIVersion {
    /// Whether `segment` (one path segment, no `/`) is a version segment.
    static func isVersionSegment(_ segment: ArraySlice<UInt8>) -> Bool {
        guard segment.first == UInt8(ascii: "v") else { return false }
        // One to three groups of digits separated by single dots, read in one pass.
        var groups = 1
        var digitsInGroup = 0
        for byte in segment.dropFirst() {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digitsInGroup += 1
            } else if byte == UInt8(ascii: "."), digitsInGroup > 0, groups < 3 {
                groups += 1
                digitsInGroup = 0
            } else {
                return false
            }
        }
        return digitsInGroup > 0
    }
}
