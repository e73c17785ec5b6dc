import Testing

@testable import SockguardPolicy

@Suite struct PathCanonicalizerTests {
    struct TargetCase: Sendable, CustomTestStringConvertible {
        let raw: String
        let path: String
        let apiVersion: String?
        let query: String?
        var testDescription: String { raw.debugDescription }
        init(_ raw: String, _ path: String, version: String? = nil, query: String? = nil) {
            self.raw = raw
            self.path = path
            self.apiVersion = version
            self.query = query
        }
    }

    static let targetCases: [TargetCase] = [
        .init("/", "/"),
        .init("/_ping", "/_ping"),
        .init("/containers/json", "/containers/json"),
        .init("/containers/json?all=1", "/containers/json", query: "all=1"),
        .init("/containers/json?", "/containers/json", query: ""),
        .init("/containers/json?a=1?b=2", "/containers/json", query: "a=1?b=2"),
        .init("/containers/json?filters=%7B%22a%22%7D", "/containers/json", query: "filters=%7B%22a%22%7D"),
        .init("/v1.41/containers/json", "/containers/json", version: "1.41"),
        .init("/v1/_ping", "/_ping", version: "1"),
        .init("/v5.0.0/libpod/containers/json", "/libpod/containers/json", version: "5.0.0"),
        .init("/v1.41", "/", version: "1.41"),
        .init("/v1.41/", "/", version: "1.41"),
        .init("/v1.41?x=1", "/", version: "1.41", query: "x=1"),
        .init(
            "/v1.45/images/docker.io/library/alpine:latest/json",
            "/images/docker.io/library/alpine:latest/json",
            version: "1.45"
        ),
        .init("/images/sha256:0123abcd/json", "/images/sha256:0123abcd/json"),
        .init("/containers/my%20app/json", "/containers/my app/json"),
        .init("/containers/caf%C3%A9/json", "/containers/caf\u{E9}/json"),
        .init("/containers/caf\u{E9}/json", "/containers/caf\u{E9}/json"),
        .init("/containers/a+b/json", "/containers/a+b/json"),
        .init("/containers/%41bc", "/containers/Abc"),
        .init("/exec/abc/start", "/exec/abc/start"),
    ]

    @Test("an ordinary target splits into path, version and query", arguments: targetCases)
    func canonical(_ testCase: TargetCase) throws {
        let target = try PathCanonicalizer.canonicalize(testCase.raw).get()
        #expect(target.path == testCase.path)
        #expect(target.apiVersion == testCase.apiVersion)
        #expect(target.query == testCase.query)
    }

    static let forwardCases: [(raw: String, forward: String)] = [
        ("/_ping", "/_ping"),
        ("/v1.41/_ping", "/v1.41/_ping"),
        ("/v1.41", "/v1.41/"),
        ("/v1.41/containers/json?all=1&filters=%7B%7D", "/v1.41/containers/json?all=1&filters=%7B%7D"),
        ("//containers/./json/", "/containers/json"),
        ("/v1.41/containers/x/..%2f..%2fsecrets", "/v1.41/secrets"),
        ("/containers/my%20app/json", "/containers/my%20app/json"),
        ("/containers/json%3fall=1", "/containers/json%3Fall=1"),
        ("/containers/json%23x", "/containers/json%23x"),
        ("/containers/caf\u{E9}", "/containers/caf%C3%A9"),
        ("/containers/%c3%a9", "/containers/%C3%A9"),
        ("/containers/%EF%BC%8E%EF%BC%8E", "/containers/%EF%BC%8E%EF%BC%8E"),
        ("/images/sha256:abc/json", "/images/sha256:abc/json"),
        ("/containers/a@b!$&'()*+,;=~_-.z", "/containers/a@b!$&'()*+,;=~_-.z"),
        ("/containers/%22%3C%3E%5E%60%7B%7C%7D", "/containers/%22%3C%3E%5E%60%7B%7C%7D"),
        ("/v1.41/v1.41/containers/json", "/v1.41/v1.41/containers/json"),
        ("/%761.41/_ping", "/v1.41/_ping"),
        ("/containers/json?", "/containers/json?"),
    ]

    @Test("the forward target is the canonical path, re-encoded, with version and query", arguments: forwardCases)
    func forwardTarget(raw: String, forward: String) throws {
        let target = try PathCanonicalizer.canonicalize(raw).get()
        #expect(target.forwardTarget == forward)
    }

    @Test("canonicalizing a forward target again gives the same target", arguments: forwardCases)
    func roundTrip(raw: String, forward: String) throws {
        let target = try PathCanonicalizer.canonicalize(raw).get()
        let again = try PathCanonicalizer.canonicalize(target.forwardTarget).get()
        #expect(again == target)
        #expect(again.forwardTarget == target.forwardTarget)
    }

    @Test("every byte of a decoded path survives the forward round trip")
    func everyByteRoundTrips() throws {
        for byte in UInt8(0x20)...UInt8(0x7E)
        where ![UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "%")].contains(byte) {
            let hex = String(byte, radix: 16, uppercase: true)
            let target = try PathCanonicalizer.canonicalize("/containers/a%\(hex)b").get()
            #expect(target.path == "/containers/a" + String(decoding: [byte], as: UTF8.self) + "b")
            let again = try PathCanonicalizer.canonicalize(target.forwardTarget).get()
            #expect(again == target, "byte 0x\(hex)")
        }
    }

    @Test("rejection messages never echo the path")
    func rejectionDoesNotEchoPath() throws {
        let secret = "s3cr3t-n4me"
        for raw in [
            "/secrets/\(secret)%00", "/secrets/\(secret)%zz", "/secrets/\(secret)/../../..", "/secrets/\(secret)#x",
        ] {
            let result = PathCanonicalizer.canonicalize(raw)
            guard case .failure(let rejection) = result else {
                Issue.record("\(raw) was accepted")
                continue
            }
            #expect(!rejection.message.contains(secret))
            #expect(rejection.description == rejection.message)
        }
    }

    /// The version grammar, `v[0-9]+(\.[0-9]+){0,2}`, read the obvious way: split at dots.
    static func referenceIsVersion(_ text: String) -> Bool {
        guard text.first == "v" else { return false }
        let groups = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return (1...3).contains(groups.count)
            && groups.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    @Test("the one-pass version reader agrees with the grammar on every short segment")
    func versionSegmentsMatchTheGrammar() {
        let alphabet: [Character] = ["v", "1", "0", ".", "x"]
        var segments = [""]
        for _ in 1...7 {
            segments = segments.flatMap { prefix in alphabet.map { prefix + String($0) } }
            for segment in segments {
                #expect(
                    APIVersion.isVersionSegment(ArraySlice(segment.utf8)) == Self.referenceIsVersion(segment),
                    "\(segment)"
                )
            }
        }
    }
}
