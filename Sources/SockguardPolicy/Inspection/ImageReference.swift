/// The registry an image reference pulls from, found the way Docker's `reference.ParseNormalizedNamed` finds it.
///
/// The part before the first `/` is a registry host when it contains `.` or `:`, is `localhost`, or has an
/// upper-case letter (Docker treats `Internal/app` as host `Internal`); otherwise the image is on Docker Hub
/// (`docker.io`). `index.docker.io` is Docker Hub too. Hosts are compared lower-cased: DNS names are
/// case-insensitive, so `GHCR.IO` is `ghcr.io`.
///
/// An official image is a Docker Hub repository with one path component (`busybox`, `docker.io/nginx`) or
/// two under `library/` (`library/nginx`).
///
/// Parsing is a little stricter than Docker's grammar and never looser where it matters: a host with
/// characters a host cannot have, an empty or upper-case path component, or an empty tag or digest is
/// rejected, so no reference that sockguard cannot read reaches the daemon.
struct ImageReference: Sendable, Equatable {
    /// Lower-cased host, with the port if one was given: `docker.io`, `ghcr.io`, `localhost:5000`.
    var registry: String
    /// Path components without the host, tag or digest, as written: `busybox` is `["busybox"]`.
    var path: [Substring]

    static let dockerHub = "docker.io"

    var isOfficial: Bool {
        registry == Self.dockerHub && (path.count == 1 || (path.count == 2 && path[0] == "library"))
    }

    init?(parsing reference: String) {
        let domain: Substring?
        let remainder: Substring
        if let slash = reference.firstIndex(of: "/"), Self.namesHost(reference[..<slash]) {
            domain = reference[..<slash]
            remainder = reference[reference.index(after: slash)...]
        } else {
            domain = nil
            remainder = reference[...]
        }
        if let domain {
            guard let host = Self.normalizedHost(domain) else { return nil }
            self.registry = host
        } else {
            self.registry = Self.dockerHub
        }

        var name = remainder
        if let at = remainder.firstIndex(of: "@") {
            let digest = remainder[remainder.index(after: at)...]
            guard !digest.isEmpty, digest.allSatisfy(Self.isDigestCharacter) else { return nil }
            name = remainder[..<at]
        }
        if let colon = name.firstIndex(of: ":") {
            let tag = name[name.index(after: colon)...]
            guard !tag.isEmpty, tag.count <= 128, tag.allSatisfy(Self.isTagCharacter) else { return nil }
            name = name[..<colon]
        }
        let path = name.split(separator: "/", omittingEmptySubsequences: false)
        guard path.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isPathCharacter) }) else { return nil }
        self.path = path
    }

    /// A registry host as configured in `allowedRegistries`, normalised for comparison; nil when it is not
    /// a bare host (`https://ghcr.io`, `ghcr.io/org`).
    static func normalizedHost(_ host: some StringProtocol) -> String? {
        let lowered = host.lowercased()
        guard isHost(lowered) else { return nil }
        return lowered == "index.docker.io" ? dockerHub : lowered
    }

    /// Docker's `splitDockerDomain` test for the first path component.
    private static func namesHost(_ component: Substring) -> Bool {
        component.contains(".") || component.contains(":") || component == "localhost"
            || component.lowercased() != component
    }

    /// `name`, `name:port`, `[v6]` or `[v6]:port`, ASCII only, already lower-cased.
    private static func isHost(_ host: String) -> Bool {
        var name = Substring(host)
        var port: Substring?
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let inside = name[name.index(after: name.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return false }
            let rest = name[name.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return false }
                port = rest.dropFirst()
            }
            name = inside
        } else {
            if let colon = name.firstIndex(of: ":") {
                port = name[name.index(after: colon)...]
                name = name[..<colon]
            }
            guard !name.isEmpty,
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
            else { return false }
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        return true
    }

    private static func isPathCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber || "._-".contains(character))
    }

    private static func isTagCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
    }

    private static func isDigestCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || ":._+=-".contains(character))
    }
}
