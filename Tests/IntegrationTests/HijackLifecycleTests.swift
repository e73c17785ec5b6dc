import Foundation
import SockguardTestSupport
import Testing

/// Hijacked connections end cleanly: when either end of an `exec -i` dies, the proxy closes the other side
/// and keeps no connection (file descriptor) behind.
@Suite("hijacked connections end cleanly")
struct HijackLifecycleTests {
    @Test("a docker exec -i killed in the middle of a stream leaves no connection open in the proxy")
    func killedClientLeaksNothing() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "killexec", command: ["sleep", "300"])
        // Warm up the connection pool of the CLI-free path so the baseline is steady.
        _ = try daemon.docker(["version"], host: proxy.dockerHost, timeout: .seconds(30))
        let baseline = proxy.openFileDescriptorCount()
        #expect(baseline > 0)

        // `cat` in the container echoes an endless stream back; the client is SIGKILLed while it streams,
        // with data queued in both directions (the case where a naive relay waits forever).
        let killed = try daemon.run(
            "/bin/sh",
            [
                "-c",
                "timeout -s KILL 2 /usr/local/bin/docker -H \(proxy.dockerHost) exec -i \(container.name) cat "
                    + "< /dev/zero > /dev/null; echo status=$?",
            ],
            timeout: .seconds(30)
        )
        #expect(killed.stdoutText.contains("status=137"), "\(killed)")

        var open = proxy.openFileDescriptorCount()
        let deadline = Date().addingTimeInterval(15)
        while open > baseline && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            open = proxy.openFileDescriptorCount()
        }
        #expect(open <= baseline, "the proxy still holds \(open - baseline) descriptor(s) after the client died")

        // The exec's `cat` saw its stdin close and exited: nothing keeps running in the container.
        var catRunning = true
        while catRunning && Date() < deadline.addingTimeInterval(5) {
            let top = try daemon.docker(["top", container.name], timeout: .seconds(30))
            catRunning = top.stdoutText.split(separator: "\n").contains { $0.hasSuffix(" cat") }
            if catRunning { try await Task.sleep(for: .milliseconds(200)) }
        }
        if catRunning {
            // One look past the deadline: a starved test task may resume only after it.
            let top = try daemon.docker(["top", container.name], timeout: .seconds(30))
            catRunning = top.stdoutText.split(separator: "\n").contains { $0.hasSuffix(" cat") }
        }
        #expect(!catRunning, "the exec'd cat still runs after its client was killed")
    }

    @Test("when the container's process ends, docker exec -i returns with all of its output")
    func upstreamEndsFirst() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "upend", command: ["sleep", "300"])
        let baseline = proxy.openFileDescriptorCount()
        // The process exits while the client still has stdin open (the pipe is never closed by `sleep`).
        let result = try daemon.run(
            "/bin/sh",
            [
                "-c",
                "sleep 5 | /usr/local/bin/docker -H \(proxy.dockerHost) exec -i \(container.name) "
                    + "sh -c 'head -c 100000 /dev/zero | tr \"\\\\0\" x; exit 3'; echo status=$?",
            ],
            timeout: .seconds(30)
        )
        #expect(result.stdoutText.hasSuffix("status=3\n"), "\(result.stderrText)")
        #expect(result.stdoutText.filter { $0 == "x" }.count == 100_000)
        var open = proxy.openFileDescriptorCount()
        let deadline = Date().addingTimeInterval(10)
        while open > baseline && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            open = proxy.openFileDescriptorCount()
        }
        #expect(open <= baseline)
    }

    @Test("a legacy exec start without Upgrade headers gets 200 OK and then a raw two-way stream")
    func legacyHijack() async throws {
        let daemon = try await DockerDaemonHarness.shared()
        let proxy = try await Fixtures.permissiveProxy(daemon)
        let container = try ScratchContainer(daemon, prefix: "legacy", command: ["sleep", "300"])
        let socketPath = String(proxy.dockerHost.dropFirst("unix://".count))
        // Old clients send exec start as a plain POST: dockerd answers 200 and switches to raw bytes.
        let script = """
            import docker, socket, sys, time
            api = docker.APIClient(base_url="unix://\(daemon.socketPath)")
            exec_id = api.exec_create("\(container.name)", ["cat"], stdin=True)["Id"]
            s = socket.socket(socket.AF_UNIX)
            s.connect("\(socketPath)")
            body = b'{"Detach":false,"Tty":false}'
            s.sendall(b"POST /v1.41/exec/%s/start HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\n"
                      b"Content-Length: %d\\r\\n\\r\\n" % (exec_id.encode(), len(body)) + body)
            s.settimeout(10)
            head = b""
            while b"\\r\\n\\r\\n" not in head:
                head += s.recv(1)
            print(head.split(b"\\r\\n")[0].decode())
            s.sendall(b"hello legacy\\n")
            s.shutdown(socket.SHUT_WR)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            # stdout frames: 1 byte stream id, 3 zero bytes, 4 bytes big-endian length, payload
            print(data[8:].decode(), end="")
            """
        let result = try daemon.run("/usr/bin/env", ["python3", "-c", script], timeout: .seconds(30))
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutText == "HTTP/1.1 200 OK\nhello legacy\n", "\(result)")
    }
}
