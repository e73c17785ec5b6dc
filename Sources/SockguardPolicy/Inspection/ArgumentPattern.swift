/// One token of an `allowed_commands` argv template, or an env name pattern: a glob matched against a whole
/// argument.
///
/// The dialect is the path rules' (`GlobPattern`) applied to one string: `*` matches any run of characters
/// except `/`, `**` matches any run including `/`, everything else is literal and case-sensitive, compared
/// as UTF-8 bytes. So `/usr/bin/*` matches `/usr/bin/env` but not `/usr/bin/x/y`, and `--run-id=*` matches
/// `--run-id=42`. There is no escape: a template cannot allow a literal `*` without allowing more.
public struct ArgumentPattern: Sendable, Equatable, CustomStringConvertible {
    enum Piece: Sendable, Equatable {
        case literal(UInt8)
        /// `*`: any bytes but `/`.
        case star
        /// `**`: any bytes.
        case doubleStar
        /// `/**` where it may also match nothing (`NameGlob`): nothing, or `/` and any bytes.
        case optionalTail
    }

    public let source: String
    let pieces: [Piece]

    public var description: String { source }

    public init(_ source: String) {
        self.init(source, optionalTail: false)
    }

    /// With `optionalTail`, `/**` also matches nothing (`ghcr.io/org/**` matches `ghcr.io/org`), as in Go's globs.
    init(_ source: String, optionalTail: Bool) {
        self.source = source
        var pieces: [Piece] = []
        let bytes = Array(source.utf8)
        let star = UInt8(ascii: "*")
        var index = 0
        while index < bytes.count {
            if optionalTail, bytes[index] == UInt8(ascii: "/"), index + 2 < bytes.count, bytes[index + 1] == star,
                bytes[index + 2] == star
            {
                pieces.append(.optionalTail)
                index += 3
                while index < bytes.count, bytes[index] == star { index += 1 }
            } else if bytes[index] == star {
                var end = index
                while end < bytes.count, bytes[end] == UInt8(ascii: "*") { end += 1 }
                pieces.append(end - index >= 2 ? .doubleStar : .star)
                index = end
            } else {
                pieces.append(.literal(bytes[index]))
                index += 1
            }
        }
        self.pieces = pieces
    }

    public static func == (lhs: ArgumentPattern, rhs: ArgumentPattern) -> Bool { lhs.source == rhs.source }

    /// Whether the whole of `argument` matches. Linear in pattern × argument length, never exponential.
    public func matches(_ argument: String) -> Bool {
        let text = Array(argument.utf8)
        // reachable[j]: the pieces seen so far can match exactly text[0..<j].
        var reachable = [Bool](repeating: false, count: text.count + 1)
        reachable[0] = true
        for piece in pieces {
            var next = [Bool](repeating: false, count: text.count + 1)
            switch piece {
            case .literal(let byte):
                for j in 0..<text.count where reachable[j] && text[j] == byte { next[j + 1] = true }
            case .star, .doubleStar:
                var open = false
                for j in 0...text.count {
                    if reachable[j] { open = true }
                    next[j] = open
                    if j < text.count, piece == .star, text[j] == UInt8(ascii: "/") { open = false }
                }
            case .optionalTail:
                var open = false
                for j in 0...text.count {
                    next[j] = open || reachable[j]
                    if j < text.count, reachable[j], text[j] == UInt8(ascii: "/") { open = true }
                }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        return reachable[text.count]
    }
}
