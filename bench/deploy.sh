#!/usr/bin/env bash
# Drives wrk through the edge at the echo example (three replicas) while Moor deploys good and bad versions of it with
# every strategy, and counts the requests that failed. See the "Deploy benchmark" section of bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

usage() {
  cat <<'EOF'
Usage: bench/deploy.sh [options]

Runs the echo example (three replicas) on a Moor server of its own (a fresh MOOR_HOME) and, for every row, runs
wrk through the edge twice, once on kept-alive connections and once with "Connection: close" on every request
(a new connection each time), while it:
  1. deploys a new image with strategy rolling,
  2. deploys a new image with strategy blue-green,
  3. deploys a new image with strategy canary (steps 5, 25, 50, 100 %, 10 s each, judged on the edge's figures:
     errors from the first request, latency from 25 s after the deploy started, past the new JVMs' warm-up),
  4. runs moor rollback (back to the last good revision before the current one),
  5. deploys a version that never becomes healthy (rolling, progress deadline 15 s),
  6. deploys, as a canary, a version that answers 5 % of its requests with 500,
  7. deploys, as a canary, a version that adds 200 ms to every answer.
Prints per row and mode: requests, non-2xx answers, socket errors, the deploy's duration and outcome, and for the
bad canaries the requests the bad version answered (the edge's own count) and, for row 6, the 500s a first step of
5 % may let through over one analysis window. Targets: 0 non-2xx and 0 socket errors in rows 1-5; rows 5-7 rolled
back by Moor itself; in row 6 fewer 500s than that allowance.

Options:
  --duration SECONDS  length of each wrk run (default: 60; each deploy must end within it)
  --connections N     wrk connections (default: 10)
  --only LIST         rows to run, comma-separated (default: 1,2,3,4,5,6,7)
  --out FILE          where the Markdown table goes (default: bench/results/deploy-<date>.md)
  -h, --help          this text
EOF
}

duration=60
connections=10
only="1,2,3,4,5,6,7"
out=""
fail() { moor_say "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=${2:?--duration needs a value}; shift 2 ;;
    --connections) connections=${2:?--connections needs a value}; shift 2 ;;
    --only) only=${2:?--only needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option: $1" ;;
  esac
done
[[ $duration =~ ^[1-9][0-9]*$ ]] && [ "$duration" -ge 30 ] || fail "--duration: $duration (expected: a whole number >= 30)"
[[ $connections =~ ^[1-9][0-9]*$ ]] || fail "--connections: $connections (expected: a whole number > 0)"
IFS=, read -r -a rows <<<"$only"
for row in "${rows[@]}"; do
  [[ $row =~ ^[1-7]$ ]] || fail "--only: $row (expected: rows 1 to 7, comma-separated)"
done

moor_ensure_docker || fail "the benchmark needs a Docker engine"
moor_ensure_commands wrk=wrk curl=curl
"$root/scripts/base-images"

work=$(mktemp -d /tmp/moor-deploy-bench.XXXXXX)
export MOOR_HOME="$work/home"
app=deploy-bench
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
metrics_port=$(free_port)
installation=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  moor_bench_cleanup "$status" "$root" "$work" "$installation"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

moor() { "$root/moor" "$@"; }
url="http://127.0.0.1:$port/"

# The edge's Prometheus endpoint counts what each cluster answered: the canary's share is told apart from the old set's.
mkdir -p "$MOOR_HOME"
printf 'edge:\n  metrics: %s\n' "$metrics_port" >"$MOOR_HOME/server.yaml"

canary='{strategy: canary, steps: [5, 25, 50, 100], bake: 10s, analysis: {max_error_rate: 1%, max_p99_increase: 50%, min_requests: 100, window: 5s, warmup: 25s}}'
version=0
# write_file STRATEGY-BLOCK ENV-BLOCK: the echo example with a new image version, that deploy block and that env.
write_file() {
  version=$((version + 1))
  cat >"$work/app/moor.yaml" <<EOF
app: $app
services:
  echo:
    build: {context: ., args: {VERSION: "$version"}}
    replicas: 3
    port: 8080
    resources: {memory: 128Mi, pids: 128}
    env: $2
    health: {http: /healthz, interval: 1s, timeout: 1s, start_grace: 20s}
    stop_grace: 10s
    deploy: $1
routes:
  - path: /
    service: echo
edge:
  listen: $port
EOF
}

mkdir -p "$work/app"
cp -r "$root/examples/echo/." "$work/app/"
write_file '{strategy: rolling}' '{}'
moor_say "bringing up the echo example on port $port (MOOR_HOME=$MOOR_HOME)..."
moor up "$work/app" >"$work/up.log" 2>&1 || { tail -n 30 "$work/up.log" >&2; fail "moor up failed"; }
installation=$(moor server status --json | sed -n 's/^ *"installation" *: *"\([^"]*\)".*/\1/p')
[ -n "$installation" ] || fail "moor server status gave no installation id"

# The requests the edge has had answered by the canary's cluster so far (its responses, every status).
canary_answers() {
  curl -s "http://127.0.0.1:$metrics_port/metrics" |
    awk -v c="$app/echo@canary" '$0 ~ "^moor_edge_upstream_duration_seconds_count\\{.*cluster=\"" c "\"" { n += $NF } END { printf "%d", n }'
}

await_healthy() { # three healthy replicas and no deploy in progress, at most 120 s
  local i
  for i in $(seq 1 240); do
    if moor status --app "$app" --json 2>/dev/null | tr -d ' \n' | grep -q '"desired":3,"running":3,"healthy":3' &&
      ! moor apps 2>/dev/null | grep "^$app " | grep -q "in progress"; then
      return 0
    fi
    sleep 0.5
  done
  fail "the app did not come back to 3 healthy replicas"
}

act() { # ROW LOG: what happens while wrk runs; prints the outcome line of moor up / rollback
  local log=$2
  case "$1" in
    1) write_file '{strategy: rolling}' '{}' ;;
    2) write_file '{strategy: blue-green, keep_previous: 1m}' '{}' ;;
    3) write_file "$canary" '{}' ;;
    4) moor rollback --app "$app" >>"$log" 2>&1 || true; return ;;
    5) write_file '{strategy: rolling, progress_deadline: 15s}' '{ECHO_UNHEALTHY: "true"}' ;;
    6) write_file "$canary" '{ECHO_FAIL_PERCENT: "5"}' ;;
    7) write_file "$canary" '{ECHO_DELAY_MS: "200"}' ;;
  esac
  moor up "$work/app" >>"$log" 2>&1 || true
}

declare -A title=([1]="rolling deploy of a new image" [2]="blue-green deploy of a new image"
  [3]="canary deploy of a new image (5, 25, 50, 100 %)" [4]="moor rollback to the last good revision"
  [5]="deploy of a version that never becomes healthy" [6]="canary of a version answering 5 % with 500"
  [7]="canary of a version adding 200 ms")

results=()
for row in "${rows[@]}"; do
  for mode in keep-alive close; do
    log="$work/wrk-$row-$mode.txt"
    act_log="$work/row$row-$mode.log"
    header=()
    [ "$mode" = close ] && header=(-H "Connection: close")
    before=$(canary_answers)
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s "${header[@]}" "$url" >"$log" 2>&1 &
    wrk_pid=$!
    # The deploy starts once the load runs (wrk is up within a second) and must end inside the run.
    sleep 3
    start=$(date +%s%N)
    act "$row" "$act_log"
    took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    outcome=$(grep -E '^moor: (done|failed): ' "$act_log" | tail -n 1 | sed -e 's/^moor: //' -e 's/|/\//g' | cut -c1-160)
    wait "$wrk_pid"
    after=$(canary_answers)
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$log")
    non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$log")
    errors=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$log")
    socket_errors=0
    for e in $errors; do socket_errors=$((socket_errors + e)); done
    reached=""
    allowed=""
    if [ "$row" -ge 6 ]; then
      reached=$((after - before))
    fi
    if [ "$row" -eq 6 ]; then
      # 5 % of the requests per second at the first step, 5 % of those failing, over one 5 s window.
      allowed=$(( ${requests:-0} * 5 * 5 * 5 / (duration * 100 * 100) ))
    fi
    results+=("| $row | ${title[$row]} | $mode | ${requests:-?} | ${non2xx:-0} | $socket_errors | $took_ms | ${outcome:-?} | $reached | $allowed |")
    moor_say "row $row ($mode): ${requests:-?} requests, ${non2xx:-0} non-2xx, $socket_errors socket errors; deploy $took_ms ms: ${outcome:-?}${reached:+; the bad version answered $reached}${allowed:+ (allowance $allowed 500s)}"
    await_healthy
  done
done

[ -n "$out" ] || out="$root/bench/results/deploy-$(date +%Y-%m-%d-%H%M).md"
mkdir -p "$(dirname "$out")"
{
  echo "# bench/deploy.sh, $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "echo example, 3 replicas; wrk -t1 -c$connections -d${duration}s through the edge; $(nproc) cores; git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "| row | deploy | connections | requests | non-2xx | socket errors | deploy (ms) | outcome | bad version answered | 500s allowed |"
  echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |"
  printf '%s\n' "${results[@]}"
} | tee "$out"
moor_say "written to $out"
