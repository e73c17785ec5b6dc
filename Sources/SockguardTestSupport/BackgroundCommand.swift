import Foundation

/// A command running on its own thread (not the Swift concurrency pool), for things that must be in flight while
/// the test does something else, e.g. `docker events` waiting for a container to start.
public final class BackgroundCommand: Sendable {
    private let outcome = LockedBox<Result<CommandResult, any Error>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread at once.
    public init(_ body: @escaping @Sendable () throws -> CommandResult) {
        Thread.detachNewThread { [outcome, finished] in
            let result = Result { try body() }
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    /// Blocks until the command finishes and returns its result (or rethrows, e.g. a timeout).
    public func wait() throws -> CommandResult {
        finished.wait()
        finished.signal()
        guard let result = outcome.current else {
            throw HarnessError.launchFailed(command: [], reason: "background command finished without a result")
        }
        return try result.get()
    }
}
