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

    /// Whether the absolute `path` lies inside an allowed prefix after cleaning.
    func allows(_ path: String) -> Bool {
        guard let clean = Self.clean(path) else { return false }
        return prefixes.contains { prefix in
            prefix == "/" || clean == prefix || clean.hasPrefix(prefix + "/")
        }
    }

    /// The clean form of an absolute path, or nil when `path` is not absolute.
    static func clean(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return "/" + segments.joined(separator: "/")
    }
}
