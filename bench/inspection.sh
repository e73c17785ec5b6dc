#!/usr/bin/env bash
# What body inspection costs: POST /containers/create with a realistic ~3 KiB docker CLI body through sockguard,
# inspected (the real endpoint) versus the same body on a path sockguard forwards uninspected. Both are answered
# by nginx on a unix socket (201 and a fixed body), so the difference is the proxy's own work.
#
#   bench/inspection.sh            DURATION=10s CONNECTIONS=10 SOCKGUARD_BIN=... (default: scripts/build-release.sh)
#   DOCKERD=1 bench/inspection.sh  also: the same create against a real private dockerd (scripts/dev-dockerd.sh),
#                                  sequentially, direct versus through sockguard (CREATES=150 each)
#
# Prints a table and appends it to bench/results/<UTC>-inspection.md. Needs nginx-light and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-10}
for tool in nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y nginx-light wrk curl" >&2; exit 1; }
done
SOCKGUARD_BIN=${SOCKGUARD_BIN:-$(scripts/build-release.sh)}
W=$(mktemp -d /tmp/sgi.XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$W/tmp"
cat >"$W/nginx.conf" <<NGINX
daemon off; worker_processes 1; pid $W/nginx.pid; error_log $W/nginx.err;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path $W/tmp; client_body_buffer_size 64k; keepalive_requests 10000000;
  server {
    listen unix:$W/ng.sock;
    location / { default_type application/json; return 201 '{"Id":"4f66ad9a0b2e","Warnings":[]}'; }
  }
}
NGINX
nginx -p "$W" -c "$W/nginx.conf" & pids+=($!)

port=$(free_port)
cat >"$W/sockguard.yaml" <<YAML
listen: { address: "127.0.0.1:$port" }
upstream: { socket: $W/ng.sock }
log: { access_log: false }
health: { enabled: false }
rules:
  - match: { method: "GET,HEAD", path: "/_ping" }
    action: allow
  - match: { method: "POST", path: "/containers/create" }
    action: allow
  - match: { method: "POST", path: "/containers/passthrough" }
    action: allow
YAML
"$SOCKGUARD_BIN" serve -c "$W/sockguard.yaml" 2>"$W/sockguard.err" & pids+=($!)
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/_ping" >/dev/null 2>&1 && break; sleep 0.1; done

# The body `docker run -d --name web -p 8080:80 -e A=1 -e B=2 -v data:/data --restart unless-stopped
# --memory 256m --label app=web nginx` sends (docker CLI 28), padded with more env and labels to ~3 KiB.
python3 - "$W/body.json" <<'PY'
import json, sys
env = ["A=1", "B=2"] + [f"SETTING_{i}=value-{i:04d}-abcdefghijklmnop" for i in range(40)]
body = {
  "Hostname": "", "Domainname": "", "User": "", "AttachStdin": False, "AttachStdout": False,
  "AttachStderr": False, "ExposedPorts": {"80/tcp": {}}, "Tty": False, "OpenStdin": False, "StdinOnce": False,
  "Env": env, "Cmd": None, "Image": "nginx", "Volumes": None, "WorkingDir": "", "Entrypoint": None,
  "OnBuild": None, "Labels": {"app": "web", "tier": "frontend", "owner": "team-a"},
  "HostConfig": {"Binds": ["data:/data"], "ContainerIDFile": "", "LogConfig": {"Type": "", "Config": {}},
    "NetworkMode": "default", "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]},
    "RestartPolicy": {"Name": "unless-stopped", "MaximumRetryCount": 0}, "AutoRemove": False,
    "VolumeDriver": "", "VolumesFrom": None, "ConsoleSize": [0, 0], "CapAdd": None, "CapDrop": None,
    "CgroupnsMode": "", "Dns": [], "DnsOptions": [], "DnsSearch": [], "ExtraHosts": None, "GroupAdd": None,
    "IpcMode": "", "Cgroup": "", "Links": None, "OomScoreAdj": 0, "PidMode": "", "Privileged": False,
    "PublishAllPorts": False, "ReadonlyRootfs": False, "SecurityOpt": None, "UTSMode": "", "UsernsMode": "",
    "ShmSize": 0, "Isolation": "", "CpuShares": 0, "Memory": 268435456, "NanoCpus": 0, "CgroupParent": "",
    "BlkioWeight": 0, "BlkioWeightDevice": [], "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [],
    "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [], "CpuPeriod": 0, "CpuQuota": 0,
    "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "", "Devices": [],
    "DeviceCgroupRules": None, "DeviceRequests": None, "MemoryReservation": 0, "MemorySwap": 0,
    "MemorySwappiness": None, "OomKillDisable": None, "PidsLimit": None, "Ulimits": [],
    "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0, "MaskedPaths": None,
    "ReadonlyPaths": None},
  "NetworkingConfig": {"EndpointsConfig": {}}}
open(sys.argv[1], "w").write(json.dumps(body))
PY
bytes=$(wc -c <"$W/body.json")
cat >"$W/post.lua" <<LUA
local f = io.open("$W/body.json", "rb"); local body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.body = body; wrk.headers["Content-Type"] = "application/json"
LUA

run() {  # run PATH -> "rps p50"
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$W/post.lua" "http://127.0.0.1:$port$1" >"$W/out.txt"
    local non2xx; non2xx=$(awk '/Non-2xx/ { print $NF }' "$W/out.txt")
    [ -z "$non2xx" ] || { echo "unexpected non-2xx answers on $1:" >&2; cat "$W/out.txt" >&2; exit 1; }
    echo "$(awk '/^Requests\/sec:/ { print $2 }' "$W/out.txt") $(awk '$1 == "50%" { print $2; exit }' "$W/out.txt")"
}
curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$W/body.json" \
    "http://127.0.0.1:$port/v1.41/containers/create" || { echo "the body was refused:" >&2; cat "$W/sockguard.err" >&2; exit 1; }
run /v1.41/containers/passthrough >/dev/null   # warm-up
read -r plain_rps plain_p50 <<<"$(run /v1.41/containers/passthrough)"
read -r insp_rps insp_p50 <<<"$(run /v1.41/containers/create)"
ratio=$(awk -v a="$insp_rps" -v b="$plain_rps" 'BEGIN { printf "%.2f", a / b }')
cost=$(awk -v a="$insp_rps" -v b="$plain_rps" 'BEGIN { printf "%.1f", (b / a - 1) * 100 }')
report=$(cat <<MD
# body inspection cost $(date -u +%Y-%m-%dT%H:%MZ)

POST with a $bytes-byte docker CLI create body, wrk -t1 -c$CONNECTIONS -d$DURATION, nginx upstream on a unix socket.

| path through sockguard | req/s | p50 |
|---|---:|---:|
| /containers/passthrough (forwarded uninspected) | $plain_rps | $plain_p50 |
| /containers/create (read whole, parsed, inspected) | $insp_rps | $insp_p50 |

inspected/uninspected: $ratio (inspection adds $cost% to the time per request; target: under 10%)
MD
)
if [ "${DOCKERD:-0}" = 1 ]; then
    # The request as users pay for it: dockerd creating a container. Direct versus through sockguard, one
    # connection each, sequential; the difference is the proxy's whole cost, inspection included.
    ddir=$W/d
    scripts/dev-dockerd.sh start --dir "$ddir" --bridge-none >/dev/null
    pids+=("$(cat "$ddir/dockerd.pid")")
    scripts/make-test-image.sh --host "unix://$ddir/docker.sock" >/dev/null
    dport=$(free_port)
    cat >"$W/sockguard-d.yaml" <<YAML
listen: { address: "127.0.0.1:$dport" }
upstream: { socket: $ddir/docker.sock }
log: { access_log: false }
rules:
  - match: { method: "POST", path: "/containers/create" }
    action: allow
YAML
    "$SOCKGUARD_BIN" serve -c "$W/sockguard-d.yaml" 2>"$W/sockguard-d.err" & pids+=($!)
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$dport/_ping" && break; sleep 0.1; done
    read -r direct_ms proxied_ms <<<"$(python3 - "$W/body.json" "$ddir/docker.sock" "$dport" "${CREATES:-150}" <<'PY'
import http.client, json, socket, sys, time
body = json.load(open(sys.argv[1])); body["Image"] = "sockguard-test/busybox:latest"
body["HostConfig"]["Binds"] = None
payload = json.dumps(body).encode()
class Unix(http.client.HTTPConnection):
    def __init__(self, path): super().__init__("d"); self.path = path
    def connect(self): self.sock = socket.socket(socket.AF_UNIX); self.sock.connect(self.path)
def once(conn):
    start = time.perf_counter()
    conn.request("POST", "/v1.41/containers/create", payload, {"Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    assert r.status == 201, r.status
    return time.perf_counter() - start
n = int(sys.argv[4])
direct_conn, proxied_conn = Unix(sys.argv[2]), http.client.HTTPConnection("127.0.0.1", int(sys.argv[3]))
for _ in range(5): once(direct_conn); once(proxied_conn)
# Alternated, so the daemon slowing down as containers pile up weighs on both columns alike.
direct = proxied = 0.0
for _ in range(n):
    direct += once(direct_conn)
    proxied += once(proxied_conn)
direct, proxied = direct / n * 1000, proxied / n * 1000
print(f"{direct:.2f} {proxied:.2f}")
PY
)"
    scripts/dev-dockerd.sh stop --dir "$ddir" --purge >/dev/null 2>&1 || true
    dratio=$(awk -v d="$direct_ms" -v p="$proxied_ms" 'BEGIN { printf "%.2f", d / p }')
    report+=$(cat <<MD


The same create against a real dockerd (vfs, busybox image), one connection each, ${CREATES:-150} each, alternated:

| path | ms per create |
|---|---:|
| direct to dockerd | $direct_ms |
| through sockguard (read whole, parsed, inspected, forwarded) | $proxied_ms |

direct/proxied: $dratio (everything the proxy does, inspection included, costs $(awk -v d="$direct_ms" -v p="$proxied_ms" 'BEGIN { printf "%.1f", (p / d - 1) * 100 }')% of a real create)
MD
)
fi
echo "$report"
mkdir -p bench/results
echo "$report" >>"bench/results/$(date -u +%Y%m%dT%H%M%SZ)-inspection.md"
