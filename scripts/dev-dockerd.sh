#!/usr/bin/env bash
# Starts (or stops) a private dockerd for developing and testing sockguard, without touching the host's daemon.
#
#   scripts/dev-dockerd.sh [start] [--dir DIR] [--bridge-none]   start it (idempotent); prints DOCKER_HOST
#   scripts/dev-dockerd.sh stop [--dir DIR] [--purge]             stop it; --purge also deletes DIR (images, ...)
#   scripts/dev-dockerd.sh status [--dir DIR]                     exit 0 if it answers /_ping
#
# DIR defaults to /tmp/sockguard-dockerd. Keep it short: the daemon's unix sockets live under it, and socket
# paths are limited to 108 bytes. Data uses the vfs storage driver, so it works inside containers and VMs alike.
#
# --bridge-none starts the daemon without a default bridge (and without iptables rules). Use it whenever another
# dockerd runs on the machine, so the two do not fight over docker0; containers then need `--network none` or a
# network you create. `swift test` does not need this script: the test harness starts its own daemon.
#
# Needs root, dockerd and a docker CLI: `apt-get install -y docker.io busybox-static`.
# Then `scripts/make-test-image.sh` imports the busybox test image.
set -euo pipefail

command=start
dir=/tmp/sockguard-dockerd
bridge_none=false
purge=false
while [ $# -gt 0 ]; do
    case "$1" in
        start|stop|status) command=$1 ;;
        --dir) dir=${2:?--dir needs a directory}; shift ;;
        --dir=*) dir=${1#--dir=} ;;
        --bridge-none) bridge_none=true ;;
        --purge) purge=true ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "dev-dockerd.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

dir=$(realpath -m "$dir")
socket=$dir/docker.sock
pidfile=$dir/dockerd.pid

docker_cli() {
    if [ -x /usr/local/bin/docker ]; then echo /usr/local/bin/docker; else command -v docker || true; fi
}

pings() {
    [ -S "$socket" ] || return 1
    if command -v curl >/dev/null 2>&1; then
        [ "$(curl -s --max-time 2 --unix-socket "$socket" http://docker/_ping 2>/dev/null)" = OK ]
    else
        local cli; cli=$(docker_cli)
        [ -n "$cli" ] && DOCKER_CONFIG=$dir/cli-config "$cli" -H "unix://$socket" version >/dev/null 2>&1
    fi
}

running_pid() {
    local pid
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q "$dir" "/proc/$pid/cmdline" 2>/dev/null; then
        echo "$pid"
    fi
}

unmount_all() {
    awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done
}

print_usage_hint() {
    echo "dockerd is running: socket $socket"
    echo "  export DOCKER_HOST=unix://$socket"
    echo "  scripts/make-test-image.sh --host unix://$socket    # import sockguard-test/busybox:latest"
    echo "  scripts/dev-dockerd.sh stop --dir $dir"
}

case "$command" in
status)
    if pings; then echo "running: unix://$socket"; exit 0; fi
    echo "not running ($dir)"; exit 1
    ;;
stop)
    pid=$(running_pid)
    if [ -n "$pid" ]; then
        kill -TERM "$pid"
        for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "dockerd $pid did not stop after 20 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "stopped dockerd $pid"
    else
        echo "no dockerd running for $dir"
    fi
    unmount_all
    rm -f "$pidfile" "$socket"
    if $purge; then rm -rf "$dir"; echo "removed $dir"; fi
    exit 0
    ;;
esac

# start
if [ "$(id -u)" != 0 ]; then
    echo "dev-dockerd.sh: dockerd needs root (try sudo)" >&2
    exit 1
fi
if ! command -v dockerd >/dev/null 2>&1; then
    echo "dev-dockerd.sh: dockerd not found; install it with: apt-get install -y docker.io busybox-static" >&2
    exit 1
fi
if [ ${#socket} -gt 100 ]; then
    echo "dev-dockerd.sh: $socket is too long for a unix socket; choose a shorter --dir" >&2
    exit 1
fi
if pings; then
    print_usage_hint
    exit 0
fi
if [ -n "$(running_pid)" ]; then
    echo "dev-dockerd.sh: dockerd $(running_pid) owns $dir but does not answer; run: $0 stop --dir $dir" >&2
    exit 1
fi
# A stale run (crash, reboot) may have left a pidfile, socket or mounts behind.
unmount_all
rm -f "$pidfile" "$socket"
mkdir -p "$dir/cli-config"
echo '{}' > "$dir/daemon.json"

flags=(
    --config-file "$dir/daemon.json"
    --storage-driver vfs
    --data-root "$dir/data"
    --exec-root "$dir/x"
    --pidfile "$pidfile"
    --host "unix://$socket"
)
if $bridge_none; then
    flags+=(--bridge none --iptables=false --ip-forward=false)
elif [ -e /sys/class/net/docker0 ]; then
    echo "note: docker0 already exists (another dockerd?); if startup fails, rerun with --bridge-none" >&2
fi

setsid dockerd "${flags[@]}" >>"$dir/dockerd.log" 2>&1 < /dev/null &
for _ in $(seq 1 300); do
    if pings; then
        print_usage_hint
        exit 0
    fi
    if [ -z "$(running_pid)" ] && [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
echo "dev-dockerd.sh: dockerd did not answer /_ping within 60 s; last log lines ($dir/dockerd.log):" >&2
tail -n 30 "$dir/dockerd.log" >&2
exit 1
