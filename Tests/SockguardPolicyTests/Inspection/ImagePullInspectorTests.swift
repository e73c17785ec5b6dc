import SockguardPolicy
import Testing

@Suite struct ImagePullInspectorTests {
    typealias Options = ImagePullInspector.Options

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The raw query string, without `?`; nil for none.
        let query: String?
        let options: Options
        /// nil: allowed.
        let expected: ReasonCode?
        var testDescription: String { "\(name) → \(expected?.rawValue ?? "allow")" }

        init(_ name: String, _ query: String?, _ expected: ReasonCode?, _ options: Options = .init()) {
            self.name = name
            self.query = query
            self.options = options
            self.expected = expected
        }
    }

    static func options(_ configure: (inout Options) -> Void) -> Options {
        var options = Options()
        configure(&options)
        return options
    }

    static let noOfficial = options { $0.allowOfficial = false }
    static let imports = options { $0.allowImports = true }
    static let allRegistries = options {
        $0.allowAllRegistries = true
        $0.allowOfficial = false
    }
    static let ghcr = options { $0.allowedRegistries = ["ghcr.io", "Registry.Example.com:5000", " localhost:5000 "] }
    static let hub = options {
        $0.allowedRegistries = ["docker.io"]
        $0.allowOfficial = false
    }
    static let legacyHub = options { $0.allowedRegistries = ["INDEX.DOCKER.IO"] }
    static let junkEntries = options { $0.allowedRegistries = ["https://ghcr.io", "ghcr.io/org", ""] }

    static let cases: [Case] = [
        // Official images, allowed by default.
        .init("docker pull busybox", "fromImage=busybox&tag=latest", nil),
        .init("no tag", "fromImage=busybox", nil),
        .init("tag in fromImage", "fromImage=busybox:1.36", nil),
        .init("library prefix", "fromImage=library%2Fnginx&tag=1.27", nil),
        .init("explicit docker.io", "fromImage=docker.io%2Flibrary%2Fnginx", nil),
        .init("docker.io without library", "fromImage=docker.io/nginx", nil),
        .init("legacy index.docker.io", "fromImage=index.docker.io/library/nginx", nil),
        .init("upper-case DOCKER.IO host", "fromImage=DOCKER.IO/library/nginx", nil),
        .init("digest", "fromImage=busybox@sha256:" + String(repeating: "a", count: 64), nil),
        .init("tag and digest", "fromImage=nginx:1.27@sha256:" + String(repeating: "0", count: 64), nil),
        .init("digest in tag parameter", "fromImage=alpine&tag=sha256:" + String(repeating: "b", count: 64), nil),
        .init("localhost without slash is an official name", "fromImage=localhost", nil),
        .init("host-like name without slash is on Docker Hub", "fromImage=ghcr.io", nil),
        .init("platform and other parameters", "fromImage=busybox&tag=latest&platform=linux%2Farm64", nil),
        .init("case-variant name is not fromImage", "fromImage=busybox&FromImage=evil.io/x", nil),
        .init("official refused when allowOfficial is off", "fromImage=busybox", .imagePullRegistry, noOfficial),
        .init("library refused when allowOfficial is off", "fromImage=library/nginx", .imagePullRegistry, noOfficial),
        // Docker Hub, not official.
        .init("user repository", "fromImage=user/app&tag=v1", .imagePullRegistry),
        .init("docker.io user repository", "fromImage=docker.io/user/app", .imagePullRegistry),
        .init("library with a deeper path", "fromImage=library/a/b", .imagePullRegistry),
        .init("docker.io allows a user repository", "fromImage=user/app", nil, hub),
        .init("docker.io allows official images", "fromImage=busybox", nil, hub),
        .init("index.docker.io entry is Docker Hub", "fromImage=user/app", nil, legacyHub),
        .init("docker.io entry does not allow ghcr.io", "fromImage=ghcr.io/x/y", .imagePullRegistry, hub),
        // Other registries.
        .init("ghcr.io refused by default", "fromImage=ghcr.io/x/y&tag=latest", .imagePullRegistry),
        .init("ghcr.io allowed", "fromImage=ghcr.io/x/y&tag=latest", nil, ghcr),
        .init("GHCR.IO compares lower-cased", "fromImage=GHCR.IO/x/y", nil, ghcr),
        .init("encoded slash", "fromImage=ghcr.io%2Fx%2Fy", nil, ghcr),
        .init("encoded host characters", "fromImage=%67hcr%2Eio/x", nil, ghcr),
        .init("encoded name", "from%49mage=evil.io/x", .imagePullRegistry, ghcr),
        .init("port must match", "fromImage=ghcr.io:443/x", .imagePullRegistry, ghcr),
        .init("registry with port allowed", "fromImage=registry.example.com:5000/team/app:1", nil, ghcr),
        .init("same host other port", "fromImage=registry.example.com/team/app", .imagePullRegistry, ghcr),
        .init("localhost with port allowed (trimmed entry)", "fromImage=localhost:5000/x", nil, ghcr),
        .init("localhost with port refused", "fromImage=localhost:5000/x", .imagePullRegistry),
        .init("localhost is a registry", "fromImage=localhost/x", .imagePullRegistry, hub),
        .init("upper-case first component is a host", "fromImage=Internal/app", .imagePullRegistry, hub),
        .init("metadata address", "fromImage=169.254.169.254/x", .imagePullRegistry),
        .init("IPv6 registry", "fromImage=%5B::1%5D:5000/x", .imagePullRegistry),
        .init("subdomain is another host", "fromImage=evil.ghcr.io/x", .imagePullRegistry, ghcr),
        .init("lookalike suffix", "fromImage=ghcr.io.evil.com/x", .imagePullRegistry, ghcr),
        .init("junk allowlist entries are ignored", "fromImage=ghcr.io/x", .imagePullRegistry, junkEntries),
        .init("all registries", "fromImage=quay.io/x/y", nil, allRegistries),
        .init("all registries, official", "fromImage=busybox", nil, allRegistries),
        .init("all registries still checks imports", "fromSrc=-", .imagePullImport, allRegistries),
        // Imports.
        .init("URL import", "fromSrc=http%3A%2F%2F169.254.169.254%2Flatest&repo=x", .imagePullImport),
        .init("tarball upload", "fromSrc=-&repo=imported&tag=v1", .imagePullImport),
        .init("no parameters is an import", nil, .imagePullImport),
        .init("empty query is an import", "", .imagePullImport),
        .init("empty fromImage is an import", "fromImage=&fromSrc=-", .imagePullImport),
        .init("only tag", "tag=latest", .imagePullImport),
        .init("URL import allowed", "fromSrc=http://example.com/rootfs.tar", nil, imports),
        .init("tarball upload allowed", "fromSrc=-", nil, imports),
        .init("fromSrc with an official fromImage", "fromImage=busybox&fromSrc=-", .imagePullImport),
        .init("imports allowed still checks fromImage", "fromImage=evil.io/x&fromSrc=-", .imagePullRegistry, imports),
        .init("imports allowed, official fromImage", "fromImage=busybox&fromSrc=-", nil, imports),
        // `+` is a space, as in Go.
        .init("plus is a space", "fromImage=busybox+", .imagePullInvalidQuery),
        .init("encoded plus is not a space", "fromImage=busybox%2B", .imagePullInvalidQuery),
        .init("plus in fromSrc", "fromSrc=+", .imagePullImport, noOfficial),
        // Duplicates.
        .init("duplicate fromImage", "fromImage=busybox&fromImage=evil.io/x", .imagePullInvalidQuery),
        .init("duplicate fromImage, same value", "fromImage=busybox&fromImage=busybox", .imagePullInvalidQuery),
        .init("duplicate through encoding", "fromImage=busybox&from%49mage=evil.io/x", .imagePullInvalidQuery),
        .init("duplicate fromSrc", "fromSrc=-&fromSrc=http://x", .imagePullInvalidQuery, imports),
        .init("duplicate tag", "fromImage=busybox&tag=1&tag=2", .imagePullInvalidQuery),
        .init("duplicate other parameter", "fromImage=busybox&platform=a&platform=b", nil),
        // Malformed queries and references.
        .init("bad percent-encoding", "fromImage=busybox%2", .imagePullInvalidQuery),
        .init("non-hex percent-encoding", "fromImage=%zzbusybox", .imagePullInvalidQuery),
        .init("bad encoding in another parameter", "fromImage=busybox&x=%", .imagePullInvalidQuery),
        .init("semicolon separator", "fromImage=busybox;fromImage=evil.io/x", .imagePullInvalidQuery),
        .init("invalid UTF-8", "fromImage=%FFbusybox", .imagePullInvalidQuery),
        .init("leading space", "fromImage=%20ghcr.io/x", .imagePullInvalidQuery, ghcr),
        .init("upper-case repository", "fromImage=user/App", .imagePullInvalidQuery, hub),
        .init("empty path component", "fromImage=ghcr.io//x", .imagePullInvalidQuery, ghcr),
        .init("empty tag", "fromImage=busybox:", .imagePullInvalidQuery),
        .init("empty digest", "fromImage=busybox@", .imagePullInvalidQuery),
        .init("port not numeric", "fromImage=ghcr.io:x/y", .imagePullInvalidQuery),
        .init("scheme in fromImage", "fromImage=https://ghcr.io/x", .imagePullInvalidQuery, ghcr),
        .init("userinfo in host", "fromImage=user@evil.io/x", .imagePullInvalidQuery),
    ]

    static func decide(_ query: String?, _ options: Options) -> Decision {
        ImagePullInspector(options: options)
            .inspect(InspectedRequest(method: "POST", path: "/images/create", query: query))
    }

    @Test("allows or denies each query with the expected reason", arguments: cases)
    func decides(_ testCase: Case) {
        expectDecision(
            Self.decide(testCase.query, testCase.options),
            testCase.expected,
            badRequestCode: .imagePullInvalidQuery
        )
    }

    @Test("the table has at least 40 queries")
    func tableSize() {
        #expect(Self.cases.count >= 40)
    }

    @Test("denial messages name the registry and the parameter, as the docker CLI prints them")
    func messages() {
        #expect(
            Self.decide("fromImage=GHCR.io/x/y", .init())
                == .deny(
                    Denial(
                        reasonCode: .imagePullRegistry,
                        message: "sockguard: pulling from registry \"ghcr.io\" is not allowed (fromImage)"
                    )
                )
        )
        #expect(
            Self.decide("fromImage=user/app", .init())
                == .deny(
                    Denial(
                        reasonCode: .imagePullRegistry,
                        message: "sockguard: pulling from registry \"docker.io\" is not allowed (fromImage)"
                    )
                )
        )
        #expect(
            Self.decide("fromSrc=http://user:secret@example.com/x", .init())
                == .deny(
                    Denial(
                        reasonCode: .imagePullImport,
                        message: "sockguard: importing an image from a URL is not allowed (fromSrc)"
                    )
                )
        )
        #expect(
            Self.decide("fromImage=a&fromImage=b", .init())
                == .deny(
                    Denial(
                        status: 400,
                        reasonCode: .imagePullInvalidQuery,
                        message: "sockguard: request rejected: fromImage appears more than once in the query"
                    )
                )
        )
    }

    @Test("defaults follow the Go sockguard: official images only")
    func defaults() {
        let options = Options()
        #expect(!options.allowImports && !options.allowAllRegistries && options.allowOfficial)
        #expect(options.allowedRegistries.isEmpty)
    }
}
