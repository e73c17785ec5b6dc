#!/usr/bin/env bash
# Builds sockguard (release) and runs it in front of the local Docker daemon on the safe default:
# listen on 127.0.0.1:2375, allow only /_ping, /version and /events, deny everything else.
#
#   scripts/serve-local.sh [sockguard serve flags...]      e.g. -c my.yaml, --listen-socket /tmp/sg.sock
#
# The daemon socket is $SOCKGUARD_UPSTREAM_SOCKET, else /var/run/docker.sock. When no daemon answers there (and
# SOCKGUARD_UPSTREAM_SOCKET is not set), it starts the private one from scripts/dev-dockerd.sh (root and docker.io
# needed), says so, and serves in front of that.
set -euo pipefail
cd "$(dirname "$0")/.."

answers() { curl -fsS -m 3 --unix-socket "$1" http://docker/_ping >/dev/null 2>&1; }

upstream=${SOCKGUARD_UPSTREAM_SOCKET:-/var/run/docker.sock}
if ! answers "$upstream"; then
    private_dir=/tmp/sockguard-dockerd
    if [ -n "${SOCKGUARD_UPSTREAM_SOCKET:-}" ]; then
        echo "serve-local.sh: no Docker daemon answers on $upstream (SOCKGUARD_UPSTREAM_SOCKET)." >&2
        exit 1
    fi
    why=
    if [ "$(id -u)" != 0 ]; then
        why="it needs root"
    elif ! command -v dockerd >/dev/null 2>&1; then
        why="dockerd is not installed: apt-get install -y docker.io busybox-static"
    fi
    if [ -n "$why" ]; then
        echo "serve-local.sh: no Docker daemon answers on $upstream, and a private one cannot start here ($why)." >&2
        echo "Start one, then run this again with SOCKGUARD_UPSTREAM_SOCKET pointing at its socket." >&2
        exit 1
    fi
    echo "serve-local.sh: no Docker daemon answers on $upstream; starting a private one (scripts/dev-dockerd.sh," >&2
    echo "data in $private_dir; stop it with: scripts/dev-dockerd.sh stop)" >&2
    scripts/dev-dockerd.sh start --dir "$private_dir" --bridge-none >&2
    upstream=$private_dir/docker.sock
fi

binary=$(scripts/build-release.sh)
export SOCKGUARD_UPSTREAM_SOCKET=$upstream
echo "sockguard: try it with DOCKER_HOST=tcp://127.0.0.1:2375 docker version" >&2
exec "$binary" serve "$@"
