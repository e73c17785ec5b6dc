#!/usr/bin/env bash
# What operating sockguard costs: the same policy with metrics, the access log and the audit log all on, against
# all three off, on the nginx mock (so the proxy, not the daemon, is the bottleneck). Two instances run side by
# side and are measured alternately, ROUNDS times; the medians are compared. Target (the operations issue):
# the allow path loses at most 5%.
#
#   bench/observability.sh        DURATION=10s CONNECTIONS=10 ROUNDS=3 SOCKGUARD_BIN=... (default: build-release)
#
# wrk runs on CPU 0 and the proxies and nginx on the others when there are at least two (taskset), as in
# bench/run.sh. Prints a table and appends it to bench/results/<UTC>-observability.md. Needs nginx-light and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-10}
ROUNDS=${ROUNDS:-3}
for tool in nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y nginx-light wrk curl" >&2; exit 1; }
done
SOCKGUARD_BIN=${SOCKGUARD_BIN:-$(scripts/build-release.sh)}
W=$(mktemp -d /tmp/sgo.XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
client=() server=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    client=(taskset -c 0) server=(taskset -c "1-$(( $(nproc) - 1 ))")
fi

# shellcheck source=bench/mock-nginx.sh
source bench/mock-nginx.sh  # the scripts run from the repository root
mock_nginx_conf "$W"
"${server[@]}" nginx -p "$W" -c "$W/nginx.conf" & pids+=($!)

start() {  # start NAME EXTRA_YAML; sets PORT
    local name=$1 extra=$2 port; port=$(free_port)
    cat >"$W/$name.yaml" <<YAML
listen: { address: "127.0.0.1:$port" }
upstream: { socket: $W/ng.sock }
health: { enabled: false }
$extra
rules:
  - match: { method: "GET,HEAD", path: "/_ping" }
    action: allow
  - match: { method: "*", path: "/**" }
    action: deny
YAML
    # SOCKGUARD_BIN is this script's setting: sockguard refuses SOCKGUARD_* variables it does not know.
    "${server[@]}" env -u SOCKGUARD_BIN "$SOCKGUARD_BIN" serve -c "$W/$name.yaml" >"$W/$name.out" 2>"$W/$name.err" & pids+=($!)
    for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/_ping" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fs "http://127.0.0.1:$port/_ping" >/dev/null || { echo "sockguard ($name) did not start:" >&2; cat "$W/$name.err" >&2; exit 1; }
    PORT=$port
}
start off "log: { access_log: false }"
off=$PORT
all_on="log: { access_log: true, output: $W/access.log, audit: { enabled: true, output: $W/audit.jsonl } }
metrics: { enabled: true }"
start on "${ON_YAML:-$all_on}"
on=$PORT

rps() {  # rps PORT PATH
    "${client[@]}" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$1$2" | awk '/^Requests\/sec:/ { print $2 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for port in "$off" "$on"; do rps "$port" /_ping >/dev/null; done   # warm-up
declare -A runs=()
for ((r = 1; r <= ROUNDS; r++)); do
    for path in /_ping /v1.41/secrets; do
        for name in off on; do
            port=$off; [ "$name" = on ] && port=$on
            runs[$name$path]+="$(rps "$port" "$path") "
        done
    done
done
row() {  # row PATH LABEL
    local a b; a=$(tr ' ' '\n' <<<"${runs[off$1]}" | grep . | median); b=$(tr ' ' '\n' <<<"${runs[on$1]}" | grep . | median)
    echo "| $2 | ${runs[off$1]}| ${runs[on$1]}| $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f (%+.1f%%)", b / a, (b / a - 1) * 100 }') |"
}
lines=0; [ -f "$W/audit.jsonl" ] && lines=$(wc -l <"$W/audit.jsonl")
report=$(cat <<MD
# metrics + access log + audit log: cost $(date -u +%Y-%m-%dT%H:%MZ)

wrk -t1 -c$CONNECTIONS -d$DURATION, nginx mock on a unix socket, $ROUNDS alternated rounds (req/s of each round).
"on" writes every request to the access log and the audit log (files) and counts it in the metrics.

| request | off (req/s) | on (req/s) | on/off (median) |
|---|---|---|---|
$(row /_ping "allow: GET /_ping")
$(row /v1.41/secrets "deny: GET /v1.41/secrets")

Audit events written: $lines; dropped: $(curl -fs "http://127.0.0.1:$on/metrics" | awk '/^sockguard_audit_events_dropped_total/ { print $2 }' || true).
MD
)
echo "$report"
mkdir -p bench/results
echo "$report" >>"bench/results/$(date -u +%Y%m%dT%H%M%SZ)-observability.md"
