/// A path glob, compiled once, matched against canonical request paths (`PathCanonicalizer` output).
///
/// The dialect:
/// - A pattern starts with `/` and is split into segments at `/`.
/// - `*` matches any run of characters inside one segment, never a `/`. It may be part of a segment:
///   `/containers/*/json`, `/images/sha256:*`.
/// - `**` must be a whole segment and matches any number of segments, including none: `/a/**/b` matches
///   `/a/b` and `/a/x/y/b`. A trailing `/**` therefore also matches the base: `/containers/**` matches
///   `/containers`, `/containers/` and `/containers/abc/json`. `**` inside a segment (`/a**b`) is rejected
///   rather than guessed at, because the two plausible readings differ on whether it crosses `/`.
/// - Everything else is literal and case-sensitive. Matching compares UTF-8 bytes: no Unicode
///   normalization, so a fullwidth `．` never matches `.`.
///
/// Patterns that could never match a canonical path are rejected, so an author's mistake fails at load
/// time instead of silently never matching: `?`, `#`, `%`, `\`, `[`/`]`, control characters, empty
/// segments (`//`, a trailing `/`), `.`/`..` segments, and a leading API version segment (`/v1.41/...`),
/// which the canonicalizer strips before rules see the path.
///
/// Matching is linear in practice and never exponential: segments are matched with the two-pointer
/// star algorithm (for `**` over segments, and for `*` over bytes inside a segment), which backtracks
/// only to the most recent star.
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    /// One compiled pattern segment.
    enum Segment: Sendable, Equatable {
        /// `**`: any number of whole segments.
        case anySegments
        /// Literal bytes with `*` (0x2A) as a within-segment wildcard.
        case glob([UInt8], hasStar: Bool)
    }

    /// The pattern as written; also the `description`.
    public let source: String
    let segments: [Segment]

    public var description: String { source }

    /// Compiles `pattern`, or throws a `GlobPatternError` naming the problem.
    public init(_ pattern: String) throws(GlobPatternError) {
        self.segments = try Self.compile(pattern)
        self.source = pattern
    }

    /// For patterns written in our own source code (the built-in defaults). A bad literal is a programmer
    /// mistake that no request can reach.
    init(trusted pattern: String) {
        let compiled = Result { () throws(GlobPatternError) in try Self.compile(pattern) }
        guard case .success(let segments) = compiled else {
            preconditionFailure("invalid built-in glob pattern \(pattern)")
        }
        self.segments = segments
        self.source = pattern
    }

    public static func == (lhs: GlobPattern, rhs: GlobPattern) -> Bool {
        lhs.source == rhs.source
    }

    /// Whether `canonicalPath` matches. Paths that do not start with `/` never match.
    public func matches(_ canonicalPath: String) -> Bool {
        var path = canonicalPath
        return path.withUTF8 { Self.match(segments, path: $0) }
    }
}

extension GlobPattern {
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")

    static func compile(_ pattern: String) throws(GlobPatternError) -> [Segment] {
        let bytes = Array(pattern.utf8)
        guard let first = bytes.first else {
            throw GlobPatternError("path pattern is empty")
        }
        guard first == slash else {
            throw GlobPatternError("path pattern \"\(pattern)\" must start with \"/\"")
        }
        try rejectForbiddenBytes(bytes, pattern: pattern)
        if bytes.count == 1 {
            return [.glob([], hasStar: false)]
        }
        let parts = bytes.dropFirst().split(separator: slash, omittingEmptySubsequences: false)
        var segments: [Segment] = []
        segments.reserveCapacity(parts.count)
        for (index, part) in parts.enumerated() {
            segments.append(
                try compileSegment(Array(part), index: index, isLast: index == parts.count - 1, pattern: pattern)
            )
        }
        return segments
    }

    private static func rejectForbiddenBytes(_ bytes: [UInt8], pattern: String) throws(GlobPatternError) {
        for byte in bytes {
            let problem: String? =
                switch byte {
                case 0x00...0x1F, 0x7F: "contains a control character"
                case UInt8(ascii: "?"):
                    "contains \"?\": query strings are not matched, and \"?\" is not a wildcard (use \"*\")"
                case UInt8(ascii: "#"): "contains \"#\": fragments are never part of a request path"
                case UInt8(ascii: "%"): "contains \"%\": patterns match decoded paths, so write the character itself"
                case UInt8(ascii: "\\"): "contains a backslash: paths use \"/\" only"
                case UInt8(ascii: "["), UInt8(ascii: "]"):
                    "contains \"[\" or \"]\": character classes are not supported"
                default: nil
                }
            if let problem {
                throw GlobPatternError("path pattern \"\(pattern)\" \(problem)")
            }
        }
    }

    private static func compileSegment(
        _ part: [UInt8],
        index: Int,
        isLast: Bool,
        pattern: String
    ) throws(GlobPatternError) -> Segment {
        if part.isEmpty {
            let problem =
                isLast
                ? "ends with \"/\" (canonical paths never do; use \"/x\" or \"/x/**\")"
                : "contains an empty segment (\"//\")"
            throw GlobPatternError("path pattern \"\(pattern)\" \(problem)")
        }
        if part == [UInt8(ascii: ".")] || part == [UInt8(ascii: "."), UInt8(ascii: ".")] {
            throw GlobPatternError(
                "path pattern \"\(pattern)\" contains a \".\" or \"..\" segment, which canonical paths never have"
            )
        }
        if part == [star, star] {
            return .anySegments
        }
        if containsDoubleStar(part) {
            throw GlobPatternError(
                "path pattern \"\(pattern)\": \"**\" must be a whole segment, as in \"/containers/**\"; "
                    + "use \"*\" inside a segment"
            )
        }
        if index == 0, APIVersion.isVersionSegment(part[...]) {
            throw GlobPatternError(
                "path pattern \"\(pattern)\" starts with an API version segment; "
                    + "the version is removed before rules are matched"
            )
        }
        return .glob(part, hasStar: part.contains(star))
    }

    private static func containsDoubleStar(_ part: [UInt8]) -> Bool {
        zip(part, part.dropFirst()).contains { $0 == star && $1 == star }
    }
}

extension GlobPattern {
    /// Two-pointer star matching over path segments; `**` is the star and each glob segment matches exactly
    /// one path segment. Backtracking only to the latest `**` is sufficient because the segments between
    /// two `**` have a fixed length, so their leftmost match is always the best one.
    static func match(_ pattern: [Segment], path: UnsafeBufferPointer<UInt8>) -> Bool {
        guard path.first == slash else { return false }
        let end = path.count
        // A segment cursor is the byte offset where a path segment starts; `end + 1` means "no more segments".
        func segmentEnd(_ start: Int) -> Int {
            var index = start
            while index < end, path[index] != slash { index += 1 }
            return index
        }
        var patternIndex = 0
        var cursor = 1
        var starIndex = -1
        var starCursor = 0
        while cursor <= end {
            let stop = segmentEnd(cursor)
            if patternIndex < pattern.count, case .glob(let bytes, let hasStar) = pattern[patternIndex],
                matchSegment(bytes, hasStar: hasStar, path: path, from: cursor, to: stop)
            {
                patternIndex += 1
                cursor = stop + 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == .anySegments {
                starIndex = patternIndex
                starCursor = cursor
                patternIndex += 1
            } else if starIndex >= 0 {
                patternIndex = starIndex + 1
                starCursor = segmentEnd(starCursor) + 1
                cursor = starCursor
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == .anySegments { patternIndex += 1 }
        return patternIndex == pattern.count
    }

    /// Two-pointer star matching of one segment's bytes `path[from..<to]`; `*` never sees a `/`.
    static func matchSegment(
        _ pattern: [UInt8],
        hasStar: Bool,
        path: UnsafeBufferPointer<UInt8>,
        from: Int,
        to: Int
    ) -> Bool {
        if !hasStar {
            guard to - from == pattern.count else { return false }
            return pattern.indices.allSatisfy { pattern[$0] == path[from + $0] }
        }
        var p = 0
        var s = from
        var starP = -1
        var starS = from
        while s < to {
            if p < pattern.count, pattern[p] == star {
                starP = p
                starS = s
                p += 1
            } else if p < pattern.count, pattern[p] == path[s] {
                p += 1
                s += 1
            } else if starP >= 0 {
                p = starP + 1
                starS += 1
                s = starS
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == star { p += 1 }
        return p == pattern.count
    }
}
