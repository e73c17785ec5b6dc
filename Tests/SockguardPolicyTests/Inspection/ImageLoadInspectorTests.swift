import Testing

@testable import SockguardPolicy

@Suite struct ImageLoadInspectorTests {
    private static func options(_ configure: (inout ImageLoadInspector.Options) -> Void) -> ImageLoadInspector.Options {
        var options = ImageLoadInspector.Options()
        configure(&options)
        return options
    }

    private static let ghcrAllowed = options { $0.allowedRegistries = ["ghcr.io", "registry.example.com:5000"] }

    private func load(
        _ archive: [UInt8],
        options: ImageLoadInspector.Options = ghcrAllowed,
        inflatedLimit: Int = ImageLoadInspector.inflatedLimit
    ) -> Decision {
        ImageLoadInspector(options: options, inflatedLimit: inflatedLimit)
            .inspect(InspectedRequest(method: "POST", path: "/images/load", query: "quiet=1"), archive: archive)
    }

    /// A `docker save` archive whose `manifest.json` lists images with these `RepoTags` (nil: the key is absent).
    private static func saved(_ tags: [[String]?], extra: [(String, String)] = []) -> [UInt8] {
        let images = tags.enumerated().map { index, tags -> String in
            let repoTags = tags.map { ",\"RepoTags\":[" + $0.map { "\"\($0)\"" }.joined(separator: ",") + "]" } ?? ""
            return "{\"Config\":\"blobs/sha256/c\(index)\"\(repoTags),\"Layers\":[\"blobs/sha256/l\(index)\"]}"
        }
        return TarWriter.archive(
            [("blobs/sha256/c0", "{}"), ("manifest.json", "[" + images.joined(separator: ",") + "]")] + extra
        )
    }

    @Test("the defaults are the Go sockguard's: official images only")
    func defaults() {
        let options = ImageLoadInspector.Options()
        #expect(!options.allowAllRegistries && options.allowOfficial)
        #expect(options.allowedRegistries.isEmpty && !options.allowUntagged)
        expectDecision(load(Self.saved([["nginx:latest"]]), options: options), nil)
        expectDecision(load(Self.saved([["ghcr.io/acme/app:1"]]), options: options), .imageLoadRegistry)
    }

    static let tagCases: [([[String]?], ReasonCode?)] = [
        ([["busybox:latest"]], nil),
        ([["library/nginx:1.27", "docker.io/library/redis:7"]], nil),
        ([["ghcr.io/acme/app:1"]], nil),
        ([["GHCR.IO/acme/app:1"]], nil),
        ([["registry.example.com:5000/team/app:2"]], nil),
        ([["busybox:1"], ["ghcr.io/acme/app:1"]], nil),
        ([["evil.example.com/app:1"]], .imageLoadRegistry),
        ([["busybox:latest", "evil.example.com/busybox:latest"]], .imageLoadRegistry),
        ([["ghcr.io/acme/app:1"], ["localhost:5000/app:1"]], .imageLoadRegistry),
        ([["acme/app:1"]], .imageLoadRegistry),
        ([["registry.example.com/app:1"]], .imageLoadRegistry),
        ([["Not A Reference"]], .imageLoadRegistry),
        ([nil], .imageLoadUntagged),
        ([[]], .imageLoadUntagged),
        ([["<none>:<none>"]], .imageLoadUntagged),
        ([], .imageLoadUntagged),
        ([["busybox:1"], nil], .imageLoadUntagged),
    ]

    @Test("every RepoTags registry must be allowed, as for a pull", arguments: tagCases)
    func repoTags(_ tags: [[String]?], _ expected: ReasonCode?) {
        let archive = Self.saved(tags)
        expectDecision(load(archive), expected)
        expectDecision(load(gzip(archive)), expected)
    }

    @Test("allow_untagged and allow_all_registries permit what they name")
    func switches() {
        expectDecision(load(Self.saved([nil]), options: Self.options { $0.allowUntagged = true }), nil)
        expectDecision(
            load(Self.saved([["evil.example.com/x:1"]]), options: Self.options { $0.allowAllRegistries = true }),
            nil
        )
        expectDecision(
            load(TarWriter.archive([("layer.tar", "x")]), options: Self.options { $0.allowUntagged = true }),
            nil
        )
    }

    @Test("with no switch permitting any image, every load is refused before the body is read")
    func nothingAllowed() {
        let options = Self.options { $0.allowOfficial = false }
        let inspector = ImageLoadInspector(options: options)
        #expect(!inspector.allowsAnyLoad)
        expectDecision(
            inspector.inspectRequestLine(InspectedRequest(method: "POST", path: "/images/load"))
                ?? .allow(MatchedRule(index: nil, reason: "")),
            .imageLoadNotAllowed
        )
        expectDecision(load(Self.saved([["busybox:1"]]), options: options), .imageLoadNotAllowed)
        #expect(ImageLoadInspector().inspectRequestLine(InspectedRequest(method: "POST", path: "/images/load")) == nil)
    }

    @Test("the legacy repositories file and OCI index.json names are checked too")
    func otherControlFiles() {
        let repositories = "{\"evil.example.com/app\":{\"latest\":\"abc\"}}"
        expectDecision(load(Self.saved([["busybox:1"]], extra: [("repositories", repositories)])), .imageLoadRegistry)
        expectDecision(load(TarWriter.archive([("repositories", "{\"ghcr.io/acme/app\":{\"1\":\"abc\"}}")])), nil)

        let index = { (annotations: [(String, String)]) in
            let members = annotations.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",")
            let descriptor =
                #"{"mediaType":"m","digest":"sha256:1","size":1"#
                + (annotations.isEmpty ? "" : #","annotations":{"# + members + "}") + "}"
            return TarWriter.archive([
                ("oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#),
                ("index.json", #"{"schemaVersion":2,"manifests":["# + descriptor + "]}"),
            ])
        }
        let containerd = "io.containerd.image.name"
        let refName = "org.opencontainers.image.ref.name"
        expectDecision(load(index([(containerd, "ghcr.io/acme/app:1")])), nil)
        expectDecision(load(index([(containerd, "evil.example.com/app:1")])), .imageLoadRegistry)
        expectDecision(
            load(index([(containerd, "ghcr.io/a:1"), (refName, "evil.example.com/a:1")])),
            .imageLoadRegistry
        )
        expectDecision(load(index([(refName, "ghcr.io/a:1")])), nil)
        expectDecision(load(index([])), .imageLoadUntagged)
    }

    @Test("an archive whose names cannot be known is refused")
    func unreadableManifests() {
        expectDecision(load(TarWriter.archive([("layer.tar", "x")])), .imageLoadManifest)
        expectDecision(load([]), .imageLoadManifest)
        expectDecision(load(TarWriter.archive([("manifest.json", "{\"RepoTags\":[\"busybox\"]}")])), .imageLoadManifest)
        expectDecision(load(TarWriter.archive([("manifest.json", "[{\"RepoTags\":\"busybox\"}]")])), .imageLoadManifest)
        expectDecision(
            load(TarWriter.archive([("manifest.json", "[{\"RepoTags\":[\"a\"],\"repotags\":[\"b\"]}]")])),
            .imageLoadManifest
        )
        expectDecision(load(TarWriter.archive([("manifest.json", "not json")])), .imageLoadManifest)

        var repeated = Self.saved([["busybox:1"]])
        repeated.removeLast(1024)
        var writer = TarWriter()
        writer.file("./manifest.json", "[{\"RepoTags\":[\"evil.example.com/busybox:1\"]}]")
        writer.end()
        expectDecision(load(repeated + writer.bytes), .imageLoadManifest)

        var linked = TarWriter()
        linked.file("real.json", "[{\"RepoTags\":[\"busybox:1\"]}]")
        linked.symlink("manifest.json", to: "real.json")
        linked.end()
        expectDecision(load(linked.bytes), .imageLoadManifest)

        var aliased = TarWriter()
        aliased.file("manifest.json", "[{\"RepoTags\":[\"busybox:1\"]}]")
        aliased.symlink("d", to: ".")
        aliased.file("d/manifest.json", "[{\"RepoTags\":[\"evil.example.com/busybox:1\"]}]")
        aliased.end()
        expectDecision(load(aliased.bytes), .imageLoadManifest)

        var escaping = TarWriter()
        escaping.file("manifest.json", "[{\"RepoTags\":[\"busybox:1\"]}]")
        escaping.file("../manifest.json", "[]")
        escaping.end()
        expectDecision(load(escaping.bytes), .imageLoadManifest)

        let huge = "[{\"RepoTags\":[\"busybox:1\"],\"Layers\":[\"" + String(repeating: "x", count: 1 << 20) + "\"]}]"
        expectDecision(load(TarWriter.archive([("manifest.json", huge)])), .imageLoadManifest)
    }

    @Test("relative layer symlinks from docker save are accepted")
    func layerSymlinks() {
        var writer = TarWriter()
        writer.file("aaa/layer.tar", "layer")
        writer.symlink("bbb/layer.tar", to: "../aaa/layer.tar")
        writer.file(
            "manifest.json",
            "[{\"RepoTags\":[\"busybox:1\"],\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]"
        )
        writer.end()
        expectDecision(load(writer.bytes), nil)
    }

    @Test("bodies that are not readable archives are refused, and a gzip bomb stops at the limit")
    func unreadableBodies() {
        let archive = Self.saved([["busybox:1"]])
        expectDecision(load(Array(archive.prefix(1000))), .requestBodyInvalid)
        expectDecision(load(Array("BZh9".utf8) + archive), .requestBodyUninspectable)
        expectDecision(
            load(gzipBomb(name: "layer.tar", megabytes: 16), inflatedLimit: 8 << 20),
            .requestBodyUninspectable
        )
        expectDecision(load(gzipBomb(name: "layer.tar", megabytes: 16), inflatedLimit: 17 << 20), .imageLoadManifest)
    }
}
