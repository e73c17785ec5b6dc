/// Waits for something a test expects to happen (a log line, a socket, a stream's output) instead of sleeping for
/// a guess: checks `condition` every 25 ms until it holds or `timeout` passes, and once more after the deadline
/// (a test blocked by synchronous CLI runs can resume late). Returns whether it held.
public func waitUntil(timeout: Duration, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    repeat {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    } while ContinuousClock.now < deadline
    return try condition()
}
