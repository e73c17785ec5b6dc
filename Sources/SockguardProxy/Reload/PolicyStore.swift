import NIOConcurrencyHelpers
import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The policy every request is judged by, swapped whole when the configuration is reloaded. A connection reads it
/// at the start of each request and keeps that snapshot until the request ends, so in-flight requests, streams and
/// hijacked sessions finish on the policy they began with, and the next request sees the new one.
public final class PolicyStore: Sendable {
    private let box: NIOLockedValueBox<LivePolicy>

    public init(_ settings: ProxySettings) {
        self.box = NIOLockedValueBox(LivePolicy(settings: settings, generation: 1))
    }

    /// The policy now.
    var current: LivePolicy { box.withLockedValue { $0 } }

    /// How many policies have been in force, the first included.
    public var generation: Int { current.generation }

    /// Puts `settings` in force for every request that starts from now on.
    public func replace(with settings: ProxySettings) {
        box.withLockedValue { live in
            live = LivePolicy(settings: settings, generation: live.generation + 1)
        }
    }
}

/// One policy in force: the settings and what is derived from them once.
final class LivePolicy: Sendable {
    let settings: ProxySettings
    /// The top-level rules and inspectors: for every client when `clients.profiles` is not set, and for clients
    /// no profile applies to otherwise.
    let basePolicy: ClientPolicy
    /// What every request's decision reads besides the client's own rules.
    let decider: DeciderSettings
    let generation: Int
    /// When it was put in force.
    let loadedAt: timespec

    init(settings: ProxySettings, generation: Int) {
        self.loadedAt = LogTime.now()
        self.settings = settings
        self.basePolicy = settings.basePolicy
        self.decider = settings.deciderSettings
        self.generation = generation
    }

    /// `listeners[].allowed_profiles` of the listener `name`; nil admits every client.
    func allowedProfiles(listener name: String) -> Set<String>? {
        settings.allowedProfiles(listener: name)
    }
}
