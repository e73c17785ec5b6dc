import SockguardPolicy
import Testing

@Suite struct PathRedactionTests {
    static let cases: [(path: String, redacted: String)] = [
        ("/secrets/abc", "/secrets/<redacted>"),
        ("/secrets/abc/update", "/secrets/<redacted>/update"),
        ("/swarm/unlockkey", "/swarm/<redacted>"),
        ("/secrets", "/secrets"),
        ("/secrets/create", "/secrets/create"),
        ("/swarm", "/swarm"),
        ("/swarm/unlock", "/swarm/unlock"),
        ("/swarm/init", "/swarm/init"),
        ("/containers/abc/json", "/containers/abc/json"),
        ("/configs/abc", "/configs/abc"),
        ("/", "/"),
        ("", ""),
        ("/swarm/unlockkeys", "/swarm/unlockkeys"),
        ("/swarm/unlockkey/x", "/swarm/<redacted>/x"),
        ("/secrets/", "/secrets/"),
        ("/secrets//x", "/secrets//x"),
        ("/secrets/create/x", "/secrets/create/x"),
        ("/secretsx/abc", "/secretsx/abc"),
        ("/secrets/créé", "/secrets/<redacted>"),
    ]

    @Test("secret names and the unlock key endpoint are redacted; other paths are unchanged", arguments: cases)
    func redaction(path: String, redacted: String) {
        #expect(PathRedaction.redact(path) == redacted)
    }

    @Test("logs drop the query string and the fragment, keep the version prefix, and hide secret names")
    func forLog() {
        #expect(PathRedaction.forLog(rawTarget: "/v1.41/secrets/db?x=1", canonicalPath: "/secrets/db") == "/v1.41/secrets/<redacted>")
        #expect(PathRedaction.forLog(rawTarget: "/_ping#frag", canonicalPath: "/_ping") == "/_ping")
        #expect(PathRedaction.forLog(rawTarget: "/containers/json?all=1", canonicalPath: "/containers/json") == "/containers/json")
        #expect(PathRedaction.forLog(rawTarget: "/%73ecrets/x", canonicalPath: nil) == "<redacted>")
    }
}
