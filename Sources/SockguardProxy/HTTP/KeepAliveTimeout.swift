import NIOCore

/// When a keep-alive connection with no request in flight has been quiet for `timeout`: it is then closed. A
/// request being decided or forwarded, a stream (`logs -f`, `events`) or a slow upload is never cut; quiet
/// counts from the last byte read from the client or from the daemon, or the last local answer.
///
/// This replaces NIO's `IdleStateHandler(allTimeout:)`, which made a promise for every write to time its
/// completion: two promises and their callbacks per request, about a tenth of a denied request's instructions.
/// Here a read or an answer records the time, and one scheduled check per `timeout` reads it.
struct KeepAliveTimeout {
    enum Check: Equatable {
        case close
        case again(at: NIODeadline)
    }

    let timeout: TimeAmount
    private(set) var lastActivity: NIODeadline

    init(timeout: TimeAmount, now: NIODeadline) {
        self.timeout = timeout
        self.lastActivity = now
    }

    mutating func touch(_ now: NIODeadline) {
        lastActivity = now
    }

    /// At a scheduled check: close when idle past the timeout; otherwise when to look again.
    func check(now: NIODeadline, idle: Bool) -> Check {
        guard idle else { return .again(at: now + timeout) }
        let deadline = lastActivity + timeout
        return now >= deadline ? .close : .again(at: deadline)
    }
}
