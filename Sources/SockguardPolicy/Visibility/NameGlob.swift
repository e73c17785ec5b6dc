/// A glob over a whole name or image reference (`response.name_patterns`, `response.image_patterns`), in the dialect
/// of sockguard (Go)'s globs: `*` matches any run of characters except `/`, `**` matches anything, and `/**`
/// matches nothing or a `/` followed by anything (`ghcr.io/org/**` matches `ghcr.io/org` and `ghcr.io/org/a/b:1`).
/// Every other character is literal; matching compares UTF-8 bytes (`ArgumentPattern` does the matching).
public struct NameGlob: Sendable, Equatable, CustomStringConvertible {
    let pattern: ArgumentPattern

    public var source: String { pattern.source }
    public var description: String { source }

    /// Nil for an empty pattern, which Go refuses.
    public init?(_ source: String) {
        guard !source.isEmpty else { return nil }
        self.pattern = ArgumentPattern(source, optionalTail: true)
    }

    /// Whether the whole of `text` matches; linear in pattern × text length, never exponential.
    public func matches(_ text: String) -> Bool { pattern.matches(text) }
}
