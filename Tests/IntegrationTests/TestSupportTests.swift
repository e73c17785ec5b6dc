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

    @Test("ProcessRunner returns when the command exits, though a daemon it started in the background runs on")
    func backgroundGrandchild() throws {
        // The way scripts/dev-podman.sh starts the Podman service. Foundation's Process never reported this
        // command's exit (the grandchild held the socket it watches), which hung a whole CI run.
        let result = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!"],
            timeout: .seconds(60)
        )
        let grandchild = Int32(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(result.status == 0)
        #expect(grandchild != nil, "no pid in \(result)")
        if let grandchild {
            #expect(kill(grandchild, 0) == 0, "the background daemon should still run")
            kill(grandchild, SIGKILL)
        }
    }

    @Test("a spawned child gets only the standard descriptors and default signal dispositions")
    func spawnedChildIsClean() throws {
        ProcessRunner.ignoreSIGPIPE()  // ignored in this process; must not be inherited
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)  // not close-on-exec: a leak if the child inherited it
        defer { fds.forEach { _ = close($0) } }
        let result = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "ls /proc/self/fd; grep -E '^SigIgn' /proc/self/status"],
            timeout: .seconds(30)
        )
        let descriptors = result.stdoutText.split(separator: "\n").compactMap { Int($0) }.filter { $0 > 2 }
        // `ls` itself opens one descriptor for /proc/self/fd.
        #expect(descriptors.count <= 1, "inherited descriptors: \(result.stdoutText)")
        // Signals 1 to 31 (SIGPIPE among them) at their defaults; glibc's own real-time signals may show.
        let ignored = result.stdoutText.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
            .flatMap { UInt64($0.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "\(result.stdoutText)")
    }
}
