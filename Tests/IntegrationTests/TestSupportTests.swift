import Foundation
import Testing

@testable import SockguardTestSupport

/// The harness's own HTTP framing and fake upstream, so a failing proxy test is never the harness's fault.
@Suite("test support")
struct TestSupportTests {
    private func frame(_ text: String, isResponse: Bool = false, peerClosed: Bool = false) -> [HTTPMessage] {
        var framer = HTTPMessageFramer()
        framer.append(Data(text.utf8))
        var messages: [HTTPMessage] = []
        while let message = framer.next(isResponse: isResponse, peerClosed: peerClosed) {
            messages.append(message)
        }
        return messages
    }

    @Test(
        "request bodies are framed the way RFC 9112 says",
        arguments: [
            ("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", "abc"),
            (
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n1\r\nd\r\n0\r\nX-T: 1\r\n\r\n",
                "abcd"
            ),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", "ab"),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", "ab"),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n2\r\nab\r\n0\r\n\r\n", "ab"),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\n", ""),
            ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", ""),
        ]
    )
    func requestFraming(raw: String, body: String) {
        let messages = frame(raw)
        #expect(messages.count == 1)
        #expect(messages.first?.bodyText == body)
        #expect(messages.first?.raw == Data(raw.utf8))
    }

    @Test("pipelined requests come out one by one, and an incomplete one waits for more bytes")
    func pipelining() {
        let messages = frame(
            "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nPOST /c HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"
        )
        #expect(messages.map(\.target) == ["/a", "/b"])
    }

    @Test("a response without a length runs until the peer closes")
    func responseUntilClose() {
        let raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstream"
        #expect(frame(raw, isResponse: true).isEmpty)
        #expect(frame(raw, isResponse: true, peerClosed: true).first?.bodyText == "stream")
        #expect(frame("HTTP/1.1 204 No Content\r\n\r\n", isResponse: true).first?.statusCode == 204)
    }

    @Test("RecordingUpstream answers keep-alive requests and records every byte per connection")
    func recordingUpstream() throws {
        let upstream = try RecordingUpstream()
        let client = try RawHTTPClient(endpoint: upstream.endpoint)
        let first = "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi"
        let second = "GET /y HTTP/1.1\r\nHost: t\r\n\r\n"
        try client.send(first)
        #expect(client.readResponse()?.bodyText == "{}")
        try client.send(second)
        #expect(client.readResponse()?.statusCode == 200)
        #expect(upstream.receivedText == first + second)
        #expect(upstream.connectionBytes == [Data((first + second).utf8)])
        #expect(upstream.requests.map(\.target) == ["/x", "/y"])
        #expect(upstream.requests.first?.bodyText == "hi")
    }

    @Test("ProcessRunner kills a command at its timeout and reports what it wrote")
    func processTimeout() throws {
        do {
            _ = try ProcessRunner.run("/bin/sh", ["-c", "echo started; exec sleep 30"], timeout: .milliseconds(500))
            Issue.record("expected a timeout")
        } catch HarnessError.timedOut(_, _, let partial) {
            #expect(partial.stdoutText == "started\n")
        }
    }
}
