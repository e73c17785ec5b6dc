import NIOCore
import NIOEmbedded
import Testing

@testable import SockguardProxy

@Suite("Raw relay between a hijacked client and dockerd")
struct RawRelayHandlerTests {
    func pair() throws -> (client: EmbeddedChannel, upstream: EmbeddedChannel) {
        let loop = EmbeddedEventLoop()
        let (clientRelay, upstreamRelay) = RawRelayHandler.matchedPair(drainTimeout: .seconds(5))
        let client = EmbeddedChannel(handler: clientRelay, loop: loop)
        let upstream = EmbeddedChannel(handler: upstreamRelay, loop: loop)
        try client.connect(to: SocketAddress(unixDomainSocketPath: "/client")).wait()
        try upstream.connect(to: SocketAddress(unixDomainSocketPath: "/upstream")).wait()
        return (client, upstream)
    }

    @Test("bytes from either side reach the other side unchanged and in order")
    func relaysBothWays() throws {
        let (client, upstream) = try pair()
        try client.writeInbound(ByteBuffer(string: "stdin-1 "))
        try client.writeInbound(ByteBuffer(string: "stdin-2"))
        client.pipeline.fireChannelReadComplete()
        try upstream.writeInbound(ByteBuffer(string: "stdout"))
        upstream.pipeline.fireChannelReadComplete()
        #expect(try upstream.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "stdin-1 "))
        #expect(try upstream.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "stdin-2"))
        #expect(try client.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "stdout"))
    }

    @Test("when dockerd closes, what it sent is still delivered before the client connection closes")
    func upstreamCloseDrainsFirst() throws {
        let (client, upstream) = try pair()
        try upstream.writeInbound(ByteBuffer(string: "last words"))
        upstream.pipeline.fireChannelReadComplete()
        try upstream.close().wait()
        #expect(try client.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "last words"))
        client.embeddedEventLoop.run()
        #expect(!client.isActive)
    }

    @Test("when the client goes away, the upstream connection is closed too")
    func clientCloseClosesUpstream() throws {
        let (client, upstream) = try pair()
        try client.close().wait()
        upstream.embeddedEventLoop.run()
        #expect(!upstream.isActive)
    }
}

/// `upstream.hijack_inactivity_timeout`: one watchdog for both directions, refreshed by any byte.
@Suite("Hijack inactivity")
struct RelayInactivityTests {
    func pair(timeout: TimeAmount) throws -> (EmbeddedChannel, EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let watchdog = RelayInactivityWatchdog(timeout: timeout, eventLoop: loop)
        let (clientRelay, upstreamRelay) = RawRelayHandler.matchedPair(watchdog: watchdog)
        let client = EmbeddedChannel(handler: clientRelay, loop: loop)
        let upstream = EmbeddedChannel(handler: upstreamRelay, loop: loop)
        try client.connect(to: SocketAddress(unixDomainSocketPath: "/client")).wait()
        try upstream.connect(to: SocketAddress(unixDomainSocketPath: "/upstream")).wait()
        watchdog.start {
            client.close(promise: nil)
            upstream.close(promise: nil)
        }
        return (client, upstream, loop)
    }

    @Test("a quiet session is closed on both sides once the timeout passes, not before")
    func quietSessionCloses() throws {
        let (client, upstream, loop) = try pair(timeout: .seconds(60))
        loop.advanceTime(by: .seconds(59))
        #expect(client.isActive && upstream.isActive)
        loop.advanceTime(by: .seconds(1))
        #expect(!client.isActive && !upstream.isActive)
    }

    @Test("a byte either way restarts the count")
    func trafficKeepsItOpen() throws {
        let (client, upstream, loop) = try pair(timeout: .seconds(60))
        for minute in 0..<5 {
            loop.advanceTime(by: .seconds(50))
            // Output one minute, input the next: either direction counts.
            if minute % 2 == 0 {
                try upstream.writeInbound(ByteBuffer(string: "out"))
            } else {
                try client.writeInbound(ByteBuffer(string: "in"))
            }
        }
        #expect(client.isActive && upstream.isActive)
        loop.advanceTime(by: .seconds(59))
        #expect(client.isActive)
        loop.advanceTime(by: .seconds(1))
        #expect(!client.isActive && !upstream.isActive)
    }
}
