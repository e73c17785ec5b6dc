import NIOHTTP1
import Testing

@testable import SockguardProxy

@Suite("HTTPHeaders.hasToken")
struct HTTPHeadersTokenTests {
    @Test(
        "answers what NIO's canonical form answers, without allocating",
        arguments: [
            [("Connection", "Upgrade")], [("connection", "keep-alive, Upgrade")], [("CONNECTION", " \tupgrade\t ")],
            [("Connection", "upgrade2")], [("Connection", "")], [("Connection", ",,upgrade,,")],
            [("Connection", "close"), ("Connection", "UPGRADE")], [("Connectio", "upgrade")], [("Upgrade", "tcp")],
            [("Connection", "up grade")], [("Connection", "keep-alive")], [("Connection", "Close")],
        ]
    )
    func matchesCanonicalForm(_ pairs: [(String, String)]) {
        let headers = HTTPHeaders(pairs)
        for token in ["upgrade", "close"] {
            let expected = headers[canonicalForm: "connection"].contains { $0.lowercased() == token }
            let answered =
                token == "upgrade"
                ? headers.hasToken("upgrade", in: "connection") : headers.hasToken("close", in: "connection")
            #expect(answered == expected, "\(pairs) \(token)")
        }
    }
}
