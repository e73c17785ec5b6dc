import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tears down a private dockerd directory: stops the daemon, kills what it left, unmounts, removes the directory.
///
/// The same shell script runs in three places, so a daemon never outlives its tests:
/// at normal process exit (`atexit`), from a reaper process when the test process dies without exiting
/// normally (crash, SIGKILL), and from the next test run's sweep of stale `/tmp/sgtd-*` directories.
enum DaemonCleanup {
    /// Prefix of every harness daemon directory; the sweep only ever touches `/tmp/<prefix>-*`.
    static let directoryPrefix = "sgtd"

    /// Usage: `sh cleanup.sh DIR`. Idempotent.
    ///
    /// Only processes whose command line names `dockerd` or `containerd` *and* `DIR/` are killed, so the script
    /// never kills itself, its caller, or another test run's daemon.
    static let script = #"""
        D="$1"
        [ -n "$D" ] && [ -d "$D" ] || exit 0
        pid=$(cat "$D/dockerd.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && grep -q "$D/" "/proc/$pid/cmdline" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null
            i=0
            while [ $i -lt 150 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; i=$((i+1)); done
        fi
        for f in $(find "$D/x" -name init.pid 2>/dev/null); do kill -KILL "$(cat "$f")" 2>/dev/null; done
        for p in /proc/[0-9]*; do
            cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
            case "$cmd" in
                *dockerd*"$D/"*|*containerd*"$D/"*) kill -KILL "${p#/proc/}" 2>/dev/null ;;
            esac
        done
        awk -v d="$D/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
            umount -l "$m" 2>/dev/null
        done
        rm -rf "$D" 2>/dev/null || { sleep 1; rm -rf "$D"; }
        exit 0
        """#

    /// Daemon directories this process owns, cleaned at exit.
    private static let owned = LockedBox<[String]>([])
    private static let atexitRegistered: Bool = {
        atexit {
            for directory in DaemonCleanup.owned.current {
                _ = system("/bin/sh '\(directory)/cleanup.sh' '\(directory)'")
            }
        }
        return true
    }()

    /// Writes `cleanup.sh` into `directory` and arranges for it to run at exit or, failing that, from a reaper.
    static func arrange(for directory: String) throws {
        try script.write(toFile: directory + "/cleanup.sh", atomically: true, encoding: .utf8)
        try String(getpid()).write(toFile: directory + "/owner.pid", atomically: true, encoding: .utf8)
        _ = atexitRegistered
        owned.withLock { $0.append(directory) }
        try startReaper(for: directory)
    }

    /// A detached shell that waits for this process to die, then runs the cleanup script.
    ///
    /// It ignores SIGINT/SIGTERM/SIGHUP so a Ctrl-C that kills the tests does not also kill the cleanup.
    private static func startReaper(for directory: String) throws {
        _ = try SpawnedProcess.spawn(
            "/bin/sh",
            [
                "-c",
                #"trap '' INT TERM HUP; while kill -0 "$1" 2>/dev/null; do sleep 1; done; "#
                    + #"[ -d "$2" ] && exec /bin/sh "$2/cleanup.sh" "$2""#,
                "sockguard-test-reaper", String(getpid()), directory,
            ],
            environment: nil
        )
    }

    /// Cleans every `/tmp/sgtd-*` directory whose owning test process is gone (left by a crashed run).
    static func sweepStaleDirectories() {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: "/tmp") else { return }
        for name in names where name.hasPrefix(directoryPrefix + "-") {
            let directory = "/tmp/" + name
            if let ownerText = try? String(contentsOfFile: directory + "/owner.pid", encoding: .utf8),
                let owner = Int32(ownerText.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                if kill(owner, 0) == 0 || errno == EPERM { continue }
            } else {
                // No owner file: either being created right now or abandoned mid-creation long ago.
                let attributes = try? fileManager.attributesOfItem(atPath: directory)
                let modified = attributes?[.modificationDate] as? Date ?? Date()
                if modified.timeIntervalSinceNow > -600 { continue }
            }
            _ = try? ProcessRunner.run("/bin/sh", ["-c", script, "cleanup", directory], timeout: .seconds(60))
        }
    }
}
