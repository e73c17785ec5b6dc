/// Turns an HTTP request-target into the one canonical path that rules are matched against.
///
/// Why one canonical form: a default-deny proxy is only as strict as its weakest disagreement with the
/// daemon. If sockguard and dockerd could read the same bytes as two different endpoints, an allow rule
/// for `/containers/**` would let `/containers/x/..%2f..%2fsecrets` through to `/secrets`. So the raw
/// target is reduced to a single form, the decision is made on that form, and `forwardTarget` sends
/// exactly that form upstream, re-encoded. Whatever the daemon then does with it, it sees what the policy
/// saw.
///
/// The steps, in order, and why each is there:
/// 1. Only origin-form (`/path?query`) is accepted. Docker clients never send absolute-form
///    (`http://host/path`), authority-form or `*`; a proxy that half-understood them would be matching a
///    different path from the one it forwards.
/// 2. The query is split off at the first `?` and kept byte for byte; it is not part of the decision.
///    A `#` anywhere is refused: clients never send fragments, so one is an attempt to confuse parsers.
///    Raw spaces and control characters are refused anywhere, including the query, because the query is
///    forwarded untouched and CR/LF in it would split the upstream request.
/// 3. The path is percent-decoded exactly once, and a broken escape (`%zz`, `%4`) is refused rather than
///    guessed at. Decoding before resolving dots means `%2e%2e` and `..%2f` are resolved like the `..` and
///    `/` they spell; since we forward the resolved form, the daemon cannot resolve them differently.
/// 4. After decoding, these are refused: control characters (`%00`, `%0d%0a`: truncation and header
///    injection), backslash (a second separator to some parsers), a literal `%` (it could only come from
///    double encoding such as `%252e`, which a second decoder would turn into `.`; Docker resource names
///    never contain `%`), and invalid UTF-8, including overlong forms like `%c0%ae` that lax decoders read
///    as `.`.
/// 5. `//` runs collapse and `.`/`..` segments are resolved; `..` above the root is refused instead of
///    being clamped, because no honest client sends it. A trailing `/` is dropped (except for the root):
///    the Engine API defines no endpoint that differs only by a trailing slash, and a single spelling
///    keeps `/containers/json/` from slipping past a deny rule for `/containers/json`.
/// 6. One leading version segment, `v[0-9]+(\.[0-9]+){0,2}` (lowercase `v`, as the daemon routes it), is
///    removed and recorded as `apiVersion`, so rules are written once for every API version. Only one is
///    removed: `/v1.41/v1.41/containers/json` keeps `/v1.41/containers/json`, which no rule should allow.
///    `/V1.41/...`, `/v1.4a/...` and `/v1.41.2.3/...` are not versions and stay in the path.
///
/// Everything else stays literal and case-sensitive: `/Containers/json`, `/containers/json;x` and a
/// fullwidth `．` are different paths from the ones they resemble, so rules written for the real
/// endpoints do not match them. A decoded `?` (`%3f`) or space is an ordinary path character; it is
/// re-encoded on the way upstream.
public enum PathCanonicalizer {
    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// The canonical target for `rawTarget`, or why it was refused. Never traps, whatever the input.
    public static func canonicalize(_ rawTarget: String) -> Result<CanonicalRequestTarget, PathRejection> {
        let raw = Array(rawTarget.utf8)
        if let problem = formProblem(raw) ?? rawByteProblem(raw) {
            return .failure(PathRejection(problem))
        }
        let questionMark = raw.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = raw[..<(questionMark ?? raw.endIndex)]
        let query = questionMark.map { String(decoding: raw[($0 + 1)...], as: UTF8.self) }

        let decoded: [UInt8]
        do {
            decoded = try PercentEncoding.decode(rawPath)
        } catch {
            return .failure(
                PathRejection("path contains an invalid percent-escape (\"%\" must be followed by two hex digits)")
            )
        }
        if let problem = decodedByteProblem(decoded) {
            return .failure(PathRejection(problem))
        }
        guard String(validating: decoded, as: UTF8.self) != nil else {
            return .failure(PathRejection("path is not valid UTF-8"))
        }
        guard var segments = resolveDotSegments(decoded) else {
            return .failure(PathRejection("path climbs above the root with \"..\""))
        }
        var apiVersion: String?
        if let first = segments.first, APIVersion.isVersionSegment(first) {
            apiVersion = String(decoding: first.dropFirst(), as: UTF8.self)
            segments.removeFirst()
        }
        var pathBytes: [UInt8] = []
        pathBytes.reserveCapacity(decoded.count + 1)
        for segment in segments {
            pathBytes.append(slash)
            pathBytes.append(contentsOf: segment)
        }
        let path = pathBytes.isEmpty ? "/" : String(decoding: pathBytes, as: UTF8.self)
        return .success(CanonicalRequestTarget(path: path, apiVersion: apiVersion, query: query))
    }

    /// Step 1: origin-form only.
    private static func formProblem(_ raw: [UInt8]) -> String? {
        guard let first = raw.first else {
            return "request target is empty"
        }
        if raw == [UInt8(ascii: "*")] {
            return "asterisk-form request target (\"*\") is not accepted; send a path starting with \"/\""
        }
        if first != slash {
            let isAbsolute = raw.firstIndex(of: UInt8(ascii: ":")).map { colon in
                raw[colon...].starts(with: Array("://".utf8))
            }
            return isAbsolute == true
                ? "absolute-form request target is not accepted; send the path only (origin-form)"
                : "request target must start with \"/\" (origin-form)"
        }
        return nil
    }

    /// Step 2: bytes refused anywhere in the raw target.
    private static func rawByteProblem(_ raw: [UInt8]) -> String? {
        for byte in raw {
            switch byte {
            case 0x00...0x1F, 0x7F: return "request target contains a control character"
            case UInt8(ascii: " "): return "request target contains a space"
            case UInt8(ascii: "#"): return "request target contains a fragment (\"#\"), which clients never send"
            default: continue
            }
        }
        return nil
    }

    /// Step 4: bytes refused in the decoded path.
    private static func decodedByteProblem(_ decoded: [UInt8]) -> String? {
        for byte in decoded {
            switch byte {
            case 0x00...0x1F, 0x7F: return "path contains an encoded control character"
            case UInt8(ascii: "\\"): return "path contains a backslash (raw or as %5C)"
            case UInt8(ascii: "%"): return "path contains an encoded \"%\" (double percent-encoding)"
            default: continue
            }
        }
        return nil
    }

    /// Step 5: the path's segments with empty and "." segments dropped and ".." applied; nil if ".."
    /// climbs above the root.
    private static func resolveDotSegments(_ decoded: [UInt8]) -> [ArraySlice<UInt8>]? {
        var segments: [ArraySlice<UInt8>] = []
        for segment in decoded.split(separator: slash, omittingEmptySubsequences: true) {
            // Compared by count and bytes: no array literal to compare against per segment.
            let allDots = segment.allSatisfy { $0 == dot }
            if allDots && segment.count == 1 {
                continue
            }
            if allDots && segment.count == 2 {
                guard segments.popLast() != nil else { return nil }
                continue
            }
            segments.append(segment)
        }
        return segments
    }
}
