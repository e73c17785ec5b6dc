import Testing

@testable import SockguardPolicy

@Suite struct NameGlobTests {
    @Test(
        "the dialect of Go's rules: * stops at /, ** crosses it, /** may match nothing",
        arguments: [
            ("web-*", "web-1", true), ("web-*", "web-", true), ("web-*", "api-1", false), ("web-*", "web-1/x", false),
            ("*", "", true), ("*", "a/b", false), ("**", "a/b/c", true), ("traefik", "traefik", true),
            ("traefik", "traefik2", false), ("ghcr.io/org/*", "ghcr.io/org/app:1", true),
            ("ghcr.io/org/*", "ghcr.io/org/team/app:1", false), ("ghcr.io/org/**", "ghcr.io/org/team/app:1", true),
            ("ghcr.io/org/**", "ghcr.io/org", true), ("ghcr.io/org/**", "ghcr.io/orgx", false),
            ("*:latest", "nginx:latest", true), ("*:latest", "nginx:1", false), ("a*b*c", "aXbYc", true),
            ("a*b*c", "aXbY", false), ("a.b", "axb", false), ("**/app:*", "x/y/app:1", true),
        ]
    )
    func dialect(pattern: String, text: String, matches: Bool) throws {
        let glob = try #require(NameGlob(pattern))
        #expect(glob.matches(text) == matches, "\(pattern) ~ \(text)")
    }

    @Test("an empty pattern is refused, as in Go")
    func empty() {
        #expect(NameGlob("") == nil)
    }

    @Test("a long run of stars against a long name stays fast and right")
    func noBlowUp() throws {
        let glob = try #require(NameGlob(String(repeating: "*a", count: 200) + "b"))
        #expect(!glob.matches(String(repeating: "a", count: 2000)))
    }
}

@Suite struct VisibilityPatternTests {
    static let containers = #"""
        [{"Id":"1","Names":["/web-1"],"Image":"ghcr.io/org/web:1","Labels":{"team":"a"}},{"Id":"2","Names":["/db-1"],"Image":"postgres:16","Labels":{"team":"a"}},{"Id":"3","Names":["/web-2"],"Image":"nginx:1","Labels":{}}]
        """#
    static let images = #"""
        [{"Id":"sha256:1","RepoTags":["ghcr.io/org/web:1","web:latest"],"Labels":null},{"Id":"sha256:2","RepoTags":["postgres:16"],"Labels":{"team":"a"}},{"Id":"sha256:3","RepoTags":[],"Labels":null}]
        """#

    func redactor(names: [String] = [], images: [String] = [], labels: [String] = []) -> ResponseRedactor {
        ResponseRedactor(
            ResponseRedaction(
                containerEnv: false,
                mountPaths: false,
                networkTopology: false,
                sensitiveData: false,
                visibleResourceLabels: labels.compactMap(LabelSelector.init(parsing:)),
                namePatterns: names.compactMap(NameGlob.init),
                imagePatterns: images.compactMap(NameGlob.init)
            )
        )
    }

    func ids(_ text: String, _ shape: ResponseShape, _ redactor: ResponseRedactor) throws -> [String] {
        let bytes: [UInt8] =
            switch try redactor.rewrite(Array(text.utf8), shape: shape) {
            case .body(let bytes): bytes
            case .unchanged: Array(text.utf8)
            case .hidden: []
            }
        var parser = JSONParser(bytes: bytes, maxDepth: 64, allowsDuplicateKeys: true)
        let document = try parser.parseDocument()
        var result: [String] = []
        var element = 1
        for _ in 0..<document.nodes[0].count {
            result += document.strings(at: ["Id"], of: element)
            element = document.nodes[element].next
        }
        return result
    }

    @Test("container lists keep the containers whose name, without its slash, matches a name pattern")
    func containerNames() throws {
        #expect(try ids(Self.containers, .containerList, redactor(names: ["web-*"])) == ["1", "3"])
        #expect(try ids(Self.containers, .containerList, redactor(names: ["db-*", "web-2"])) == ["2", "3"])
    }

    @Test("container lists keep the containers whose image matches an image pattern; every axis must pass")
    func containerImages() throws {
        #expect(try ids(Self.containers, .containerList, redactor(images: ["ghcr.io/org/**"])) == ["1"])
        #expect(try ids(Self.containers, .containerList, redactor(names: ["web-*"], images: ["nginx:*"])) == ["3"])
        #expect(try ids(Self.containers, .containerList, redactor(names: ["web-*"], labels: ["team=a"])) == ["1"])
    }

    @Test("image lists match names against tags' short names and images against whole tags; untagged images hide")
    func imageLists() throws {
        #expect(try ids(Self.images, .imageList, redactor(names: ["web:*"])) == ["sha256:1"])
        #expect(try ids(Self.images, .imageList, redactor(names: ["postgres:*"])) == ["sha256:2"])
        #expect(try ids(Self.images, .imageList, redactor(images: ["ghcr.io/**"])) == ["sha256:1"])
        #expect(try ids(Self.images, .imageList, redactor(labels: ["team"])) == ["sha256:2"])
    }

    @Test("an inspect of a container or image outside the patterns answers hidden; inside, unchanged")
    func inspects() throws {
        let container = #"{"Id":"2","Name":"/db-1","Config":{"Image":"postgres:16","Labels":{}}}"#
        let image = #"{"Id":"sha256:2","RepoTags":["postgres:16"],"Config":{"Labels":null}}"#
        let web = redactor(names: ["web-*"])
        #expect(try web.rewrite(Array(container.utf8), shape: .containerInspect) == .hidden)
        #expect(try web.rewrite(Array(image.utf8), shape: .imageInspect) == .hidden)
        let postgres = redactor(images: ["postgres:*"])
        #expect(try postgres.rewrite(Array(container.utf8), shape: .containerInspect) == .unchanged)
        #expect(try postgres.rewrite(Array(image.utf8), shape: .imageInspect) == .unchanged)
    }

    @Test("in warn and audit mode a hidden object is sent, redacted, and the verdict is a would-be denial")
    func notHiding() throws {
        let container = #"{"Id":"2","Name":"/db-1","Config":{"Image":"postgres:16","Env":["A=b"],"Labels":{}}}"#
        let redactor = ResponseRedactor(ResponseRedaction(namePatterns: [NameGlob("web-*")!]))
        guard
            case .body(let bytes) = try redactor.rewrite(
                Array(container.utf8),
                shape: .containerInspect,
                hidesObjects: false
            )
        else {
            Issue.record("expected a redacted body")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self).contains("A=<redacted>"))
        var enforced = Verdict()
        enforced.outcome = .allow
        let hides = enforced.recordHidden(mode: .enforce)
        #expect(hides)
        #expect(enforced.outcome == .deny && enforced.reasonCode == .visibilityPolicyHidResource)
        var warned = Verdict()
        warned.outcome = .allow
        let warnHides = warned.recordHidden(mode: .warn)
        #expect(!warnHides)
        #expect(warned.outcome == .wouldDeny && warned.rolloutMode == .warn && warned.stage == .visibility)
    }

    @Test("patterns hide nothing but containers and images; labels still hide the rest")
    func otherShapes() throws {
        let volume = #"{"Name":"data","Labels":null,"Mountpoint":"/x"}"#
        #expect(try redactor(names: ["web-*"]).rewrite(Array(volume.utf8), shape: .volumeInspect) == .unchanged)
        #expect(
            redactor(names: ["web-*"]).shape(
                method: "GET",
                endpoint: DockerEndpoint(method: "GET", canonicalPath: "/volumes/data")
            ) == nil
        )
        #expect(try redactor(labels: ["team"]).rewrite(Array(volume.utf8), shape: .volumeInspect) == .hidden)
    }

    @Test("without visibility, image answers are not held at all")
    func imagesUntouched() {
        let endpoint = DockerEndpoint(method: "GET", canonicalPath: "/images/json")
        #expect(ResponseShape(method: "GET", endpoint: endpoint) == .imageList)
        #expect(ResponseRedactor(ResponseRedaction()).shape(method: "GET", endpoint: endpoint) == nil)
        #expect(redactor(names: ["x"]).shape(method: "GET", endpoint: endpoint) == .imageList)
    }
}
