import NIOCore

/// Closes a hijacked connection that went quiet: `upstream.hijack_inactivity_timeout`, as in sockguard (Go). One
/// watchdog covers both directions of a relay pair and any byte either way refreshes it, so it reaps a forgotten
/// `docker attach` without capping an active one.
///
/// Lives on the pair's event loop (the upstream connection is made on the client's loop): `touch` costs a clock
/// read, and a single timer is re-armed only when it fires early.
final class RelayInactivityWatchdog {
    private let timeout: TimeAmount
    private let eventLoop: EventLoop
    private var lastActivity: NIODeadline
    private var timer: Scheduled<Void>?
    private var expired = false

    /// `eventLoop` is the pair's; its clock is the one compared (an `EmbeddedEventLoop`'s in tests).
    init(timeout: TimeAmount, eventLoop: EventLoop) {
        self.timeout = timeout
        self.eventLoop = eventLoop
        self.lastActivity = eventLoop.now
    }

    /// A byte went one way or the other.
    func touch() {
        lastActivity = eventLoop.now
    }

    /// Arms the timer; `onExpiry` runs once when nothing moved for `timeout`.
    func start(onExpiry: @escaping () -> Void) {
        arm(at: lastActivity + timeout, onExpiry: onExpiry)
    }

    /// The relay ended on its own.
    func stop() {
        timer?.cancel()
        timer = nil
    }

    private func arm(at deadline: NIODeadline, onExpiry: @escaping () -> Void) {
        timer = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            guard !expired else { return }
            let due = lastActivity + timeout
            if due > eventLoop.now {
                arm(at: due, onExpiry: onExpiry)
            } else {
                expired = true
                onExpiry()
            }
        }
    }
}

@available(*, unavailable)
extension RelayInactivityWatchdog: Sendable {}
