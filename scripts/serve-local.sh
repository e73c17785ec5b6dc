#!/usr/bin/env bash
# Builds sockguard (release) and runs it in front of the local Docker daemon on the safe default:
# listen on 127.0.0.1:2375, allow only /_ping, /version and /events, deny everything else.
#
#   scripts/serve-local.sh [sockguard serve flags...]      e.g. -c my.yaml, --listen-socket /tmp/sg.sock
#
# The daemon socket is $SOCKGUARD_UPSTREAM_SOCKET, else /var/run/docker.sock. With no daemon there, this says
# how to start a private one (scripts/dev-dockerd.sh) and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

upstream=${SOCKGUARD_UPSTREAM_SOCKET:-/var/run/docker.sock}
if ! curl -fsS -m 3 --unix-socket "$upstream" http://docker/_ping >/dev/null 2>&1; then
    cat >&2 <<MSG
serve-local.sh: no Docker daemon answers on $upstream.
Start a private one (needs root and 'apt-get install -y docker.io busybox-static'):
    scripts/dev-dockerd.sh start --bridge-none
then run:
    SOCKGUARD_UPSTREAM_SOCKET=/tmp/sockguard-dockerd/docker.sock scripts/serve-local.sh
MSG
    exit 1
fi

binary=$(scripts/build-release.sh)
export SOCKGUARD_UPSTREAM_SOCKET=$upstream
echo "sockguard: try it with DOCKER_HOST=tcp://127.0.0.1:2375 docker version" >&2
exec "$binary" serve "$@"
