#!/usr/bin/env bash
# bench/soak.sh: holds the proxy under a long mixed load against a private real dockerd and checks that its memory
# and file descriptors come back to their level after warm-up (within 10%) and that no request got an answer other
# than its expected one. Loopback only, bounded in time; everything started here is stopped on exit.
#
#   bench/soak.sh                      REQUESTS=1000000 EXECS=1000 LOGS=1000 CONNECTIONS=4 SOCKGUARD_BIN=...
#
# Load: wrk with bench/soak.lua (allowed, denied, redacted answers, inspected bodies allowed and refused) in 30 s
# rounds until REQUESTS answers, then EXECS hijacked `docker exec -i` sessions (stdin echoed back and checked) and
# LOGS `docker logs -f` streams opened, read and closed. RSS and open descriptors are sampled every second into
# $WORKDIR/samples.csv. Needs root, dockerd, wrk, busybox-static (apt-get install -y docker.io wrk busybox-static).
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${REQUESTS:-1000000}
EXECS=${EXECS:-1000}
LOGS=${LOGS:-1000}
CONNECTIONS=${CONNECTIONS:-4}
PARALLEL=${PARALLEL:-4}
TOLERANCE=${TOLERANCE:-10}
SOCKGUARD_BIN=${SOCKGUARD_BIN:-$(scripts/build-release.sh)}
WORKDIR=$(mktemp -d /tmp/sgsoak.XXXX)
DOCKERD_DIR=$WORKDIR/d
PORT=${PORT:-23950}
log() { echo "soak: $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    # A network's bridge outlives its daemon: remove it while the daemon runs.
    docker rm -f soak-target >/dev/null 2>&1 || true
    docker network rm soak-net >/dev/null 2>&1 || true
    scripts/dev-dockerd.sh stop --dir "$DOCKERD_DIR" --purge >/dev/null 2>&1 || true
    log "work directory (logs, samples): $WORKDIR"
}
trap cleanup EXIT

for tool in wrk dockerd curl; do command -v "$tool" >/dev/null || fail "$tool is missing (see the header)"; done
scripts/dev-dockerd.sh start --dir "$DOCKERD_DIR" --bridge-none >/dev/null
export DOCKER_HOST=unix://$DOCKERD_DIR/docker.sock DOCKER_CONFIG=$DOCKERD_DIR/cli-config DOCKER_CLI_HINTS=false
scripts/make-test-image.sh --host "$DOCKER_HOST" >/dev/null
image=sockguard-test/busybox:latest
docker run -d --name soak-target --network none -e SOAK_SECRET=do-not-leak -v /etc:/host-etc:ro "$image" \
    sh -c 'while true; do echo tick; sleep 0.2; done' >/dev/null
docker network create --internal soak-net >/dev/null

cat >"$WORKDIR/sockguard.yaml" <<EOF
listen: { address: "127.0.0.1:$PORT" }
upstream: { socket: "$DOCKERD_DIR/docker.sock" }
log: { access_log: true, format: json }
response: { deny_verbosity: verbose }
insecure_allow_read_exfiltration: true
request_body:
  exec: { allowed_commands: [["cat"]], allow_root_user: true }
rules:
  - match: { method: "GET,HEAD", path: "/_ping" }
    action: allow
  - match: { method: GET, path: "/version" }
    action: allow
  - match: { method: GET, path: "/containers/**" }
    action: allow
  - match: { method: POST, path: "/containers/create" }
    action: allow
  - match: { method: POST, path: "/networks/create" }
    action: allow
  - match: { method: POST, path: "/containers/*/exec" }
    action: allow
  - match: { method: POST, path: "/exec/*/start" }
    action: allow
  - match: { method: "GET,POST", path: "/exec/*/*" }
    action: allow
  - match: { method: POST, path: "/containers/*/attach" }
    action: allow
  - match: { method: POST, path: "/containers/*/wait" }
    action: allow
EOF
env -u SOCKGUARD_BIN "$SOCKGUARD_BIN" serve -c "$WORKDIR/sockguard.yaml" >"$WORKDIR/access.log" 2>"$WORKDIR/proxy.err" &
proxy=$!
pids+=("$proxy")
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/_ping" >/dev/null && break; sleep 0.05; done
curl -sf "http://127.0.0.1:$PORT/_ping" >/dev/null || fail "the proxy did not answer: $(tail -5 "$WORKDIR/proxy.err")"
PROXY_HOST=tcp://127.0.0.1:$PORT

sample() { # RSS in KiB and open descriptors of the proxy, one CSV line per second
    echo "seconds,rss_kib,fds,phase" >"$WORKDIR/samples.csv"
    local start; start=$(date +%s)
    while kill -0 "$proxy" 2>/dev/null; do
        local rss fds
        rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$proxy/status" 2>/dev/null || echo 0)
        fds=$(find "/proc/$proxy/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
        echo "$(($(date +%s) - start)),$rss,$fds,$(cat "$WORKDIR/phase" 2>/dev/null)" >>"$WORKDIR/samples.csv"
        sleep 1
    done
}
echo warmup >"$WORKDIR/phase"
sample &
pids+=("$!")

wrk_round() { # wrk_round SECONDS: one round of mixed load; adds its answers to $answered, fails on a surprise
    local out=$WORKDIR/wrk.out
    wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"$1s" -s bench/soak.lua "http://127.0.0.1:$PORT" >"$out" 2>&1 || true
    local got bad
    got=$(awk '/^soak-answered/ { print $2 }' "$out")
    bad=$(awk '/^soak-unexpected/ { print $2 }' "$out")
    [ -n "$got" ] || fail "wrk gave no summary: $(cat "$out")"
    [ "$bad" = 0 ] || fail "$bad answers were not the expected ones: $(grep soak-status "$out" | tr '\n' ' ')"
    if grep -q "Socket errors" "$out"; then fail "wrk saw socket errors: $(grep 'Socket errors' "$out")"; fi
    answered=$((answered + got))
    wrk_seconds=$((wrk_seconds + $1))
    grep soak-status "$out" | sort >"$WORKDIR/last-statuses"
}

answered=0
wrk_seconds=0
wrk_round 10
sleep 2
baseline_rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$proxy/status")
baseline_fds=$(find "/proc/$proxy/fd" -mindepth 1 -maxdepth 1 | wc -l)
log "after warm-up ($answered requests): RSS $baseline_rss KiB, $baseline_fds descriptors"

echo requests >"$WORKDIR/phase"
started=$(date +%s)
while [ "$answered" -lt "$REQUESTS" ]; do
    wrk_round 30
    log "$answered requests answered as expected ($(($(date +%s) - started)) s)"
done

echo exec >"$WORKDIR/phase"
exec_one() {
    local got
    got=$(echo "soak-$1" | docker -H "$PROXY_HOST" exec -i soak-target cat 2>&1) || { echo "exec $1: $got"; return 1; }
    [ "$got" = "soak-$1" ] || { echo "exec $1 echoed: $got"; return 1; }
}
export -f exec_one
export PROXY_HOST
started=$(date +%s)
seq 1 "$EXECS" | xargs -P "$PARALLEL" -I{} bash -c 'exec_one {}' >"$WORKDIR/exec.err" 2>&1 \
    || fail "exec -i sessions failed: $(head -3 "$WORKDIR/exec.err")"
log "$EXECS exec -i sessions echoed their input ($(($(date +%s) - started)) s)"

echo logs >"$WORKDIR/phase"
logs_one() {
    local line
    line=$(timeout 10 docker -H "$PROXY_HOST" logs -f --tail 1 soak-target 2>&1 | head -n 1) || true
    [ "$line" = tick ] || { echo "logs -f $1 read: $line"; return 1; }
}
export -f logs_one
started=$(date +%s)
seq 1 "$LOGS" | xargs -P "$PARALLEL" -I{} bash -c 'logs_one {}' >"$WORKDIR/logs.err" 2>&1 \
    || fail "logs -f streams failed: $(head -3 "$WORKDIR/logs.err")"
log "$LOGS logs -f streams read and closed ($(($(date +%s) - started)) s)"

echo settle >"$WORKDIR/phase"
# Streams closed by the client end on the proxy's side when the daemon's next write fails: give them a moment.
for _ in $(seq 1 30); do
    fds=$(find "/proc/$proxy/fd" -mindepth 1 -maxdepth 1 | wc -l)
    [ "$fds" -le $((baseline_fds + baseline_fds * TOLERANCE / 100)) ] && break
    sleep 1
done
final_rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$proxy/status")
final_fds=$(find "/proc/$proxy/fd" -mindepth 1 -maxdepth 1 | wc -l)
peak_rss=$(awk -F, 'NR > 1 && $2 > max { max = $2 } END { print max }' "$WORKDIR/samples.csv")
peak_fds=$(awk -F, 'NR > 1 && $3 > max { max = $3 } END { print max }' "$WORKDIR/samples.csv")
kill -0 "$proxy" || fail "the proxy exited: $(tail -5 "$WORKDIR/proxy.err")"
errors=$(cat "$WORKDIR/access.log" "$WORKDIR/proxy.err" | grep -c -i '"level":"error"' || true)

cat <<EOF
soak: $answered mixed requests in $wrk_seconds s ($((answered / wrk_seconds)) /s, $CONNECTIONS connections), $EXECS exec -i, $LOGS logs -f
soak: last round's statuses: $(awk '{ print $2 "=" $3 }' "$WORKDIR/last-statuses" | tr '\n' ' ')
soak: RSS     after warm-up $baseline_rss KiB, peak $peak_rss KiB, at the end $final_rss KiB
soak: fds     after warm-up $baseline_fds, peak $peak_fds, at the end $final_fds
soak: error lines in the proxy's logs: $errors
EOF
limit_rss=$((baseline_rss + baseline_rss * TOLERANCE / 100))
limit_fds=$((baseline_fds + baseline_fds * TOLERANCE / 100))
[ "$final_rss" -le "$limit_rss" ] || fail "RSS ended at $final_rss KiB, over $limit_rss (warm-up + $TOLERANCE%)"
[ "$final_fds" -le "$limit_fds" ] || fail "descriptors ended at $final_fds, over $limit_fds (warm-up + $TOLERANCE%)"
[ "$errors" = 0 ] || fail "the proxy logged $errors errors"
log "PASS"
