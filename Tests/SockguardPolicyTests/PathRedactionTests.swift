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
    ]

    @Test("secret names and the unlock key endpoint are redacted; other paths are unchanged", arguments: cases)
    func redaction(path: String, redacted: String) {
        #expect(PathRedaction.redact(path) == redacted)
    }
}
