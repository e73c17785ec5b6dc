import NIOConcurrencyHelpers
import SockguardPolicy

/// Learn mode's recorder: every request a listener finishes is handed to one `PolicyLearner`, under a lock (the
/// learner is a value; the event loops share this box).
public final class LearnRecorder: Sendable {
    private let learner: NIOLockedValueBox<PolicyLearner>
    /// Called with the number of requests learned so far, after each one (`sockguard learn --requests N`).
    private let onObserve: @Sendable (Int) -> Void

    public init(startedFromAllowAll: Bool, onObserve: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.learner = NIOLockedValueBox(PolicyLearner(startedFromAllowAll: startedFromAllowAll))
        self.onObserve = onObserve
    }

    /// Records a finished request; requests no policy judged (health, metrics, malformed) are left out.
    func observe(method: String, verdict: Verdict) {
        guard let observation = LearnObservation(method: method, verdict: verdict) else { return }
        let count = learner.withLockedValue { learner in
            learner.observe(observation)
            return learner.requests
        }
        onObserve(count)
    }

    /// The policy learned so far.
    public var policy: LearnedPolicy { learner.withLockedValue { $0.policy } }

    /// The profiles of the clients seen.
    public var profiles: Set<String> { learner.withLockedValue { $0.profiles } }
}
