import NIOHTTP1
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

@Suite("Hijackable endpoints")
struct HijackEndpointTests {
    @Test(
        "attach and exec start are hijacked, nothing else",
        arguments: [
            ("POST", "/containers/abc/attach", true),
            ("POST", "/exec/abc/start", true),
            ("GET", "/containers/abc/attach", false),
            ("POST", "/containers/abc/attach/ws", false),
            ("POST", "/containers/attach", false),
            ("POST", "/exec/abc/resize", false),
            ("POST", "/containers/abc/start", false),
            ("POST", "/x/containers/abc/attach", false),
        ]
    )
    func hijackable(method: String, path: String, expected: Bool) {
        #expect(HijackEndpoint.isHijackable(method: HTTPMethod(rawValue: method), canonicalPath: path) == expected)
    }

    @Test("the upgrade handshake needs Connection: Upgrade and an Upgrade header")
    func upgrade() {
        #expect(HijackEndpoint.requestsUpgrade(HTTPHeaders([("Connection", "Upgrade"), ("Upgrade", "tcp")])))
        #expect(
            HijackEndpoint.requestsUpgrade(HTTPHeaders([("connection", "keep-alive, upgrade"), ("upgrade", "tcp")]))
        )
        #expect(!HijackEndpoint.requestsUpgrade(HTTPHeaders([("Upgrade", "tcp")])))
        #expect(!HijackEndpoint.requestsUpgrade(HTTPHeaders([("Connection", "Upgrade")])))
    }
}
