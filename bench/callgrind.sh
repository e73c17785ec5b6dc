#!/usr/bin/env bash
# What one proxied request costs in instructions, measured with valgrind's callgrind (repeatable on a shared
# machine, where requests/s are not): the proxy runs under callgrind in front of nginx, one keep-alive connection
# sends N1 and then, in a second run, N2 requests, and the difference of the two totals divided by N2 - N1 is the
# cost of one request, start-up and shutdown cancelled out.
#
#   bench/callgrind.sh [BINARY]        N1=500 N2=1500 (default BINARY: scripts/build-release.sh's)
#
# Scenarios: allow (GET /_ping forwarded), deny (GET /v1.41/secrets, refused by the proxy), each with the access
# log off and on (to a file). Prints a table; KEEP=1 keeps the callgrind.out files in the work directory for
# callgrind_annotate. Needs valgrind, nginx-light, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
N1=${N1:-500}
N2=${N2:-1500}
for tool in valgrind nginx python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y valgrind nginx-light python3" >&2; exit 1; }
done
SOURCE=${1:-$(scripts/build-release.sh)}
W=$(mktemp -d /tmp/sgcg.XXXX)
# Valgrind 3.19 cannot read the DWARF 5 debug info Swift 6 writes: measure a copy without it (symbols stay).
BINARY=$W/sockguard
strip --strip-debug -o "$BINARY" "$SOURCE"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] || rm -rf "$W"; }
trap cleanup EXIT INT TERM

# shellcheck source=bench/mock-nginx.sh
source bench/mock-nginx.sh  # the scripts run from the repository root
mock_nginx_conf "$W"
nginx -p "$W" -c "$W/nginx.conf" & pids+=($!)

# client PORT PATH COUNT: COUNT requests, one after the other, on one keep-alive connection.
cat >"$W/client.py" <<'PY'
import socket, sys
port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port))
request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
buffer = b""
for _ in range(count):
    s.sendall(request)
    while b"\r\n\r\n" not in buffer:
        buffer += s.recv(65536)
    head, buffer = buffer.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(buffer) < length:
        buffer += s.recv(65536)
    buffer = buffer[length:]
s.close()
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# instructions LOG PATH COUNT: the proxy's total instruction count for COUNT requests to PATH.
instructions() {
    local log=$1 path=$2 count=$3 port out pid
    port=$(free_port)
    cat >"$W/sg.yaml" <<YAML
listen: { address: "127.0.0.1:$port" }
upstream: { socket: $W/ng.sock }
health: { enabled: false }
log: { access_log: $log, output: $W/access.log }
rules:
  - match: { method: "GET,HEAD", path: "/_ping" }
    action: allow
  - match: { method: "*", path: "/**" }
    action: deny
YAML
    out="$W/callgrind.out.$log.${path//\//_}.$count"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$BINARY" serve -c "$W/sg.yaml" >"$W/sg.log" 2>&1 &
    pid=$!
    for _ in $(seq 600); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)).close()" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || { cat "$W/sg.log" >&2; exit 1; }
        sleep 0.1
    done
    python3 "$W/client.py" "$port" "$path" "$count"
    kill -INT "$pid"
    wait "$pid" || true
    awk '/^summary:/ { print $2 }' "$out"
}

echo "| scenario | instructions per request |"
echo "|---|---:|"
for log in false true; do
    for path in /_ping /v1.41/secrets; do
        a=$(instructions "$log" "$path" "$N1")
        b=$(instructions "$log" "$path" "$N2")
        name=$([ "$path" = /_ping ] && echo "allow GET /_ping" || echo "deny GET /v1.41/secrets")
        echo "| $name, access log $([ "$log" = true ] && echo on || echo off) | $(( (b - a) / (N2 - N1) )) |"
    done
done
