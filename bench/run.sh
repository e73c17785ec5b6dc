#!/usr/bin/env bash
# sockguard benchmark: direct vs HAProxy (Tecnativa's docker-socket-proxy config) vs sockguard,
# against a fast fake upstream (nginx on a unix socket) and a private real dockerd.
# See bench/README.md. Loopback only; every run is time-bounded; every process started here
# is stopped on exit (including Ctrl-C).
set -uo pipefail
export PATH="$PATH:/usr/sbin:/sbin"   # nginx, haproxy and dockerd live in sbin

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)

# ---------------------------------------------------------------- options
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-10}
THREADS=${THREADS:-1}
REPEAT=${REPEAT:-1}
WARMUP=${WARMUP:-2s}
ONLY=${ONLY:-direct,haproxy,sockguard}
UPSTREAMS=${UPSTREAMS:-nginx,dockerd}
DOCKER_SOCK=${DOCKER_SOCK:-}
DOCKER_TCP=${DOCKER_TCP:-}
DOCKER_CONTAINERS=${DOCKER_CONTAINERS:-4}
HAPROXY_CFG=${HAPROXY_CFG:-/work/shared/peer-configs/tecnativa/haproxy.cfg}
HAPROXY_LOG_LEVEL=${HAPROXY_LOG_LEVEL:-notice}
HAPROXY_ERRORS=${HAPROXY_ERRORS:-/etc/haproxy/errors}
SOCKGUARD_BIN=${SOCKGUARD_BIN:-}
NO_BUILD=${NO_BUILD:-0}
KEEP_WORKDIR=${KEEP_WORKDIR:-0}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}

usage() {
  cat <<EOF
usage: bench/run.sh [--only direct,haproxy,sockguard] [--upstreams nginx,dockerd]
                    [--duration 10s] [--connections 10] [--repeat 1] [--keep]

Environment (same meaning as the flags, plus):
  DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS WARMUP=$WARMUP
  REPEAT=$REPEAT  runs per measurement (interleaved across targets; the report shows the median)
  SOCKGUARD_BIN   sockguard binary (default: \$REPO/.build/release/sockguard, built with
                  scripts/build-release.sh if missing unless NO_BUILD=1)
  DOCKER_SOCK     use this dockerd socket instead of starting a private dockerd
  DOCKER_TCP      host:port where that dockerd also listens on TCP ("direct"); without it the
                  dockerd direct column is skipped
  DOCKER_CONTAINERS  containers created (not started) in the private dockerd (default 4)
  HAPROXY_CFG     Tecnativa haproxy.cfg (default $HAPROXY_CFG)
  HAPROXY_LOG_LEVEL  haproxy LOG_LEVEL (default notice = no per-request log, like sockguard's
                  access_log: false; Tecnativa's image default is info)
  KEEP_WORKDIR=1  keep the /tmp work directory (configs, logs)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY=$2; shift 2 ;;
    --only=*) ONLY=${1#*=}; shift ;;
    --upstreams) UPSTREAMS=$2; shift 2 ;;
    --upstreams=*) UPSTREAMS=${1#*=}; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --duration=*) DURATION=${1#*=}; shift ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --connections=*) CONNECTIONS=${1#*=}; shift ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --repeat=*) REPEAT=${1#*=}; shift ;;
    --keep) KEEP_WORKDIR=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

has() { case ",$1," in *",$2,"*) return 0 ;; *) return 1 ;; esac; }
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive integer"
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive integer"
for t in ${ONLY//,/ }; do
  case $t in direct|haproxy|sockguard) ;; *) die "--only: unknown target '$t'" ;; esac
done
for u in ${UPSTREAMS//,/ }; do
  case $u in nginx|dockerd) ;; *) die "--upstreams: unknown upstream '$u'" ;; esac
done

# ---------------------------------------------------------------- prerequisites
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$1 (apt: $2)"); }
need wrk wrk
need curl curl
need ss iproute2
need pgrep procps
need awk mawk
has "$UPSTREAMS" nginx && need nginx nginx-light
has "$ONLY" haproxy && need haproxy haproxy
if has "$UPSTREAMS" dockerd && [ -z "$DOCKER_SOCK" ]; then
  need dockerd docker.io
  need busybox busybox-static
  [ "$(id -u)" = 0 ] || missing+=("root (a private dockerd needs root; or set DOCKER_SOCK)")
fi
if has "$ONLY" haproxy; then
  [ -r "$HAPROXY_CFG" ] || missing+=("$HAPROXY_CFG (Tecnativa haproxy.cfg; set HAPROXY_CFG)")
  [ -r "$HAPROXY_ERRORS/403.http" ] || missing+=("$HAPROXY_ERRORS/*.http (apt: haproxy; set HAPROXY_ERRORS)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "missing prerequisites:"
  for m in "${missing[@]}"; do log "  - $m"; done
  log "on Debian: apt-get install -y haproxy wrk nginx-light docker.io busybox-static curl iproute2 procps"
  exit 1
fi

if has "$ONLY" sockguard; then
  if [ -z "$SOCKGUARD_BIN" ]; then
    if [ "$NO_BUILD" = 1 ]; then
      SOCKGUARD_BIN=$REPO_DIR/.build/release/sockguard
    else
      command -v swift >/dev/null || die "no swift toolchain to build sockguard (set SOCKGUARD_BIN)"
      log "building sockguard: scripts/build-release.sh (in $REPO_DIR)"
      SOCKGUARD_BIN=$(cd "$REPO_DIR" && scripts/build-release.sh) || die "scripts/build-release.sh failed"
    fi
  fi
  [ -x "$SOCKGUARD_BIN" ] || die "sockguard binary not executable: $SOCKGUARD_BIN"
fi

# ---------------------------------------------------------------- process bookkeeping
W=$(mktemp -d /tmp/sgb.XXXX) || die "mktemp failed"
chmod 755 "$W"
PIDS=()          # every long-running process we started, in start order
DOCKERD_PID=
DOCKERD_KIDS=

stop_pid() {  # stop_pid PID [grace-seconds]
  local pid=$1 grace=${2:-5} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

stop_all() {
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[$i]}
    [ -n "$pid" ] || continue
    if [ "$pid" = "$DOCKERD_PID" ]; then
      DOCKERD_KIDS=$(pgrep -P "$pid" 2>/dev/null | tr '\n' ' ')
      stop_pid "$pid" 25
      for k in $DOCKERD_KIDS; do stop_pid "$k" 5; done   # its managed containerd
      DOCKERD_PID=
    else
      stop_pid "$pid" 5
    fi
    PIDS[i]=
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$CUR_PID" ] && stop_pid "$CUR_PID" 2
  stop_all
  if [ -d "$W" ]; then
    # dockerd may leave mounts under its exec/data root
    awk -v w="$W" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
      umount -l "$m" 2>/dev/null
    done
    if [ "$KEEP_WORKDIR" = 1 ]; then log "work directory kept: $W"; else rm -rf "$W"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

start_bg() {  # start_bg NAME CMD... ; sets LAST_PID
  local name=$1; shift
  "$@" >"$W/$name.out" 2>"$W/$name.err" </dev/null &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# Run a bounded foreground job (wrk) as a background child and wait for it: bash runs the
# INT/TERM traps during 'wait' at once, whereas a foreground wrk swallows Ctrl-C itself.
CUR_PID=
bg_wait() {  # bg_wait OUTFILE CMD...
  local out=$1 rc; shift
  "$@" >"$out" 2>&1 </dev/null &
  CUR_PID=$!
  wait "$CUR_PID"; rc=$?
  CUR_PID=
  return $rc
}

USED_PORTS=" "
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    case "$USED_PORTS" in *" $p "*) continue ;; esac
    if [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]; then
      USED_PORTS+="$p "
      echo "$p"
      return
    fi
  done
}

wait_http() {  # wait_http NAME PID TIMEOUT_S CURL_ARGS... ; succeeds on any HTTP response
  local name=$1 pid=$2 timeout=$3 i code; shift 3
  for ((i = 0; i < timeout * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { log "$name exited; stderr:"; tail -n 20 "$W/$name.err" >&2; return 1; }
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$@" 2>/dev/null)
    [ -n "$code" ] && [ "$code" != 000 ] && return 0
    sleep 0.1
  done
  log "$name not ready after ${timeout}s; stderr:"; tail -n 20 "$W/$name.err" >&2
  return 1
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo; }
haproxy_rss() {  # prints "worker_kib total_kib" for an haproxy -W master
  local master=$1 w total r
  total=$(rss_kib "$master"); w=
  for k in $(pgrep -P "$master"); do
    r=$(rss_kib "$k"); [ -n "$r" ] || continue
    w=$((${w:-0} + r)); total=$((${total:-0} + r))
  done
  echo "${w:-?} ${total:-?}"
}

# ---------------------------------------------------------------- upstreams
NGINX_SOCK=$W/ng.sock
start_nginx() {
  local port=$1; local www=$W/www
  mkdir -p "$www/containers" "$W/ngtmp"
  # ~2 KiB Docker-like container list
  {
    printf '['
    for i in 1 2 3; do
      [ "$i" = 1 ] || printf ','
      printf '{"Id":"%064d","Names":["/bench-%d"],"Image":"busybox:latest","ImageID":"sha256:%064d",' "$i" "$i" "$i"
      printf '"Command":"sh -c '"'"'sleep 3600'"'"'","Created":1700000000,"Ports":[],"Labels":{"com.example.bench":"%d"},' "$i"
      printf '"State":"running","Status":"Up 2 hours","HostConfig":{"NetworkMode":"none"},'
      printf '"NetworkSettings":{"Networks":{"none":{"NetworkID":"%064d","EndpointID":"","Gateway":"","IPAddress":""}}},' "$i"
      printf '"Mounts":[]}'
    done
    printf ']'
  } >"$www/containers/json"
  printf '{"Platform":{"Name":"fake"},"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}' >"$www/version"
  head -c $((16 * 1024 * 1024)) /dev/zero >"$www/stream16m"
  cp "$www/stream16m" "$www/containers/stream16m" 2>/dev/null || ln -f "$www/stream16m" "$www/containers/stream16m"
  cat >"$W/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $W/nginx.pid;
error_log $W/nginx.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $W/ngtmp/body;
  proxy_temp_path $W/ngtmp/proxy;
  fastcgi_temp_path $W/ngtmp/fastcgi;
  uwsgi_temp_path $W/ngtmp/uwsgi;
  scgi_temp_path $W/ngtmp/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  default_type application/json;
  server {
    listen unix:$NGINX_SOCK;
    listen 127.0.0.1:$port;
    root $www;
    rewrite ^/v[0-9.]+(/.*)\$ \$1 last;
    location = /_ping { default_type text/plain; return 200 "OK"; }
    location = /version { }
    location = /containers/json { }
    location = /stream16m { default_type application/octet-stream; }
    location = /containers/stream16m { default_type application/octet-stream; }
    location / { return 404 '{"message":"page not found"}'; }
  }
}
EOF
  start_bg nginx nginx -p "$W" -c "$W/nginx.conf"
  NGINX_PID=$LAST_PID
  wait_http nginx "$NGINX_PID" 10 "http://127.0.0.1:$port/_ping" || die "nginx did not start"
  wait_http nginx "$NGINX_PID" 5 --unix-socket "$NGINX_SOCK" "http://d/_ping" || die "nginx unix socket not ready"
}

start_dockerd() {  # start_dockerd PORT ; sets DOCKERD_SOCK
  local port=$1; local d=$W/d
  mkdir -p "$d/data" "$d/exec"
  echo '{}' >"$d/daemon.json"
  DOCKERD_SOCK=$d/docker.sock
  local args=(--config-file "$d/daemon.json" --storage-driver=vfs --data-root "$d/data"
              --exec-root "$d/exec" --pidfile "$d/pid" -H "unix://$DOCKERD_SOCK" --bridge=none
              --iptables=false --ip6tables=false)
  has "$ONLY" direct && args+=(-H "tcp://127.0.0.1:$port")
  log "starting private dockerd (${args[*]})"
  start_bg dockerd dockerd "${args[@]}"
  DOCKERD_PID=$LAST_PID
  # dockerd 20.10 delays start-up ~15s when it listens on TCP without TLS (deprecation notice)
  wait_http dockerd "$DOCKERD_PID" 90 --unix-socket "$DOCKERD_SOCK" "http://d/_ping" || die "dockerd did not start"
  if has "$ONLY" direct; then
    wait_http dockerd "$DOCKERD_PID" 30 "http://127.0.0.1:$port/_ping" || die "dockerd TCP listener not ready"
  fi
  seed_dockerd
}

seed_dockerd() {  # import a busybox image and create (not start) a few containers
  [ "$DOCKER_CONTAINERS" -gt 0 ] 2>/dev/null || return 0
  local r=$W/rootfs i
  mkdir -p "$r/bin"
  cp "$(command -v busybox)" "$r/bin/busybox"
  ln -sf busybox "$r/bin/sh"
  tar -C "$r" -cf "$W/rootfs.tar" . || die "tar failed"
  curl -sf --unix-socket "$DOCKERD_SOCK" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary "@$W/rootfs.tar" 'http://d/v1.41/images/create?fromSrc=-&repo=sgbench&tag=latest' \
    >"$W/import.out" || die "image import into private dockerd failed"
  for ((i = 1; i <= DOCKER_CONTAINERS; i++)); do
    curl -sf --unix-socket "$DOCKERD_SOCK" -X POST -H 'Content-Type: application/json' \
      -d "{\"Image\":\"sgbench:latest\",\"Cmd\":[\"/bin/sh\",\"-c\",\"sleep 3600\"],\"Labels\":{\"com.example.bench\":\"$i\"},\"HostConfig\":{\"NetworkMode\":\"none\"}}" \
      "http://d/v1.41/containers/create?name=sgbench-$i" >>"$W/create.out" || die "container create failed"
  done
  log "private dockerd seeded with $DOCKER_CONTAINERS created containers"
}

# ---------------------------------------------------------------- proxies
start_haproxy() {  # start_haproxy TAG PORT UPSTREAM_SOCK ; sets HAPROXY_PID
  local tag=$1 port=$2 sock=$3; local cfg=$W/haproxy-$tag.cfg
  : >"$W/haproxy-$tag.state"
  sed -e "s|\${BIND_CONFIG}|127.0.0.1:$port|" \
      -e "s|^\([[:space:]]*pidfile\) .*|\1 $W/haproxy-$tag.pid|" \
      -e "s|^\([[:space:]]*server-state-file\) .*|\1 $W/haproxy-$tag.state|" \
      -e "s|/usr/local/etc/haproxy/errors|$HAPROXY_ERRORS|" \
      "$HAPROXY_CFG" >"$cfg"
  grep -q "bind 127.0.0.1:$port" "$cfg" || die "could not render \${BIND_CONFIG} in $HAPROXY_CFG"
  # Tecnativa's section switches: allow what the sockguard config allows, deny the rest.
  start_bg "haproxy-$tag" env SOCKET_PATH="$sock" LOG_LEVEL="$HAPROXY_LOG_LEVEL" \
    PING=1 VERSION=1 CONTAINERS=1 SECRETS=0 POST=0 EVENTS=0 \
    haproxy -W -db -f "$cfg"
  HAPROXY_PID=$LAST_PID
  wait_http "haproxy-$tag" "$HAPROXY_PID" 10 "http://127.0.0.1:$port/_ping" || die "haproxy did not start"
}

start_sockguard() {  # start_sockguard TAG PORT UPSTREAM_SOCK ; sets SOCKGUARD_PID
  local tag=$1 port=$2 sock=$3; local cfg=$W/sockguard-$tag.yaml
  cat >"$cfg" <<EOF
listen: { address: "127.0.0.1:$port" }
upstream: { socket: $sock }
log: { access_log: false }
rules:
  - match: { method: "GET,HEAD", path: "/_ping" }
    action: allow
  - match: { method: "GET", path: "/containers/**" }
    action: allow
  - match: { method: "GET", path: "/stream16m" }
    action: allow
  - match: { method: "*", path: "/**" }
    action: deny
EOF
  # SOCKGUARD_BIN is this script's setting, not the proxy's: sockguard refuses SOCKGUARD_* variables it does not know.
  start_bg "sockguard-$tag" env -u SOCKGUARD_BIN "$SOCKGUARD_BIN" serve -c "$cfg"
  SOCKGUARD_PID=$LAST_PID
  wait_http "sockguard-$tag" "$SOCKGUARD_PID" 15 "http://127.0.0.1:$port/_ping" || die "sockguard did not start"
}

# ---------------------------------------------------------------- measurement
TS=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$W/raw
mkdir -p "$RAW"
RESULTS_TSV=$W/results.tsv   # upstream scenario target rps p50_us mib_s non2xx errors
: >"$RESULTS_TSV"

to_us() {  # wrk latency like 85.00us / 1.23ms / 2.00s -> microseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") m = 1; else if (u == "ms") m = 1000; else if (u == "s") m = 1000000;
    else if (u == "m") m = 60000000; else { print ""; exit }
    printf "%.1f", n * m }'
}
to_mib() {  # wrk Transfer/sec like 1.23GB -> MiB (wrk uses 1024 multiples)
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "B") m = 1 / 1048576; else if (u == "KB") m = 1 / 1024; else if (u == "MB") m = 1;
    else if (u == "GB") m = 1024; else if (u == "TB") m = 1048576; else { print ""; exit }
    printf "%.1f", n * m }'
}

# run_wrk UPSTREAM SCENARIO TARGET CONNS URL REP
run_wrk() {
  local up=$1 sc=$2 tgt=$3 conns=$4 url=$5 rep=$6 out
  out=$RAW/$up-$sc-$tgt-$rep.txt
  log "wrk $up/$sc/$tgt #$rep: -t$THREADS -c$conns -d$DURATION $url"
  bg_wait "$out" timeout --signal=INT $(( $(dur_s "$DURATION") + 30 )) \
    wrk -t"$THREADS" -c"$conns" -d"$DURATION" --latency "$url"
  local rps p50 xfer non2xx errs
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2; exit }' "$out")
  xfer=$(awk '/^Transfer\/sec:/ { print $2 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  errs=$(awk -F'Socket errors: ' '/Socket errors:/ { print $2 }' "$out" | tr -d ' ')
  [ -n "$rps" ] || { log "wrk produced no result:"; cat "$out" >&2; rps=; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$up" "$sc" "$tgt" "${rps:-}" \
    "$(to_us "${p50:-x}")" "$(to_mib "${xfer:-x}")" "${non2xx:-0}" "${errs:-}" >>"$RESULTS_TSV"
  log "  -> ${rps:-?} req/s, p50 ${p50:-?}, ${xfer:-?}/s, non-2xx ${non2xx:-0}${errs:+, socket errors $errs}"
}
dur_s() {  # 10s / 1m / 500ms -> whole seconds (at least 1)
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "m") n *= 60; else if (u == "h") n *= 3600; else if (u == "ms") n /= 1000
    n = int(n + 0.999); if (n < 1) n = 1; print n }'
}

warmup() {  # warmup URL
  bg_wait /dev/null timeout --signal=INT $(( $(dur_s "$WARMUP") + 30 )) \
    wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$1"
}

declare -A RSS   # RSS[upstream/target/phase] = "KiB" (haproxy: "worker total")

# bench_upstream NAME DIRECT_BASE UPSTREAM_SOCK CONTAINERS_PATH WITH_STREAM
bench_upstream() {
  local up=$1 direct=$2 sock=$3 cpath=$4 stream=$5
  local -A base=()
  [ -n "$direct" ] && has "$ONLY" direct && base[direct]=$direct
  if has "$ONLY" haproxy; then
    local hp; hp=$(free_port)
    start_haproxy "$up" "$hp" "$sock"
    base[haproxy]=http://127.0.0.1:$hp
    sleep 1
    RSS[$up/haproxy/idle]=$(haproxy_rss "$HAPROXY_PID")
  fi
  if has "$ONLY" sockguard; then
    local sp; sp=$(free_port)
    start_sockguard "$up" "$sp" "$sock"
    base[sockguard]=http://127.0.0.1:$sp
    sleep 1
    RSS[$up/sockguard/idle]=$(rss_kib "$SOCKGUARD_PID")
  fi
  local targets=() t
  for t in direct haproxy sockguard; do [ -n "${base[$t]:-}" ] && targets+=("$t"); done
  [ ${#targets[@]} -gt 0 ] || { log "no targets for $up"; return; }

  # sanity: what each target answers
  for t in "${targets[@]}"; do
    log "$up/$t: _ping=$(curl -s -o /dev/null -w '%{http_code}' "${base[$t]}/_ping")" \
        "containers=$(curl -s -o /dev/null -w '%{http_code}/%{size_download}B' "${base[$t]}$cpath")" \
        "secrets=$(curl -s -o /dev/null -w '%{http_code}' "${base[$t]}/v1.41/secrets")"
    warmup "${base[$t]}/_ping"
  done

  # Repetitions are interleaved across targets so that drift in background load hits all alike;
  # the report takes the median of the REPEAT runs.
  local r
  for ((r = 1; r <= REPEAT; r++)); do
    for t in "${targets[@]}"; do run_wrk "$up" "ping-c$CONNECTIONS" "$t" "$CONNECTIONS" "${base[$t]}/_ping" "$r"; done
  done
  for ((r = 1; r <= REPEAT; r++)); do
    for t in "${targets[@]}"; do run_wrk "$up" "ping-c1" "$t" 1 "${base[$t]}/_ping" "$r"; done
  done
  for ((r = 1; r <= REPEAT; r++)); do
    for t in "${targets[@]}"; do run_wrk "$up" "containers-c$CONNECTIONS" "$t" "$CONNECTIONS" "${base[$t]}$cpath" "$r"; done
  done
  for ((r = 1; r <= REPEAT; r++)); do
    for t in "${targets[@]}"; do run_wrk "$up" "containers-c1" "$t" 1 "${base[$t]}$cpath" "$r"; done
  done
  for ((r = 1; r <= REPEAT; r++)); do
    for t in "${targets[@]}"; do
      [ "$t" = direct ] && continue   # the upstream has no policy; deny is compared to direct /_ping
      run_wrk "$up" "deny-c$CONNECTIONS" "$t" "$CONNECTIONS" "${base[$t]}/v1.41/secrets" "$r"
    done
  done
  if [ "$stream" = 1 ]; then
    for ((r = 1; r <= REPEAT; r++)); do
      for t in "${targets[@]}"; do
        # Tecnativa's config only allows Docker API prefixes, so HAProxy fetches the same
        # 16 MiB file through an allowed path; direct and sockguard use /stream16m.
        local p=/stream16m
        [ "$t" = haproxy ] && p=/v1.41/containers/stream16m
        run_wrk "$up" "stream16m-c1" "$t" 1 "${base[$t]}$p" "$r"
      done
    done
  fi

  sleep 1
  has "$ONLY" haproxy && RSS[$up/haproxy/load]=$(haproxy_rss "$HAPROXY_PID")
  has "$ONLY" sockguard && RSS[$up/sockguard/load]=$(rss_kib "$SOCKGUARD_PID")
  # stop this upstream's proxies before the next upstream starts
  has "$ONLY" sockguard && stop_pid "$SOCKGUARD_PID" 5
  has "$ONLY" haproxy && stop_pid "$HAPROXY_PID" 5
}

# ---------------------------------------------------------------- run
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "work dir $W; targets: $ONLY; upstreams: $UPSTREAMS; -t$THREADS -c$CONNECTIONS -d$DURATION"

if has "$UPSTREAMS" nginx; then
  np=$(free_port)
  start_nginx "$np"
  bench_upstream nginx "http://127.0.0.1:$np" "$NGINX_SOCK" /v1.41/containers/json 1
  stop_pid "$NGINX_PID" 5
fi

if has "$UPSTREAMS" dockerd; then
  if [ -n "$DOCKER_SOCK" ]; then
    [ -S "$DOCKER_SOCK" ] || die "DOCKER_SOCK=$DOCKER_SOCK is not a socket"
    ddirect=
    [ -n "$DOCKER_TCP" ] && ddirect=http://$DOCKER_TCP
    has "$ONLY" direct && [ -z "$ddirect" ] && log "DOCKER_SOCK without DOCKER_TCP: no dockerd direct column"
    bench_upstream dockerd "$ddirect" "$DOCKER_SOCK" '/v1.41/containers/json?all=1' 0
  else
    dp=$(free_port)
    start_dockerd "$dp"
    bench_upstream dockerd "http://127.0.0.1:$dp" "$DOCKERD_SOCK" '/v1.41/containers/json?all=1' 0
  fi
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
get() {  # get UPSTREAM SCENARIO TARGET FIELD(4=rps 5=p50 6=mib: median over repetitions;
         #   7=non2xx: sum; 8=socket errors: each repetition's, ';'-joined)
  awk -F'\t' -v u="$1" -v s="$2" -v t="$3" -v f="$4" '
    $1 == u && $2 == s && $3 == t && $f != "" { v[++n] = $f }
    END {
      if (n == 0) exit
      if (f == 8) { out = v[1]; for (i = 2; i <= n; i++) out = out ";" v[i]; print out; exit }
      if (f == 7) { sum = 0; for (i = 1; i <= n; i++) sum += v[i]; print sum; exit }
      for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > x + 0; j--) v[j + 1] = v[j]; v[j + 1] = x }
      if (n % 2) print v[(n + 1) / 2]; else printf "%.2f\n", (v[n / 2] + v[n / 2 + 1]) / 2
    }' "$RESULTS_TSV"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "—"; else printf "%.2f", a / b }'; }
fmt_rps() { [ -n "$1" ] && printf '%.0f' "$1" || printf '—'; }
fmt_ms() { [ -n "$1" ] && awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }' || printf '—'; }
fmt_mib() { [ -n "$1" ] && printf '%s' "$1" || printf '—'; }
fmt_kib() { case "$1" in ''|'?') printf '—' ;; *) awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' ;; esac; }
verdict() {  # verdict VALUE OP THRESHOLD
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    if (v == "" || v == "—" || t == "" || t == "—") { print "n/a"; exit }
    ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 < t + 0); print ok ? "PASS" : "FAIL" }'
}

sg_version=
has "$ONLY" sockguard && sg_version="$SOCKGUARD_BIN ($(sha256sum "$SOCKGUARD_BIN" | cut -c1-12))"
git_rev=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo "no commit")
git_dirty=$(git -C "$REPO_DIR" status --porcelain 2>/dev/null | grep -q . && echo " (dirty tree)")

report() {
  echo "# sockguard benchmark $TS"
  echo
  echo "- repo: $git_rev$git_dirty; sockguard: ${sg_version:-not run}"
  echo "- targets: $ONLY; upstreams: $UPSTREAMS; wrk -t$THREADS, -c$CONNECTIONS (and -c1), -d$DURATION, warm-up $WARMUP, median of $REPEAT run(s)"
  echo "- machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr); load avg before $LOAD_BEFORE, after $LOAD_AFTER"
  echo "- wrk, proxy and upstream share all CPUs (nothing pinned); results on a busy machine are smoke tests only"
  echo "- $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(haproxy -v 2>/dev/null | head -1 | cut -d' ' -f1-3); $(nginx -v 2>&1); $(dockerd --version 2>/dev/null)"
  echo "- HAProxy: Tecnativa haproxy.cfg, PING=1 VERSION=1 CONTAINERS=1 SECRETS=0 POST=0, LOG_LEVEL=$HAPROXY_LOG_LEVEL"
  echo "- direct: nginx = the same server block's TCP listener; dockerd = its own -H tcp://127.0.0.1 listener"
  echo
  local up sc t notes=()
  for up in ${UPSTREAMS//,/ }; do
    echo "## upstream: $up"
    echo
    echo "| scenario | direct | haproxy | sockguard | haproxy/direct | sockguard/direct | sockguard/haproxy | p50 ms direct / haproxy / sockguard |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    for sc in "ping-c$CONNECTIONS" ping-c1 "containers-c$CONNECTIONS" containers-c1 "deny-c$CONNECTIONS" stream16m-c1; do
      local col=4 unit="req/s" d h s dref
      [ "$sc" = stream16m-c1 ] && { col=6; unit="MiB/s"; }
      d=$(get "$up" "$sc" direct $col); h=$(get "$up" "$sc" haproxy $col); s=$(get "$up" "$sc" sockguard $col)
      [ -z "$d$h$s" ] && continue
      dref=$d
      if [ "${sc%%-*}" = deny ]; then dref=$(get "$up" "ping-c$CONNECTIONS" direct 4); fi
      local fd fh fs
      if [ $col = 6 ]; then fd=$(fmt_mib "$d"); fh=$(fmt_mib "$h"); fs=$(fmt_mib "$s")
      else fd=$(fmt_rps "$d"); fh=$(fmt_rps "$h"); fs=$(fmt_rps "$s"); fi
      [ "${sc%%-*}" = deny ] && fd="($(fmt_rps "$dref") /_ping)"
      local warn=
      for t in direct haproxy sockguard; do
        local n2 e
        n2=$(get "$up" "$sc" "$t" 7); e=$(get "$up" "$sc" "$t" 8)
        if [ "${sc%%-*}" != deny ] && [ -n "$n2" ] && [ "$n2" != 0 ]; then
          warn=" ⚠"; notes+=("$up $sc: $t answered $n2 non-2xx responses (expected 0)")
        fi
        if [ -n "$e" ]; then
          if [ "${sc%%-*}" = deny ]; then
            notes+=("$up $sc: $t socket errors ($e) — wrk counts a server-side close after each response as a read error; HAProxy's 403 errorfile is HTTP/1.0 with Connection: close")
          else warn=" ⚠"; notes+=("$up $sc: $t socket errors: $e"); fi
        fi
      done
      echo "| $sc ($unit)$warn | $fd | $fh | $fs | $(ratio "$h" "$dref") | $(ratio "$s" "$dref") | $(ratio "$s" "$h") | $(fmt_ms "$(get "$up" "$sc" direct 5)") / $(fmt_ms "$(get "$up" "$sc" haproxy 5)") / $(fmt_ms "$(get "$up" "$sc" sockguard 5)") |"
    done
    echo
    echo "| RSS (MiB) | idle | after load |"
    echo "|---|---:|---:|"
    if has "$ONLY" haproxy; then
      local hi hl
      read -r -a hi <<<"${RSS[$up/haproxy/idle]:-? ?}"; read -r -a hl <<<"${RSS[$up/haproxy/load]:-? ?}"
      echo "| haproxy worker (master+worker) | $(fmt_kib "${hi[0]}") ($(fmt_kib "${hi[1]}")) | $(fmt_kib "${hl[0]}") ($(fmt_kib "${hl[1]}")) |"
    fi
    has "$ONLY" sockguard && echo "| sockguard | $(fmt_kib "${RSS[$up/sockguard/idle]:-}") | $(fmt_kib "${RSS[$up/sockguard/load]:-}") |"
    echo
    if [ ${#notes[@]} -gt 0 ]; then
      local n
      for n in "${notes[@]}"; do echo "- $n"; done
      echo
      notes=()
    fi
  done

  echo "## targets"
  echo
  echo "| target | measured | goal | result |"
  echo "|---|---:|---:|---|"
  for up in ${UPSTREAMS//,/ }; do
    for sc in "ping-c$CONNECTIONS" "containers-c$CONNECTIONS"; do
      local h s d r v hd
      h=$(get "$up" "$sc" haproxy 4); s=$(get "$up" "$sc" sockguard 4); d=$(get "$up" "$sc" direct 4)
      r=$(ratio "$s" "$h"); v=$(verdict "$r" '>=' 2); hd=$(ratio "$h" "$d")
      # If HAProxy already gets half of direct or more, the goal would demand beating the
      # upstream itself (the upstream is the bottleneck, not the proxy): check sockguard >= haproxy.
      if [ "$v" = FAIL ] && [ "$(verdict "$hd" '>=' 0.5)" = PASS ]; then
        v="$(verdict "$r" '>=' 1) (upstream-bound: haproxy/direct = $hd, so checked sockguard/haproxy ≥ 1)"
      fi
      echo "| $up $sc: sockguard/direct ≥ 2× haproxy/direct (= sockguard/haproxy ≥ 2) | $r | ≥ 2.00 | $v |"
    done
    local dp ds dr
    dp=$(get "$up" "ping-c$CONNECTIONS" direct 4); ds=$(get "$up" "deny-c$CONNECTIONS" sockguard 4)
    dr=$(ratio "$ds" "$dp")
    echo "| $up deny-c$CONNECTIONS: sockguard deny req/s ÷ direct /_ping req/s | $dr | ≥ 1.00 | $(verdict "$dr" '>=' 1) |"
    if [ "$up" = nginx ]; then
      local sr
      sr=$(ratio "$(get nginx stream16m-c1 sockguard 6)" "$(get nginx stream16m-c1 direct 6)")
      echo "| nginx 16 MiB stream: sockguard ÷ direct MiB/s | $sr | ≥ 0.90 | $(verdict "$sr" '>=' 0.9) |"
    fi
    local ir
    ir=$(awk -v k="${RSS[$up/sockguard/idle]:-}" 'BEGIN { if (k == "") print "—"; else printf "%.1f", k / 1024 }')
    echo "| $up sockguard idle RSS (MiB) | $ir | < 16 | $(verdict "$ir" '<' 16) |"
  done
  echo
  echo "Raw wrk output: $(basename "$RESULTS_DIR")/$TS-raw/"
}

mkdir -p "$RESULTS_DIR"
report >"$RESULTS_DIR/$TS.md"
mkdir -p "$RESULTS_DIR/$TS-raw"
cp "$RAW"/*.txt "$RESULTS_TSV" "$RESULTS_DIR/$TS-raw/" 2>/dev/null
cp "$W"/*.cfg "$W"/*.yaml "$W"/nginx.conf "$RESULTS_DIR/$TS-raw/" 2>/dev/null
echo
cat "$RESULTS_DIR/$TS.md"
log "saved $RESULTS_DIR/$TS.md"
