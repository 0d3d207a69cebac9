#!/usr/bin/env bash
# A normal request's latency while mig-api holds 1,000 idle connections,
# 8 slow-header connections and 200 /action/follow streams (issue 13,
# finding 3), measured with wrk; each mig-api binary given is measured in
# the same run (e.g. main's build for "before"). Prints a markdown table.
#
#   bench/api_load/run.sh BUILD_DIR [OTHER_MIG_API...]
#   MIG_BENCH_SECONDS=10   wrk's duration
#   MIG_BENCH_IDLE=1000 MIG_BENCH_SLOW=8 MIG_BENCH_FOLLOW=200
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR [OTHER_MIG_API...]}
shift
apis=("$build/apps/mig-api/mig-api" "$@")
seconds=${MIG_BENCH_SECONDS:-10}
idle=${MIG_BENCH_IDLE:-1000}
slow=${MIG_BENCH_SLOW:-8}
follow=${MIG_BENCH_FOLLOW:-200}
command -v wrk >/dev/null || { echo "wrk missing (apt-get install wrk)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 missing" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# One descriptor per held connection, on both sides.
ulimit -n "$(ulimit -Hn)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk's latency line for a label: "avg p50 p99 max requests errors".
measure() {
  local port=$1 out
  out=$(wrk -t1 -c1 -d"${seconds}s" --timeout 10s --latency "http://127.0.0.1:$port/api/v1/heartbeat" 2>&1 || true)
  local avg p50 p99 max reqs errs
  avg=$(awk '/^    Latency/ {print $2}' <<<"$out")
  max=$(awk '/^    Latency/ {print $4}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  errs=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' <<<"$out")
  echo "${avg:--} | ${p50:--} | ${p99:--} | ${max:--} | ${reqs:-0} | ${errs:-none}"
}

echo "| mig-api | load | avg | p50 | p99 | max | requests in ${seconds}s | errors |"
echo "|---|---|---|---|---|---|---|---|"
for api in "${apis[@]}"; do
  [ -x "$api" ] || { echo "not executable: $api" >&2; exit 2; }
  dir=$work/$(basename "$(dirname "$(dirname "$(dirname "$api")")")")-$RANDOM
  mkdir -p "$dir"
  port=$(free_port)
  # connsperaddress is read only by servers that know it; the bench's
  # connections come from many loopback addresses anyway.
  cat >"$dir/api.cfg" <<CFG
[authentication]
  enabled = off
[server]
  ip = 127.0.0.1
  port = $port
  host = "http://127.0.0.1:$port"
[store]
  driver = sqlite
  path = $dir/mig.db
CFG
  "$api" -c "$dir/api.cfg" >"$dir/api.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/api/v1/heartbeat" >/dev/null && break
    sleep 0.1
  done
  now=$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)
  later=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%S.000000000Z)
  sqlite3 "$dir/mig.db" "INSERT INTO actions (id, name, target, description, threat, operations,
    validfrom, expireafter, starttime, lastupdatetime, status, syntaxversion, pgpsignatures)
    VALUES (4242, 'bench', 'name=''none''', '{}', '{}', '[]', '$now', '$later', '$now', '$now',
    'inflight', 2, '[]')"
  label=$("$api" --version 2>/dev/null | head -1 || echo "$api")
  echo "| \`$api\` | none | $(measure "$port") |"
  "$here/hold.py" "$port" --idle "$idle" --slow "$slow" --follow "$follow" --action 4242 \
    >"$dir/hold.log" 2>&1 &
  hold=$!
  pids+=("$hold")
  for _ in $(seq 600); do grep -q ready "$dir/hold.log" && break; sleep 0.1; done
  grep -q ready "$dir/hold.log" || echo "(the held connections did not all open: $(tail -1 "$dir/hold.log"))"
  echo "| \`$api\` | $idle idle, $slow slow-header, $follow follow | $(measure "$port") |"
  kill "$hold" 2>/dev/null || true
  wait "$hold" 2>/dev/null || true
  echo "<!-- $(grep -v ready "$dir/hold.log" | tail -1); RSS $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status) peak -->"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  : "$label"
done
