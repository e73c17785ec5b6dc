/// The Docker API version segment, `v[0-9]+(\.[0-9]+){0,2}`: `v1`, `v1.41`, and the three-part
/// `v5.0.0` that Podman's libpod bindings send. Lowercase `v` only, as dockerd's router.
enum APIVersion {
    /// Whether `segment` (one path segment, no `/`) is a version segment.
    static func isVersionSegment(_ segment: ArraySlice<UInt8>) -> Bool {
        guard segment.first == UInt8(ascii: "v") else { return false }
        let numbers = segment.dropFirst().split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...3).contains(numbers.count) else { return false }
        return numbers.allSatisfy { number in
            !number.isEmpty && number.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }
}
