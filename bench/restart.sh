#!/usr/bin/env bash
# Drives wrk through the edge at the echo example (three replicas) while Moor changes, restarts or loses parts of
# itself, and counts the requests that failed. See the "Restart benchmark" section of bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

usage() {
  cat <<'EOF'
Usage: bench/restart.sh [options]

Runs the echo example (three replicas) on a Moor server of its own (a fresh MOOR_HOME) and, for every row, runs
wrk through the edge twice, once on kept-alive connections and once with "Connection: close" on every request
(a new connection each time), while it:
  1. applies an env change with moor up (a rolling replacement),
  2. kills the server with kill -9, then runs moor server start,
  3. stops the server and starts a newer build of Moor (an upgrade of the control plane),
  4. replaces the edge with moor edge restart,
  5. kills the edge's container with docker kill (its restart policy brings it back; the gap is reported),
  6. kills a replica with docker kill while the server is stopped, then starts the server again.
Prints requests, non-2xx answers and socket errors per row and mode. Target: none failed in rows 1-4 and 6.

Options:
  --duration SECONDS  length of each wrk run (default: 30)
  --connections N     wrk connections (default: 10)
  --only LIST         rows to run, comma-separated (default: 1,2,3,4,5,6)
  --out FILE          where the Markdown table goes (default: bench/results/restart-<date>.md)
  -h, --help          this text
EOF
}

duration=30
connections=10
only="1,2,3,4,5,6"
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
[[ $duration =~ ^[1-9][0-9]*$ ]] && [ "$duration" -ge 15 ] || fail "--duration: $duration (expected: a whole number >= 15)"
[[ $connections =~ ^[1-9][0-9]*$ ]] || fail "--connections: $connections (expected: a whole number > 0)"
IFS=, read -r -a rows <<<"$only"
for row in "${rows[@]}"; do
  [[ $row =~ ^[1-6]$ ]] || fail "--only: $row (expected: rows 1 to 6, comma-separated)"
done

moor_ensure_docker || fail "the benchmark needs a Docker engine"
moor_ensure_commands wrk=wrk curl=curl
java_home=$(moor_find_java)
"$root/scripts/base-images"

work=$(mktemp -d /tmp/moor-restart-bench.XXXXXX)
export MOOR_HOME="$work/home"
app=restart-bench
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
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

mkdir -p "$work/app"
cp -r "$root/examples/echo/." "$work/app/"
sed -i -e "s/^app: .*/app: $app/" -e "s/^  listen: .*/  listen: $port/" "$work/app/moor.yaml"
moor_say "bringing up the echo example on port $port (MOOR_HOME=$MOOR_HOME)..."
moor up "$work/app" >"$work/up.log" 2>&1 || { tail -n 30 "$work/up.log" >&2; fail "moor up failed"; }
installation=$(moor server status --json | sed -n 's/^ *"installation" *: *"\([^"]*\)".*/\1/p')
[ -n "$installation" ] || fail "moor server status gave no installation id"

# A newer build of Moor for row 3: the same classes under another version, as an upgrade would bring.
newer="$work/newer"
cp -r "$root/cli/target/lib" "$newer-lib"
mkdir -p "$newer" && cp "$root/cli/target/moor.jar" "$newer/moor.jar" && mv "$newer-lib" "$newer/lib"
(cd "$work" && printf 'Implementation-Version: 0.1.0-bench-upgrade\n' >manifest.txt &&
  "$java_home/bin/jar" --update --file "$newer/moor.jar" --manifest manifest.txt 2>/dev/null)
newer_moor() {
  "$java_home/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$newer/moor.jar" "$@"
}

server_pid() { moor server status --json | sed -n 's/^ *"pid" *: *\([0-9]*\).*/\1/p'; }
edge_container() { docker ps -q --filter "label=moor.owner=$installation" --filter label=moor.role=edge | head -n 1; }
replica() { docker ps -q --filter "label=moor.owner=$installation" --filter "label=moor.app=$app" | head -n 1; }
await_healthy() { # every replica healthy again, at most 120 s
  local i
  for i in $(seq 1 240); do
    moor status --app "$app" --json 2>/dev/null | tr -d ' \n' | grep -q '"desired":3,"running":3,"healthy":3' && return 0
    sleep 0.5
  done
  fail "the app did not come back to 3 healthy replicas"
}

gap_ms=""
env_value=0
act() { # ROW: what happens while wrk runs
  case "$1" in
    1) env_value=$((env_value + 1))
       if grep -q 'BENCH_CHANGE' "$work/app/moor.yaml"; then
         sed -i "s/BENCH_CHANGE: .*/BENCH_CHANGE: \"$env_value\"}/" "$work/app/moor.yaml"
       else
         sed -i "s/^    stop_grace: .*/&\n    env: {BENCH_CHANGE: \"$env_value\"}/" "$work/app/moor.yaml"
       fi
       moor up "$work/app" >>"$work/row1.log" 2>&1 ;;
    2) kill -9 "$(server_pid)"; moor server start >>"$work/row2.log" 2>&1 ;;
    3) moor server stop >>"$work/row3.log" 2>&1; newer_moor server start >>"$work/row3.log" 2>&1 ;;
    4) moor edge restart >>"$work/row4.log" 2>&1 ;;
    5) local edge start now
       edge=$(edge_container)
       start=$(date +%s%N)
       docker kill "$edge" >/dev/null
       until curl -s -o /dev/null -m 1 "$url"; do sleep 0.01; done
       now=$(date +%s%N)
       gap_ms=$(( (now - start) / 1000000 )) ;;
    6) moor server stop >>"$work/row6.log" 2>&1
       docker kill "$(replica)" >/dev/null
       sleep 5
       moor server start >>"$work/row6.log" 2>&1 ;;
  esac
}

declare -A title=([1]="env change applied with moor up (rolling)" [2]="kill -9 of the server, moor server start"
  [3]="moor server stop, start of a newer build" [4]="moor edge restart"
  [5]="docker kill of the edge container" [6]="docker kill of a replica while the server is stopped")

results=()
for row in "${rows[@]}"; do
  for mode in keep-alive close; do
    log="$work/wrk-$row-$mode.txt"
    header=()
    [ "$mode" = close ] && header=(-H "Connection: close")
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s "${header[@]}" "$url" >"$log" 2>&1 &
    wrk_pid=$!
    # The action starts once the load runs: wrk is up within a second, and the change must happen inside the run.
    sleep 3
    gap_ms=""
    act "$row" || { wait "$wrk_pid"; fail "row $row ($mode): the action failed; see $work/row$row.log"; }
    wait "$wrk_pid"
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$log")
    non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$log")
    errors=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$log")
    socket_errors=0
    for e in $errors; do socket_errors=$((socket_errors + e)); done
    results+=("| $row | ${title[$row]} | $mode | ${requests:-?} | ${non2xx:-0} | $socket_errors | ${gap_ms:-} |")
    moor_say "row $row ($mode): ${requests:-?} requests, ${non2xx:-0} non-2xx, $socket_errors socket errors${gap_ms:+, gap $gap_ms ms}"
    await_healthy
  done
done

[ -n "$out" ] || out="$root/bench/results/restart-$(date +%Y-%m-%d-%H%M).md"
mkdir -p "$(dirname "$out")"
{
  echo "# bench/restart.sh, $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "echo example, 3 replicas; wrk -t1 -c$connections -d${duration}s through the edge; $(nproc) cores; git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "| row | what happens | connections | requests | non-2xx | socket errors | gap (ms) |"
  echo "| ---: | --- | --- | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${results[@]}"
} | tee "$out"
moor_say "written to $out"
