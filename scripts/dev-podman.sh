#!/usr/bin/env bash
# Starts (or stops) a private rootful Podman API service for developing and testing sockguard against Podman:
# one unix socket that speaks both the Docker-compatible API and libpod (/v4.x/libpod/...).
#
#   scripts/dev-podman.sh [start] [--dir DIR]   start it (idempotent); prints the socket path on stdout
#   scripts/dev-podman.sh stop [--dir DIR]      remove its containers and stop it
#   scripts/dev-podman.sh status [--dir DIR]    exit 0 (and print the socket) if it answers /_ping
#
# DIR defaults to /tmp/sockguard-podman; keep it short (unix socket paths are limited to 108 bytes). Everything
# lives under DIR: storage (vfs), runtime state, events and locks (files, no systemd), networks, the service log.
# The host's /etc/containers and /var/lib/containers are not used.
#
# It imports a busybox image from the static busybox binary as localhost/busybox:1 (and :latest): no registry
# is needed. Needs root, podman, catatonit (pods) and busybox-static: `apt-get install -y podman catatonit busybox-static`.
#
# Containers get nofile/nproc limits the service itself holds (soft = hard): without CAP_SYS_RESOURCE Podman's
# default of 1048576 cannot be granted and every container start fails.
set -euo pipefail

command=start
dir=/tmp/sockguard-podman
while [ $# -gt 0 ]; do
    case "$1" in
        start | stop | status) command=$1 ;;
        --dir) dir=$2; shift ;;
        *) echo "usage: $0 [start|stop|status] [--dir DIR]" >&2; exit 2 ;;
    esac
    shift
done

say() { echo "dev-podman: $*" >&2; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
socket="$dir/podman.sock"
pidfile="$dir/service.pid"
image=localhost/busybox:1
export CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_STORAGE_CONF="$dir/storage.conf"

answers() { curl -sf --max-time 2 --unix-socket "$socket" http://podman/_ping >/dev/null 2>&1; }
podman_here() { podman --url "unix://$socket" "$@"; }

# The service's pid, if the recorded one is still this directory's service.
running_pid() {
    local pid
    pid=$(cat "$pidfile" 2>/dev/null) || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "unix://$socket" || return 1
    echo "$pid"
}

smallest() {
    local result=$1 value
    shift
    for value in "$@"; do
        if [[ $value =~ ^[0-9]+$ ]] && [ "$value" -lt "$result" ]; then result=$value; fi
    done
    echo "$result"
}

configure() {
    local nofile nproc
    nofile=$(smallest 1048576 "$(ulimit -Hn)" "$(cat /proc/sys/fs/nr_open)")
    nproc=$(smallest 32768 "$(ulimit -Hu)" "$(cat /proc/sys/kernel/pid_max)")
    mkdir -p "$dir/storage" "$dir/run" "$dir/tmp" "$dir/networks"
    printf '[storage]\ndriver = "vfs"\nrunroot = "%s/run"\ngraphroot = "%s/storage"\n' "$dir" "$dir" >"$dir/storage.conf"
    cat >"$dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$dir/events.log"
lock_type = "file"
tmp_dir = "$dir/tmp"
static_dir = "$dir/storage/libpod"
volume_path = "$dir/storage/volumes"
image_copy_tmp_dir = "$dir/tmp"
exit_command_delay = 10
[network]
network_config_dir = "$dir/networks"
CONF
    echo "$nofile $nproc" >"$dir/limits"
}

import_image() {
    podman_here image exists "$image" && return 0
    local busybox root="$dir/image-root" applet
    busybox=$(command -v busybox || true)
    [ -n "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 || busybox=/bin/busybox
    rm -rf "$root"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,var}
    cp "$busybox" "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list-full); do
        [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
    done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
    echo 'root:x:0:' >"$root/etc/group"
    chmod 1777 "$root/tmp"
    tar -C "$root" -cf "$dir/image.tar" .
    podman_here import --change 'CMD ["/bin/sh"]' "$dir/image.tar" "$image" >/dev/null
    podman_here tag "$image" localhost/busybox:latest
    rm -rf "$root" "$dir/image.tar"
    say "imported $image"
}

start() {
    command -v podman >/dev/null || { say "podman is not installed: apt-get install -y podman"; exit 1; }
    exec 9>"$dir/.lock"
    flock 9
    if running_pid >/dev/null && answers; then
        import_image
        echo "$socket"
        return
    fi
    if running_pid >/dev/null; then stop_service; fi
    configure
    rm -f "$socket" "$pidfile"
    local nofile nproc started=$SECONDS attempt
    read -r nofile nproc <"$dir/limits"
    (ulimit -n "$nofile" && ulimit -u "$nproc" && cd / &&
        exec setsid podman system service --time=0 "unix://$socket") </dev/null >"$dir/service.log" 2>&1 9>&- &
    echo $! >"$pidfile"
    for attempt in $(seq 1 600); do
        answers && break
        kill -0 "$(cat "$pidfile")" 2>/dev/null || { say "the service exited:"; cat "$dir/service.log" >&2; exit 1; }
        sleep 0.1
    done
    answers || { say "no answer to /_ping after 60 s; see $dir/service.log"; exit 1; }
    say "service $(cat "$pidfile") answers after $((SECONDS - started)) s"
    import_image
    echo "$socket"
}

stop_service() {
    local pid attempt
    if pid=$(running_pid); then
        if answers; then podman_here rm --all --force --time 0 >/dev/null 2>&1 || true; fi
        kill "$pid" 2>/dev/null || true
        for attempt in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        say "stopped service $pid"
    fi
    # conmon processes of this instance's containers and exec sessions (their bundle path is under DIR).
    local proc
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/exe" 2>/dev/null)" != "" ] || continue
        case "$(readlink "$proc/exe")" in */conmon) ;; *) continue ;; esac
        if tr '\0' '\n' <"$proc/cmdline" 2>/dev/null | grep -q "^$dir/"; then kill -KILL "${proc#/proc/}" 2>/dev/null || true; fi
    done
    # Mounts left under DIR (container shm).
    awk -v prefix="$dir/" 'index($2, prefix) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r mount; do
        umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
    done
    rm -f "$pidfile" "$socket"
}

case "$command" in
    start) start ;;
    stop) exec 9>"$dir/.lock"; flock 9; stop_service ;;
    status) running_pid >/dev/null && answers && echo "$socket" ;;
esac
