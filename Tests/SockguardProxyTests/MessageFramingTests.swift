import NIOHTTP1
import SockguardPolicy
import Testing

@testable import SockguardProxy

@Suite("Transfer-Encoding normalization")
struct MessageFramingTests {
    @Test(
        "only chunked is accepted, rewritten to the exact spelling both encoders read",
        arguments: [
            (["chunked"], true, "chunked"),
            (["Chunked"], true, "chunked"),
            (["CHUNKED"], true, "chunked"),
            ([" chunked "], true, "chunked"),
            (["identity, chunked"], false, ""),
            (["chunked, identity"], false, ""),
            (["gzip"], false, ""),
            (["xchunked"], false, ""),
            (["chunked", "chunked"], false, ""),
            (["chunked;x=1"], false, ""),
        ]
    )
    func normalize(values: [String], accepted: Bool, expected: String) {
        var headers = HTTPHeaders()
        for value in values { headers.add(name: "Transfer-Encoding", value: value) }
        #expect(MessageFraming.normalizeTransferEncoding(&headers) == accepted)
        if accepted {
            #expect(headers["transfer-encoding"] == [expected])
        }
    }

    @Test("a message without Transfer-Encoding is left alone")
    func absent() {
        var headers = HTTPHeaders([("Content-Length", "12")])
        #expect(MessageFraming.normalizeTransferEncoding(&headers))
        #expect(headers == HTTPHeaders([("Content-Length", "12")]))
    }
}

@Suite("Upgrade requests")
struct UpgradeRequestTests {
    @Test("the upgrade handshake needs Connection: Upgrade and an Upgrade header")
    func upgrade() {
        #expect(RequestHead.requestsUpgrade(HTTPHeaders([("Connection", "Upgrade"), ("Upgrade", "tcp")])))
        #expect(
            RequestHead.requestsUpgrade(HTTPHeaders([("connection", "keep-alive, upgrade"), ("upgrade", "tcp")]))
        )
        #expect(!RequestHead.requestsUpgrade(HTTPHeaders([("Upgrade", "tcp")])))
        #expect(!RequestHead.requestsUpgrade(HTTPHeaders([("Connection", "Upgrade")])))
    }
}
