#!/usr/bin/env bash
# Time from `moor up` of a new app to its first 200 through the edge, on a host whose Moor server and edge already
# run: the usual case once Moor is installed (bench/edge.sh --first-request times the cold start). See the
# "Time to first 200 on a running server" section of bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

usage() {
  cat <<'USAGE'
Usage: bench/deploy-latency.sh [options]

Starts a Moor server (a fresh MOOR_HOME) and its edge, then, once per run, deploys a new app whose only service
is an HTTP server on 127.0.0.1 (as external:) with `java -jar cli/target/moor.jar up DIR` and the JVM flags of
./moor (its ahead-of-time cache included), asking the app's port for / every 10 ms from the same instant. Reports
per run when moor up returned and when the first 200 came, and their medians.

Options:
  --runs N      apps to deploy, one after the other (default: 5)
  --out FILE    where the Markdown table goes (default: bench/results/deploy-latency-<date>.md)
  -h, --help    this text
USAGE
}

runs=5
out=""
fail() { moor_say "$*"; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option: $1" ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || fail "--runs: $runs (expected: a whole number > 0)"

moor_ensure_docker || fail "the benchmark needs a Docker engine"
moor_ensure_commands python3=python3
java_home=$(moor_find_java)
# The launcher builds Moor (and its ahead-of-time cache) when its sources changed; not timed.
"$root/moor" validate "$root/examples/echo" >/dev/null
"$root/scripts/base-images"
jar="$root/cli/target/moor.jar"
moor_java_flags "$jar"
flags=("${MOOR_JAVA_FLAGS[@]}")
[[ " ${flags[*]} " == *" -XX:AOTCache="* ]] ||
  moor_say "warning: no ahead-of-time cache newer than $jar: the runs start without it"

work=$(mktemp -d /tmp/moor-deploy-latency.XXXXXX)
export MOOR_HOME="$work/home"
installation=""
backend_pid=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
moor() { "$java_home/bin/java" "${flags[@]}" -jar "$jar" "$@"; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  [ -z "$backend_pid" ] || kill "$backend_pid" 2>/dev/null
  moor server stop >/dev/null 2>&1
  if [ -n "$installation" ]; then
    docker ps -aq --filter "label=moor.owner=$installation" | xargs -r docker rm -f >/dev/null 2>&1
    docker network ls -q --filter "label=moor.owner=$installation" | xargs -r docker network rm >/dev/null 2>&1
  fi
  if [ "$status" -ne 0 ]; then moor_say "logs of this run are kept in $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

backend_port=$(free_port)
mkdir -p "$work/backend"
python3 -m http.server "$backend_port" --bind 127.0.0.1 --directory "$work/backend" >"$work/backend.log" 2>&1 &
backend_pid=$!
moor server start >"$work/server-start.log" 2>&1 || { cat "$work/server-start.log" >&2; fail "moor server start failed"; }
installation=$(moor server status --json | sed -n 's/^ *"installation" *: *"\([^"]*\)".*/\1/p')
[ -n "$installation" ] || fail "moor server status gave no installation id"
# The edge answers once its container runs: wait for it before the first timed run.
for _ in $(seq 1 600); do
  [ -n "$(docker ps -q --filter "label=moor.owner=$installation" --filter label=moor.role=edge)" ] && break
  sleep 0.1
done

now_ms() { echo $(( ${EPOCHREALTIME/[.,]/} / 1000 )); }
# Asks PORT for / every 10 ms until it answers 200 (bash's own /dev/tcp: no process per try); prints the time.
first_200() { # PORT
  local line
  while :; do
    if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
      printf 'GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n' >&3
      line=""
      read -r -t 2 line <&3 || true
      exec 3<&-
      [[ $line == *" 200 "* ]] && { now_ms; return 0; }
    fi 2>/dev/null
    sleep 0.01
  done
}

rows=()
ups=()
firsts=()
for ((i = 1; i <= runs; i++)); do
  dir="$work/app$i"
  port=$(free_port)
  mkdir -p "$dir"
  printf 'app: latency%s\nservices:\n  backend:\n    external: ["127.0.0.1:%s"]\nroutes:\n  - path: /\n    service: backend\nedge:\n  listen: %s\n' \
    "$i" "$backend_port" "$port" >"$dir/moor.yaml"
  first_200 "$port" >"$dir/first" &
  probe=$!
  t0=$(now_ms)
  moor up "$dir" >"$dir/up.log" 2>&1 || { tail -n 20 "$dir/up.log" >&2; fail "moor up of run $i failed"; }
  t_up=$(now_ms)
  timeout 30 tail --pid="$probe" -f /dev/null || fail "run $i: no 200 on port $port within 30 s of moor up's return"
  t_first=$(cat "$dir/first")
  ups+=($((t_up - t0)))
  firsts+=($((t_first - t0)))
  rows+=("| $i | $((t_up - t0)) ms | $((t_first - t0)) ms |")
  moor_say "run $i/$runs: moor up returned after $((t_up - t0)) ms, first 200 after $((t_first - t0)) ms"
done
for ((i = 1; i <= runs; i++)); do moor down --app "latency$i" >/dev/null 2>&1 || true; done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
out=${out:-"$root/bench/results/deploy-latency-$(date -u +%Y-%m-%d-%H%M).md"}
mkdir -p "$(dirname "$out")"
{
  echo "# Time to first 200 on a running server, $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "- machine: $(nproc) cores, $(uname -sr); Moor at $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
  echo "- a Moor server and its edge running (fresh MOOR_HOME); per run a new app whose only service is a Python HTTP server on"
  echo "  127.0.0.1 as \`external:\`, deployed with \`java -jar cli/target/moor.jar up DIR\` and ./moor's JVM flags ($(printf '%s ' "${flags[@]}" | grep -q AOTCache && echo 'ahead-of-time cache on' || echo 'no ahead-of-time cache'))"
  echo "- a request every 10 ms on the app's port from the same instant"
  echo
  echo "| run | moor up returned | first 200 |"
  echo "| ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo "| median of $runs | $(median "${ups[@]}") ms | **$(median "${firsts[@]}") ms** |"
} >"$out"
moor_say "median: moor up returned after $(median "${ups[@]}") ms, first 200 after $(median "${firsts[@]}") ms"
moor_say "table written to $out"
