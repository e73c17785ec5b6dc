/// Host directories a container may bind-mount, compared on clean paths.
///
/// Both the allowed prefixes and the requested source are cleaned the way Go's `path.Clean` (and dockerd,
/// before it mounts) cleans them: `.` and empty segments dropped, `..` applied, no trailing slash. The match
/// is by whole segments, so `/data` allows `/data` and `/data/x` but not `/database`, and
/// `/data/../etc` is `/etc`. Symlinks on the host are not resolved: allow only directories whose contents
/// the client cannot turn into links elsewhere.
struct HostPathAllowlist: Sendable, Equatable {
    /// Clean absolute prefixes; relative entries are dropped (configuration validation reports them).
    let prefixes: [String]

    init(_ entries: [String]) {
        var prefixes: [String] = []
        for entry in entries {
            guard let clean = Self.clean(entry), !prefixes.contains(clean) else { continue }
            prefixes.append(clean)
        }
        self.prefixes = prefixes
    }

    /// Whether the absolute `path` lies inside an allowed prefix after cleaning. Compared as bytes, as the kernel
    /// compares them: `String` equality would take `e` and a combining accent for `é`.
    func allows(_ path: String) -> Bool {
        guard let clean = Self.clean(path) else { return false }
        let bytes = Array(clean.utf8)
        return prefixes.contains { prefix in
            let allowed = Array(prefix.utf8)
            return allowed == [Self.slash] || bytes == allowed
                || (bytes.starts(with: allowed) && bytes.count > allowed.count && bytes[allowed.count] == Self.slash)
        }
    }

    static let slash = UInt8(ascii: "/")

    /// Whether `path` is absolute: its first byte is `/` (a `/` followed by a combining mark is not a `/`
    /// Character, but the kernel reads it as one).
    static func isAbsolute(_ path: String) -> Bool {
        path.utf8.first == slash
    }

    /// The clean form of an absolute path, or nil when `path` is not absolute. Split as bytes.
    static func clean(_ path: String) -> String? {
        guard isAbsolute(path) else { return nil }
        var segments: [ArraySlice<UInt8>] = []
        for segment in Array(path.utf8).split(separator: slash, omittingEmptySubsequences: true) {
            if segment.elementsEqual([0x2E]) { continue }
            if segment.elementsEqual([0x2E, 0x2E]) {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        return "/" + segments.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
    }
}
