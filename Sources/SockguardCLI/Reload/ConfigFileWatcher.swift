import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Tells when anything changes in the folder that holds the configuration file, through inotify. The folder, not
/// the file: editors and `mv` replace the file, and a Kubernetes ConfigMap swaps a `..data` symlink beside it,
/// neither of which a watch on the file itself would see. Whether the file's content really changed is the
/// caller's to check. Reads on a thread of its own until `stop()`.
final class ConfigFileWatcher: @unchecked Sendable {
    // @unchecked: the descriptor is written once, before the thread starts.
    private let descriptor: Int32
    private let stopped = Mutex(false)

    /// Watches the folder of `path`; nil when inotify is unavailable (the reason is in `error`).
    init?(watching path: String, onChange: @escaping @Sendable () -> Void) {
        let folder = Self.folder(of: path)
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MODIFY)
        guard inotify_add_watch(fd, folder.isEmpty ? "." : folder, mask) >= 0 else {
            close(fd)
            return nil
        }
        self.descriptor = fd
        let body = ThreadBody { [self] in self.loop(onChange) }
        var thread = pthread_t()
        let started = pthread_create(
            &thread,
            nil,
            { argument in
                Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue().run()
                return nil
            },
            Unmanaged.passRetained(body).toOpaque()
        )
        guard started == 0 else {
            close(fd)
            return nil
        }
        pthread_detach(thread)
    }

    /// `/etc/sockguard/config.yaml` -> `/etc/sockguard`; a bare file name -> "" (the working directory).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    func stop() {
        stopped.withLock { $0 = true }
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

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

/// The watcher's read loop, handed to its thread.
private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}
