#!/usr/bin/env bash
# Imports the integration tests' image, sockguard-test/busybox:latest, into a docker daemon. Nothing is pulled:
# the image is the host's static busybox plus one symlink per applet, with PATH=/bin and CMD ["sh"].
#
#   scripts/make-test-image.sh [--host unix:///path/docker.sock] [--name IMAGE] [--force]   import (idempotent)
#   scripts/make-test-image.sh remove [--host ...] [--name IMAGE]                           remove the image
#
# --host defaults to $DOCKER_HOST, else the private daemon of scripts/dev-dockerd.sh. The test harness
# (Sources/SockguardTestSupport) does the same thing for its own daemon, so `swift test` does not need this.
# Needs busybox-static: `apt-get install -y docker.io busybox-static`.
set -euo pipefail

command=import
host=${DOCKER_HOST:-unix:///tmp/sockguard-dockerd/docker.sock}
name=sockguard-test/busybox:latest
force=false
while [ $# -gt 0 ]; do
    case "$1" in
        import|remove|stop) command=$1 ;;
        --host|-H) host=${2:?--host needs a value}; shift ;;
        --host=*) host=${1#--host=} ;;
        --name) name=${2:?--name needs a value}; shift ;;
        --force) force=true ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "make-test-image.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if [ -x /usr/local/bin/docker ]; then docker=/usr/local/bin/docker; else docker=$(command -v docker || true); fi
if [ -z "$docker" ]; then
    echo "make-test-image.sh: no docker CLI; install it with: apt-get install -y docker.io" >&2
    exit 1
fi
export DOCKER_HOST=$host
if ! "$docker" version >/dev/null 2>&1; then
    echo "make-test-image.sh: no daemon answers at $host; start one with scripts/dev-dockerd.sh" >&2
    exit 1
fi

case "$command" in
remove|stop)
    "$docker" image rm "$name" >/dev/null 2>&1 && echo "removed $name" || echo "$name not present"
    exit 0
    ;;
esac

if ! $force && "$docker" image inspect "$name" >/dev/null 2>&1; then
    echo "$name already present on $host"
    exit 0
fi

busybox=
for candidate in /bin/busybox /usr/bin/busybox /usr/sbin/busybox /sbin/busybox; do
    [ -x "$candidate" ] || continue
    # A dynamically linked busybox would not run in an image with no libc; `ldd` fails on static binaries.
    if ! ldd "$candidate" >/dev/null 2>&1; then
        busybox=$candidate
        break
    fi
done
if [ -z "$busybox" ]; then
    echo "make-test-image.sh: no static busybox found; install it with: apt-get install -y busybox-static" >&2
    exit 1
fi

work=$(mktemp -d /tmp/sgimg-XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,tmp,etc,proc,sys,dev,root}
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
tar -C "$rootfs" -cf "$work/rootfs.tar" .
"$docker" import --change 'ENV PATH=/bin' --change 'CMD ["sh"]' "$work/rootfs.tar" "$name" >/dev/null
echo "imported $name into $host"
