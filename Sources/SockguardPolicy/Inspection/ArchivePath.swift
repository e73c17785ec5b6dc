/// Slash-separated paths inside archives and containers, cleaned the way Go's `path.Clean` cleans them, so
/// that `./Dockerfile`, `a//b/../Dockerfile` and `Dockerfile` are one name, as they are once extracted.
///
/// Everything here works on UTF-8 bytes, as Go and the filesystem do. Swift's `String` comparison and
/// splitting follow grapheme clusters and canonical equivalence (`/` followed by a combining mark is one
/// `Character`; `K` U+212A equals `K`), which would make two paths one that dockerd keeps apart.
enum ArchivePath {
    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// Go's `path.Clean`: no empty or `.` components, `..` cancels the component before it (and is dropped
    /// at the root of an absolute path), `.` for an empty result.
    static func clean(_ path: String) -> String {
        let bytes = Array(path.utf8)
        let rooted = bytes.first == slash
        var components: [ArraySlice<UInt8>] = []
        for component in bytes.split(separator: slash, omittingEmptySubsequences: true) {
            if component.elementsEqual([dot]) {
                continue
            }
            if component.elementsEqual([dot, dot]) {
                if let last = components.last, !last.elementsEqual([dot, dot]) {
                    components.removeLast()
                } else if !rooted {
                    components.append(component)
                }
                continue
            }
            components.append(component)
        }
        var joined: [UInt8] = rooted ? [slash] : []
        for (index, component) in components.enumerated() {
            if index > 0 {
                joined.append(slash)
            }
            joined += component
        }
        // Splitting valid UTF-8 at an ASCII byte keeps it valid.
        return joined.isEmpty ? "." : String(decoding: joined, as: UTF8.self)
    }

    /// `path` cleaned relative to a root, or nil when it is absolute or climbs out of the root (`..`,
    /// `../x`). `.` is the root itself.
    static func contained(_ path: String) -> String? {
        guard path.utf8.first != slash else { return nil }
        let cleaned = clean(path)
        guard !same(cleaned, ".."), !cleaned.utf8.starts(with: "../".utf8) else { return nil }
        return cleaned
    }

    /// `path` with leading slashes removed, then cleaned: how dockerd's extraction and Go sockguard place an
    /// archive member (or a container path) under a root. Nil when it climbs out.
    static func underRoot(_ path: String) -> String? {
        contained(String(decoding: path.utf8.drop { $0 == slash }, as: UTF8.self))
    }

    /// The directory part of a cleaned relative path: `a/b` is `a`, `b` is `.`.
    static func directory(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let last = bytes.lastIndex(of: slash) else { return "." }
        return String(decoding: bytes[..<last], as: UTF8.self)
    }

    /// `directory` joined with a relative `path` (not yet cleaned); `.` adds nothing.
    static func join(_ directory: String, _ path: String) -> String {
        same(directory, ".") ? path : directory + "/" + path
    }

    /// Whether `path` is `ancestor` or inside it, component-wise (`/data` contains `/data/x`, not `/database`).
    /// `.` contains every relative path.
    static func isWithin(_ path: String, _ ancestor: String) -> Bool {
        same(ancestor, ".") || same(path, ancestor) || isStrictlyWithin(path, ancestor)
    }

    /// Whether `path` is inside `ancestor`, not `ancestor` itself.
    static func isStrictlyWithin(_ path: String, _ ancestor: String) -> Bool {
        path.utf8.starts(with: ancestor.utf8 + [slash])
    }

    /// Byte equality: what the filesystem compares.
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }
}
