import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tells when anything changes in the folder that holds the configuration file, through inotify. The folder, not
/// the file: editors and `mv` replace the file, and a Kubernetes ConfigMap swaps a `..data` symlink beside it,
/// neither of which a watch on the file itself would see. Whether the file's content really changed is the
/// caller's to check. Reads on a thread of its own until `stop()`.
final class ConfigFileWatcher: @unchecked Sendable {
    // @unchecked: `stopped` is only touched under `lock`; the descriptor is written once, before the thread starts.
    private let descriptor: Int32
    private let lock = NSLock()
    private var stopped = false

    /// Watches the folder of `path`; nil when inotify is unavailable (the reason is in `error`).
    init?(watching path: String, onChange: @escaping @Sendable () -> Void) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MODIFY)
        guard inotify_add_watch(fd, folder.isEmpty ? "." : folder, mask) >= 0 else {
            close(fd)
            return nil
        }
        self.descriptor = fd
        Thread.detachNewThread { [self] in self.loop(onChange) }
    }

    func stop() {
        lock.withLock { stopped = true }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Waits up to 250 ms at a time, so `stop()` is noticed without closing the descriptor under a blocked read.
    private func loop(_ onChange: @Sendable () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while !isStopped {
            guard poll(&waiting, 1, 250) > 0 else { continue }
            var changed = false
            while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 { changed = true }
            if changed { onChange() }
        }
        close(descriptor)
    }
}
