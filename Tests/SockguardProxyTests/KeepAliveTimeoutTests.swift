import NIOCore
import NIOEmbedded
import Testing

@testable import SockguardProxy

/// `idle_timeout` of keep-alive connections: quiet counts from the last byte moved, and only a connection with no
/// request in flight is closed.
@Suite struct KeepAliveTimeoutTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("an idle connection closes at the timeout after its last activity, not before")
    func idleCloses() {
        var timer = KeepAliveTimeout(timeout: .seconds(120), now: Self.start)
        #expect(timer.check(now: Self.start + .seconds(119), idle: true) == .again(at: Self.start + .seconds(120)))
        #expect(timer.check(now: Self.start + .seconds(120), idle: true) == .close)
        timer.touch(Self.start + .seconds(100))
        #expect(timer.check(now: Self.start + .seconds(120), idle: true) == .again(at: Self.start + .seconds(220)))
    }

    @Test("a request in flight (a stream, an upload) is never cut, however quiet")
    func busyNeverCloses() {
        let timer = KeepAliveTimeout(timeout: .seconds(120), now: Self.start)
        #expect(timer.check(now: Self.start + .seconds(600), idle: false) == .again(at: Self.start + .seconds(720)))
    }

    @Test("through the handler: a keep-alive connection closes idle_timeout after its last request")
    func handlerClosesAnIdleConnection() throws {
        let proxy = try EmbeddedProxy(rules: ClientConnectionHandlerTests.rules)
        let loop = proxy.channel.embeddedEventLoop
        loop.advanceTime(by: .seconds(100))
        try proxy.send("GET /v1.41/secrets HTTP/1.1\r\nHost: docker\r\n\r\n")
        #expect(try proxy.output().hasPrefix("HTTP/1.1 403"))
        loop.advanceTime(by: .seconds(119))
        #expect(proxy.channel.isActive, "closed before idle_timeout had passed since the last request")
        loop.advanceTime(by: .seconds(1))
        #expect(!proxy.channel.isActive)
    }
}
