import FoundationEssentials
import Logging
import ServiceLifecycle
import SockguardPolicy
import SockguardProxy
import UnixSignals

/// Ends learning when `--duration` passes or `--requests` are seen (returning, which shuts the proxy down
/// gracefully), and writes a snapshot of the policy on every SIGUSR1.
struct LearnTrigger: Service {
    let recorder: LearnRecorder
    let writer: LearnedPolicyWriter
    let duration: Int?
    let limit: LearnLimit
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigusr1)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await gracefulShutdown() }
            if limit.requests != nil { group.addTask { await limit.reached() } }
            if let duration {
                group.addTask { try? await Task.sleep(for: .seconds(duration)) }
            }
            group.addTask {
                for await _ in signals {
                    do {
                        try writer.write(recorder.policy)
                        logger.info("learned policy snapshot written", metadata: ["output": "\(writer.path)"])
                    } catch {
                        logger.error("cannot write the learned policy", metadata: ["error": "\(error)"])
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}

/// `--requests N`: `reached()` returns once N requests were learned (or when its task is cancelled).
final class LearnLimit: Sendable {
    let requests: Int?
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(requests: Int?) {
        self.requests = requests
        (self.stream, self.continuation) = AsyncStream.makeStream(of: Void.self)
    }

    func observed(_ count: Int) {
        guard let requests, count >= requests else { return }
        continuation.yield()
        continuation.finish()
    }

    func reached() async {
        for await _ in stream { return }
    }
}

/// `--duration`: `90s`, `10m`, `2h` or plain seconds.
enum LearnDuration {
    static func seconds(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        if let last = text.last, let unit = units[last], let value = Int(text.dropLast()), value > 0 {
            return value * unit
        }
        return Int(text).flatMap { $0 > 0 ? $0 : nil }
    }
}

/// Writes the learned policy to a file (atomically) or to standard output.
struct LearnedPolicyWriter: Sendable {
    let path: String
    let header: [String]

    func write(_ policy: LearnedPolicy) throws {
        let text = policy.yaml(header: header)
        if path == "-" {
            Console.writeOutput(text)
        } else {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
