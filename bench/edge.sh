#!/usr/bin/env bash
# Compares Moor's edge with HAProxy and nginx as reverse proxies in front of one nginx backend on loopback,
# driven by wrk (or by h2load over HTTP/2 cleartext with --h2c). See the "Edge benchmark" section of bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
PATH="$PATH:/usr/sbin:/sbin"

usage() {
  cat <<'EOF'
Usage: bench/edge.sh [options]

Puts HAProxy, nginx and Moor's edge in turn in front of one nginx backend serving a 1 KiB file, drives each
with wrk on loopback, and prints req/s, p50, p99 and Moor's ratio to each peer.

Options:
  --only LIST         proxies to run, comma-separated from haproxy,nginx,moor (default: all three)
  --threads LIST      proxy thread counts, comma-separated (default: 1,2)
  --duration SECONDS  length of one measured wrk run (default: 10)
  --rounds N          measured rounds; the table shows their median (default: 5)
  --warmup SECONDS    wrk run before the first round of each proxy, not measured, followed by one more
                      unmeasured run as long as a round, on new connections (default: 30: Moor's JIT still
                      compiles after 20 s)
  --connections N     wrk keep-alive connections (default: 50)
  --load-threads N    threads of wrk (or h2load) and worker processes of the nginx backend (default: the
                      machine's core count, so that they are not what limits a one-thread proxy)
  --routes N          configure N path-prefix routes plus a catch-all in every proxy and request the last
                      route (default: 1, a single catch-all route)
  --h2c               clients speak HTTP/2 cleartext (prior knowledge) to the proxies, driven by h2load
                      (-m1: one request in flight per connection, as with wrk); the proxies still speak
                      HTTP/1.1 to the backend (default: HTTP/1.1 driven by wrk)
  --bare-peers        HAProxy and nginx proxy without adding the forwarding headers and request id that Moor adds
                      (default: they add the same headers, so every proxy does the same work)
  --out FILE          where the Markdown table goes (default: bench/results/edge-<date>[-routesN].md)
  -h, --help          this text

Environment: MOOR_JAVA_OPTS is passed to Moor's JVM by ./moor.
EOF
}

proxies_all=(haproxy nginx moor)
only="haproxy,nginx,moor"
threads_list="1,2"
duration=10
rounds=5
warmup=30
connections=50
load_threads=$(nproc)
routes=1
bare_peers=""
h2c=""
out=""
moor_start_timeout=300

fail() { moor_say "$*"; exit 1; }

positive_int() { # NAME VALUE
  [[ $2 =~ ^[1-9][0-9]*$ ]] || fail "$1: $2 (expected: a whole number > 0)"
}

seconds_value() { # NAME VALUE -> whole seconds; accepts 10 or 10s
  local v=${2%s}
  positive_int "$1" "$v"
  printf '%s\n' "$v"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=${2:?--only needs a value}; shift 2 ;;
    --threads) threads_list=${2:?--threads needs a value}; shift 2 ;;
    --duration) duration=$(seconds_value --duration "${2:?--duration needs a value}"); shift 2 ;;
    --rounds) rounds=${2:?--rounds needs a value}; positive_int --rounds "$rounds"; shift 2 ;;
    --warmup) warmup=$(seconds_value --warmup "${2:?--warmup needs a value}"); shift 2 ;;
    --connections) connections=${2:?--connections needs a value}; positive_int --connections "$connections"; shift 2 ;;
    --load-threads) load_threads=${2:?--load-threads needs a value}; positive_int --load-threads "$load_threads"; shift 2 ;;
    --routes) routes=${2:?--routes needs a value}; positive_int --routes "$routes"; shift 2 ;;
    --bare-peers) bare_peers=1; shift ;;
    --h2c) h2c=1; shift ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option: $1" ;;
  esac
done

proxies=()
IFS=, read -r -a wanted <<<"$only"
for p in "${wanted[@]}"; do
  case "$p" in
    haproxy|nginx|moor) [[ " ${proxies[*]} " == *" $p "* ]] || proxies+=("$p") ;;
    *) fail "--only: $p (expected: haproxy, nginx or moor, comma-separated)" ;;
  esac
done
[ ${#proxies[@]} -gt 0 ] || fail "--only: nothing to run (expected: haproxy, nginx or moor, comma-separated)"
IFS=, read -r -a thread_counts <<<"$threads_list"
for t in "${thread_counts[@]}"; do positive_int --threads "$t"; done

# In the order of proxies_all, so every round alternates them the same way.
ordered=()
for p in "${proxies_all[@]}"; do [[ " ${proxies[*]} " == *" $p "* ]] && ordered+=("$p"); done
proxies=("${ordered[@]}")

declare -A label=([haproxy]=HAProxy [nginx]=nginx [moor]=Moor)
# The load generator, and how curl must talk to the proxies for the checks.
if [ -n "$h2c" ]; then
  client=h2load
  curl_protocol=(--http2-prior-knowledge)
else
  client=wrk
  curl_protocol=(--http1.1)
fi

# ---------------------------------------------------------------------------------------------- tools

ensure_tools() {
  local -A package_of=([nginx]=nginx [wrk]=wrk [h2load]=nghttp2-client [curl]=curl [ss]=iproute2 [haproxy]=haproxy)
  local tools=(nginx "$client" curl ss) missing=() t
  [[ " ${proxies[*]} " == *" haproxy "* ]] && tools+=(haproxy)
  for t in "${tools[@]}"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("${package_of[$t]}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "missing ${missing[*]}; install them (for example: sudo apt-get install ${missing[*]}) and run this again."
  fi
  moor_say "installing ${missing[*]} from Debian (apt-get install ${missing[*]})..."
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    fail "installing ${missing[*]} failed; install them yourself and run this again."
  fi
}
ensure_tools

# ---------------------------------------------------------------------------------------------- processes

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
work=$(mktemp -d /tmp/moor-edge-bench.XXXXXX)
chmod 755 "$work" # nginx workers run as nobody when this runs as root
groups=()        # process groups this script started (each a session led by the started process)
moor_home="$work/moor-home"

keep_work=""      # set when something failed: its configs and logs stay for a look
cleanup() {
  local status=$? g
  trap - EXIT INT TERM
  set +e
  [ -n "${moor_running:-}" ] && stop_moor
  for g in "${groups[@]}"; do stop_group "$g"; done
  if [ "$status" -ne 0 ] || [ -n "$keep_work" ]; then
    moor_say "configs and logs of this run are kept in $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts a command in its own session so that it and all its children can be stopped together.
# Sets STARTED to its pid (= its process group id).
start_group() { # LOG COMMAND...
  local log=$1
  shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  STARTED=$!
  groups+=("$STARTED")
}

stop_group() { # PGID
  local g=$1 i
  kill -0 -- "-$g" 2>/dev/null || { wait "$g" 2>/dev/null || true; return 0; }
  kill -TERM -- "-$g" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 -- "-$g" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$g" 2>/dev/null || true
  wait "$g" 2>/dev/null || true
  local kept=()
  for i in "${groups[@]}"; do [ "$i" = "$g" ] || kept+=("$i"); done
  groups=("${kept[@]}")
}

# Ports below the ephemeral range, so no outgoing connection of the benchmark can hold one.
read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range
chosen_ports=" "
free_port() { # sets PORT
  local p i
  for i in $(seq 1 500); do
    p=$((10000 + RANDOM % (ephemeral_low - 10000)))
    [[ $chosen_ports == *" $p "* ]] && continue
    if [ -z "$(ss -Htan "sport = :$p")" ]; then
      chosen_ports+="$p "
      PORT=$p
      return 0
    fi
  done
  fail "found no free port on 127.0.0.1 below $ephemeral_low"
}

# Waits until GET URL answers 200; fails after SECONDS or when PID exits.
wait_for_200() { # URL SECONDS PID [CURL_OPTION...]
  local deadline=$((SECONDS + $2)) url=$1 pid=$3
  shift 3
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$(curl -s "$@" -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null)" = 200 ] && return 0
    sleep 0.5
  done
  return 1
}

# ---------------------------------------------------------------------------------------------- backend

nginx_common() { # DIR
  cat <<EOF
daemon off;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
EOF
}

nginx_http_common() { # DIR
  cat <<EOF
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path $1/client_body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
EOF
}

backend_dir="$work/backend"
mkdir -p "$backend_dir/www"
head -c 1024 /dev/zero | tr '\0' 'x' >"$backend_dir/www/payload"
free_port; backend_port=$PORT
free_port; fallback_port=$PORT
{
  echo "worker_processes $load_threads;"
  nginx_common "$backend_dir"
  echo "http {"
  nginx_http_common "$backend_dir"
  cat <<EOF
  default_type application/octet-stream;
  sendfile on;
  open_file_cache max=16 inactive=1h;
  open_file_cache_valid 1h;
  server {
    listen 127.0.0.1:$backend_port reuseport;
    root $backend_dir/www;
    location / {
      add_header X-Bench-Backend payload;
      # What the proxy in front sent: checked once per proxy before measuring.
      add_header X-Bench-Forwarded \$http_forwarded;
      add_header X-Bench-Request-Id \$http_x_request_id;
      try_files /payload =404;
    }
  }
  # What a request that matches none of the benchmark's routes reaches: the proxies' catch-all.
  server {
    listen 127.0.0.1:$fallback_port;
    location / {
      add_header X-Bench-Backend fallback always;
      return 404;
    }
  }
}
EOF
} >"$backend_dir/nginx.conf"

if [ "$routes" -gt 1 ]; then
  route_prefix() { printf '/route%05d/' "$1"; }
  bench_path="$(route_prefix $((routes - 1)))payload"
else
  bench_path=/payload
fi

# ---------------------------------------------------------------------------------------------- proxies

start_haproxy() { # THREADS PORT -> sets PROXY_PID
  local dir="$work/haproxy-$1"
  mkdir -p "$dir"
  {
    cat <<EOF
global
  nbthread $1
  maxconn 1000
defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend bench
  bind 127.0.0.1:$2${h2c:+ proto h2}
EOF
    if [ -z "$bare_peers" ]; then
      # The headers Moor's edge sets on every request, for a client that is not a trusted proxy.
      cat <<'EOF'
  http-request set-header X-Forwarded-For %[src]
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request set-header X-Forwarded-Port %[dst_port]
  http-request set-header Forwarded for=%[src];proto=http;host=%[req.hdr(host)]
  unique-id-format %{+X}o%ci%cp%fp%Ts%rt%pid
  http-request set-header X-Request-Id %[unique-id] unless { req.hdr(x-request-id) -m found }
EOF
    fi
    if [ "$routes" -gt 1 ]; then
      for ((i = 0; i < routes; i++)); do printf '%s backend\n' "$(route_prefix "$i")"; done >"$dir/routes.map"
      echo "  use_backend %[path,map_beg($dir/routes.map,fallback)]"
    else
      echo "  default_backend backend"
    fi
    cat <<EOF
backend backend
  server backend 127.0.0.1:$backend_port
backend fallback
  server fallback 127.0.0.1:$fallback_port
EOF
  } >"$dir/haproxy.cfg"
  haproxy -c -q -f "$dir/haproxy.cfg" >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; return 1; }
  start_group "$dir/haproxy.log" haproxy -db -f "$dir/haproxy.cfg"
  PROXY_PID=$STARTED
  PROXY_LOG="$dir/haproxy.log"
}

start_nginx() { # THREADS PORT -> sets PROXY_PID
  local dir="$work/nginx-$1"
  mkdir -p "$dir"
  {
    echo "worker_processes $1;"
    nginx_common "$dir"
    echo "http {"
    nginx_http_common "$dir"
    [ -n "$bare_peers" ] || echo '  map $http_x_request_id $bench_request_id { default $http_x_request_id; "" $request_id; }'
    cat <<EOF
  upstream backend {
    server 127.0.0.1:$backend_port;
    keepalive 64;
    keepalive_requests 1000000;
  }
  upstream fallback {
    server 127.0.0.1:$fallback_port;
    keepalive 8;
  }
  server {
    listen 127.0.0.1:$2${h2c:+ http2} reuseport;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
EOF
    if [ -z "$bare_peers" ]; then
      # The headers Moor's edge sets on every request, for a client that is not a trusted proxy.
      cat <<'EOF'
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $http_host;
    proxy_set_header X-Forwarded-Port $server_port;
    proxy_set_header Forwarded "for=$remote_addr;proto=$scheme;host=$http_host";
    proxy_set_header X-Request-Id $bench_request_id;
EOF
    fi
    if [ "$routes" -gt 1 ]; then
      for ((i = 0; i < routes; i++)); do
        printf '    location %s { proxy_pass http://backend; }\n' "$(route_prefix "$i")"
      done
      echo "    location / { proxy_pass http://fallback; }"
    else
      echo "    location / { proxy_pass http://backend; }"
    fi
    echo "  }"
    echo "}"
  } >"$dir/nginx.conf"
  nginx -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/check.log" 2>&1 || { cat "$dir/check.log" >&2; return 1; }
  start_group "$dir/nginx.log" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
  PROXY_PID=$STARTED
  PROXY_LOG="$dir/error.log"
}

moor_app=edge-bench
moor() { MOOR_HOME="$moor_home" "$root/moor" "$@"; }

start_moor() { # THREADS PORT -> sets PROXY_PID
  local dir="$work/moor-$1"
  mkdir -p "$dir" "$moor_home"
  {
    echo "app: $moor_app"
    echo "services:"
    echo "  backend:"
    echo "    external: [\"127.0.0.1:$backend_port\"]"
    if [ "$routes" -gt 1 ]; then
      echo "  fallback:"
      echo "    external: [\"127.0.0.1:$fallback_port\"]"
    fi
    echo "routes:"
    if [ "$routes" -gt 1 ]; then
      # The catch-all comes first and the benchmarked route last: only longest-prefix matching serves it.
      printf '  - path: /\n    service: fallback\n'
      for ((i = 0; i < routes; i++)); do printf '  - path: %s\n    service: backend\n' "$(route_prefix "$i")"; done
    else
      printf '  - path: /\n    service: backend\n'
    fi
    cat <<EOF
edge:
  listen: $2
  threads: $1
  access_log: off
EOF
  } >"$dir/moor.yaml"
  # validate builds Moor when needed and rejects what this Moor does not support yet, without Docker.
  if ! moor validate "$dir" >"$dir/validate.log" 2>&1; then
    moor_say "moor validate rejected the benchmark's moor.yaml ($dir/moor.yaml):"
    tail -n 20 "$dir/validate.log" >&2
    return 1
  fi
  start_group "$dir/up.log" env MOOR_HOME="$moor_home" "$root/moor" up "$dir"
  PROXY_PID=$STARTED
  PROXY_LOG="$dir/up.log"
  moor_running=1
}

stop_moor() {
  MOOR_HOME="$moor_home" timeout 60 "$root/moor" down --app "$moor_app" >"$work/moor-down.log" 2>&1 ||
    { moor_say "moor down --app $moor_app failed:"; tail -n 5 "$work/moor-down.log" >&2; }
  moor_running=""
}

start_timeout_of() { # PROXY
  if [ "$1" = moor ]; then echo "$moor_start_timeout"; else echo 20; fi
}

# ---------------------------------------------------------------------------------------------- wrk

clock_ticks=$(getconf CLK_TCK)

# CPU time (user + system, in clock ticks) used so far by the processes of a process group, their exited
# threads included.
group_cpu_ticks() { # PGID
  local f line rest fields total=0
  for f in /proc/[0-9]*/stat; do
    read -r line <"$f" 2>/dev/null || continue
    rest=${line##*) }   # the fields after "pid (comm) ", from state on
    read -r -a fields <<<"$rest"
    [ "${fields[2]}" = "$1" ] && total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# Seconds of CPU (user + system) that the children of this shell have used, from the builtin `times`, which
# writes to FILE first: in a pipe it would run in a new subshell, without children.
children_cpu_seconds() { # FILE
  times >"$1"
  awk 'NR == 2 {
    total = 0
    for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
    printf "%.3f\n", total
  }' "$1"
}

# Runs wrk against PORT for SECONDS while measuring the CPU time of process group PGID, and of the backend and
# wrk; sets WRK_RESULT to "req/s p50_us p99_us cpu_us_per_request others_cpu_us_per_request", or WRK_ERROR to
# why the run cannot be trusted.
run_wrk() { # PORT SECONDS LOG PGID
  local port=$1 secs=$2 log=$3 pgid=$4 parsed rps p50 p99 requests socket_errors non2xx
  measured "$log" "$pgid" wrk -t"$load_threads" -c"$connections" -d"${secs}s" --timeout 5s --latency \
    "http://127.0.0.1:$port$bench_path" || return 1
  parsed=$(awk '
    function micros(v,   n, unit) {
      if (!match(v, /^[0-9]+(\.[0-9]+)?/)) return "bad:" v
      n = substr(v, 1, RLENGTH); unit = substr(v, RLENGTH + 1)
      if (unit == "us") return n
      if (unit == "ms") return n * 1000
      if (unit == "s") return n * 1000000
      if (unit == "m") return n * 60000000
      return "bad:" v
    }
    $1 == "50%" { p50 = micros($2) }
    $1 == "99%" { p99 = micros($2) }
    /requests in/ { requests = $1 }
    $1 == "Requests/sec:" { rps = $2 }
    /Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    END { printf "%s %s %s %s %s %s\n", rps, p50, p99, requests, errors + 0, non2xx + 0 }
  ' "$log")
  read -r rps p50 p99 requests socket_errors non2xx <<<"$parsed"
  checked_result wrk "$log" "$rps" "$p50" "$p99" "$requests" "$socket_errors socket errors" "$non2xx"
}

# Runs h2load against PORT for SECONDS (HTTP/2 cleartext, one request in flight per connection) while
# measuring CPU as run_wrk does; sets WRK_RESULT or WRK_ERROR as run_wrk does. h2load prints no percentiles:
# p50 and p99 come from its per-request log.
run_h2load() { # PORT SECONDS LOG PGID
  local port=$1 secs=$2 log=$3 pgid=$4 parsed rps requests succeeded failed non2xx p50 p99
  measured "$log" "$pgid" h2load -t"$load_threads" -c"$connections" -m1 -D "$secs" --log-file="$log.requests" \
    "http://127.0.0.1:$port$bench_path" || return 1
  parsed=$(awk '
    /^finished in/ { rps = $4 }
    /^requests:/ { requests = $2; succeeded = $8; failed = $10 + $12 + $14 }
    /^status codes:/ { gsub(/,/, ""); non2xx = $5 + $7 + $9 }
    END { printf "%s %s %s %s %s\n", rps, requests, succeeded, failed + 0, non2xx + 0 }
  ' "$log")
  read -r rps requests succeeded failed non2xx <<<"$parsed"
  read -r p50 p99 <<<"$(cut -f 3 "$log.requests" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1] }')"
  rm -f "$log.requests"
  checked_result h2load "$log" "$rps" "${p50:-}" "${p99:-}" "$succeeded" "$failed failed, errored or timed-out requests" \
    "$non2xx"
}

# Runs COMMAND (the load generator) with its output in LOG while measuring the CPU time of process group PGID
# and of the backend; sets PROXY_TICKS, BACKEND_TICKS and CLIENT_SECONDS (the command's own CPU time), or
# WRK_ERROR.
measured() { # LOG PGID COMMAND...
  local log=$1 pgid=$2 proxy_before backend_before
  shift 2
  proxy_before=$(group_cpu_ticks "$pgid")
  backend_before=$(group_cpu_ticks "$backend_pid")
  # In a subshell whose only child is the command, so that `times` gives its CPU time.
  if ! CLIENT_SECONDS=$("$@" >"$log" 2>&1 && children_cpu_seconds "$log.times"); then
    WRK_ERROR="$1 failed: $(tail -n 3 "$log" | tr '\n' ' ')"
    return 1
  fi
  PROXY_TICKS=$(($(group_cpu_ticks "$pgid") - proxy_before))
  BACKEND_TICKS=$(($(group_cpu_ticks "$backend_pid") - backend_before))
}

# Checks one run's numbers; sets WRK_RESULT to "req/s p50_us p99_us cpu_us_per_request others_cpu_us_per_request"
# or WRK_ERROR to why the run cannot be trusted. ERRORS is "<count> <what they were>".
checked_result() { # TOOL LOG RPS P50 P99 REQUESTS ERRORS NON2XX, after measured
  local tool=$1 log=$2 rps=$3 p50=$4 p99=$5 requests=$6 errors=$7 non2xx=$8
  local number='^[0-9]+(\.[0-9]+)?$'
  if ! [[ $rps =~ $number && $p50 =~ $number && $p99 =~ $number && $requests =~ ^[0-9]+$ && $non2xx =~ ^[0-9]+$ ]]; then
    WRK_ERROR="could not read $tool's output (req/s '$rps', p50 '$p50', p99 '$p99', requests '$requests'): $log"
    return 1
  fi
  if [ "$requests" -eq 0 ] || awk -v r="$rps" -v a="$p50" -v b="$p99" 'BEGIN { exit !(r <= 0 || a <= 0 || b < a) }'; then
    WRK_ERROR="implausible $tool numbers: $requests requests, $rps req/s, p50 ${p50}us, p99 ${p99}us"
    return 1
  fi
  if [ "${errors%% *}" != 0 ] || [ "$non2xx" -ne 0 ]; then
    WRK_ERROR="$non2xx non-2xx responses and $errors out of $requests requests"
    return 1
  fi
  WRK_RESULT="$rps $p50 $p99 $(awk -v t="$PROXY_TICKS" -v b="$BACKEND_TICKS" -v w="$CLIENT_SECONDS" -v hz="$clock_ticks" -v n="$requests" \
    'BEGIN { printf "%.2f %.2f", t * 1000000 / hz / n, (b / hz + w) * 1000000 / n }')"
}

run_load() { # PORT SECONDS LOG PGID
  if [ -n "$h2c" ]; then run_h2load "$@"; else run_wrk "$@"; fi
}

# ---------------------------------------------------------------------------------------------- run

start_group "$backend_dir/nginx.log" nginx -p "$backend_dir" -e "$backend_dir/error.log" -c "$backend_dir/nginx.conf"
backend_pid=$STARTED
wait_for_200 "http://127.0.0.1:$backend_port$bench_path" 20 "$backend_pid" ||
  { cat "$backend_dir/error.log" "$backend_dir/nginx.log" >&2 2>/dev/null; fail "the nginx backend did not start on 127.0.0.1:$backend_port"; }

declare -A rps_of=() p50_of=() p99_of=() cpu_of=() others_of=() busy_of=() failure_of=()   # key: proxy:threads; values: one number per round
declare -A port_of=() pid_of=()
rounds_md=""

mark_failed() { # PROXY THREADS REASON
  failure_of[$1:$2]=$3
  keep_work=1
  moor_say "${label[$1]} with $2 thread(s) FAILED: $3"
}

# Checks through the proxy that the benchmarked path reaches the backend's payload and, with routes,
# that an unrouted path does not: the measured route is the one doing the work.
check_routing() { # PORT PROXY
  local answer
  local version=1.1
  [ -z "$h2c" ] || version=2
  answer=$(curl -s "${curl_protocol[@]}" -o /dev/null -D - --max-time 5 -w '%{http_code} %{size_download} HTTP/%{http_version}' \
    "http://127.0.0.1:$1$bench_path" | tr -d '\r')
  [[ ${answer,,} == *"x-bench-backend: payload"* && ${answer##*$'\n'} == "200 1024 HTTP/$version" ]] ||
    { CHECK_ERROR="GET $bench_path over HTTP/$version did not return the backend's 1 KiB payload: ${answer##*$'\n'}"; return 1; }
  if [ -z "$bare_peers" ] || [ "$2" = moor ]; then
    [[ ${answer,,} == *"x-bench-forwarded: for=127.0.0.1;"* && ${answer,,} == *"x-bench-request-id: "[0-9a-f]* ]] ||
      { CHECK_ERROR="GET $bench_path reached the backend without a Forwarded header and a request id"; return 1; }
  fi
  if [ "$routes" -gt 1 ]; then
    answer=$(curl -s "${curl_protocol[@]}" -o /dev/null --max-time 5 -w '%{http_code}' "http://127.0.0.1:$1/unrouted/payload")
    [ "$answer" != 200 ] || { CHECK_ERROR="GET /unrouted/payload returned 200: the catch-all reaches the backend"; return 1; }
  fi
}

moor_given_up=""
for t in "${thread_counts[@]}"; do
  live=()
  for p in "${proxies[@]}"; do
    if [ "$p" = moor ] && [ -n "$moor_given_up" ]; then
      mark_failed moor "$t" "not started: Moor failed with fewer threads above"
      continue
    fi
    free_port; port_of[$p]=$PORT
    moor_say "starting ${label[$p]} with $t thread(s) on 127.0.0.1:$PORT..."
    if ! "start_$p" "$t" "$PORT"; then
      mark_failed "$p" "$t" "did not start (output above)"
      [ "$p" = moor ] && moor_given_up=1
      continue
    fi
    pid_of[$p]=$PROXY_PID
    if ! wait_for_200 "http://127.0.0.1:$PORT$bench_path" "$(start_timeout_of "$p")" "$PROXY_PID" "${curl_protocol[@]}"; then
      tail -n 20 "$PROXY_LOG" >&2 2>/dev/null || true
      if kill -0 "$PROXY_PID" 2>/dev/null; then
        mark_failed "$p" "$t" "no 200 on 127.0.0.1:$PORT$bench_path within $(start_timeout_of "$p") s (its log above)"
      else
        mark_failed "$p" "$t" "exited before answering 200 on 127.0.0.1:$PORT$bench_path (its log above)"
      fi
      [ "$p" = moor ] && { moor_given_up=1; stop_moor; }
      stop_group "$PROXY_PID"
      continue
    fi
    if ! check_routing "$PORT" "$p"; then
      mark_failed "$p" "$t" "$CHECK_ERROR"
      [ "$p" = moor ] && stop_moor
      stop_group "$PROXY_PID"
      continue
    fi
    live+=("$p")
  done

  # Each round's client opens new connections. Moor's JIT compiles its hot paths during the first warm-up run,
  # whose connections were all set up before that, so it leaves their set-up out as never taken; the first new
  # connections after it deoptimise and recompile (0.7 s of C2 time on two cores, a first round with a p99 a
  # third above the others'). The second, round-long run takes that hit outside the measurement.
  for p in "${live[@]}"; do
    moor_say "warming up ${label[$p]} ($t thread(s)) for ${warmup} s + ${duration} s..."
    if ! run_load "${port_of[$p]}" "$warmup" "$work/$client-$p-$t-warmup.txt" "${pid_of[$p]}" ||
       ! run_load "${port_of[$p]}" "$duration" "$work/$client-$p-$t-warmup2.txt" "${pid_of[$p]}"; then
      mark_failed "$p" "$t" "warm-up: $WRK_ERROR"
    fi
  done

  for ((r = 1; r <= rounds; r++)); do
    for p in "${live[@]}"; do
      [ -z "${failure_of[$p:$t]:-}" ] || continue
      moor_say "round $r/$rounds: ${label[$p]} ($t thread(s)) for ${duration} s..."
      if ! run_load "${port_of[$p]}" "$duration" "$work/$client-$p-$t-$r.txt" "${pid_of[$p]}"; then
        mark_failed "$p" "$t" "round $r: $WRK_ERROR"
        continue
      fi
      read -r rps p50 p99 cpu others <<<"$WRK_RESULT"
      rps_of[$p:$t]+="$rps "
      cpu_of[$p:$t]+="$cpu "
      others_of[$p:$t]+="$others "
      busy=$(awk -v r="$rps" -v o="$others" 'BEGIN { printf "%.2f", r * o / 1e6 }')
      busy_of[$p:$t]+="$busy "
      p50_of[$p:$t]+="$p50 "
      p99_of[$p:$t]+="$p99 "
      rounds_md+=$(printf '| %s | %s | %s | %.0f | %.3f | %.3f | %.1f | %.1f | %.2f |' "$r" "${label[$p]}" "$t" "$rps" \
        "$(awk -v v="$p50" 'BEGIN { print v / 1000 }')" "$(awk -v v="$p99" 'BEGIN { print v / 1000 }')" "$cpu" \
        "$others" "$busy")$'\n'
    done
  done

  for p in "${live[@]}"; do
    [ "$p" = moor ] && stop_moor
    stop_group "${pid_of[$p]}"
  done
done

# ---------------------------------------------------------------------------------------------- table

# Both take the rounds' values as one space-separated string.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1; sum += $1 } END { printf "%.1f%%", (v[NR] - v[1]) * 100 / (sum / NR) }'; }

rows=()   # tab-separated: proxy threads req/s spread p50 p99 cpu ratio_rps ratio_p99
for t in "${thread_counts[@]}"; do
  moor_rps="" moor_p99=""
  if [ -n "${rps_of[moor:$t]:-}" ] && [ -z "${failure_of[moor:$t]:-}" ]; then
    moor_rps=$(median "${rps_of[moor:$t]}"); moor_p99=$(median "${p99_of[moor:$t]}")
  fi
  for p in "${proxies[@]}"; do
    if [ -n "${failure_of[$p:$t]:-}" ]; then
      rows+=("${label[$p]}"$'\t'"$t"$'\tfailed\t—\t—\t—\t—\t—\t—\t—\t—')
      continue
    fi
    rps=$(median "${rps_of[$p:$t]}"); p50=$(median "${p50_of[$p:$t]}"); p99=$(median "${p99_of[$p:$t]}")
    cpu=$(median "${cpu_of[$p:$t]}"); others=$(median "${others_of[$p:$t]}"); busy=$(median "${busy_of[$p:$t]}")
    ratio_rps="—" ratio_p99="—"
    if [ "$p" != moor ] && [ -n "$moor_rps" ]; then
      ratio_rps=$(awk -v m="$moor_rps" -v o="$rps" 'BEGIN { printf "%.2f×", m / o }')
      ratio_p99=$(awk -v m="$moor_p99" -v o="$p99" 'BEGIN { printf "%.2f×", m / o }')
    fi
    rows+=("$(awk -v n="${label[$p]}" -v t="$t" -v r="$rps" -v s="$(spread "${rps_of[$p:$t]}")" -v a="$p50" -v b="$p99" \
      -v c="$cpu" -v o="$others" -v u="$busy" -v x="$ratio_rps" -v y="$ratio_p99" \
      'BEGIN { printf "%s\t%s\t%.0f\t%s\t%.3f ms\t%.3f ms\t%.1f µs\t%.1f µs\t%.2f\t%s\t%s", n, t, r, s, a / 1000, b / 1000, c, o, u, x, y }')")
  done
done

header=$'proxy\tthreads\treq/s\tspread\tp50\tp99\tCPU/req\tbackend+'"$client"$' CPU/req\tbackend+'"$client"$' cores\tMoor/peer req/s\tMoor/peer p99'
echo
{ printf '%s\n' "$header"; printf '%s\n' "${rows[@]}"; } | column -t -s $'\t'
echo

tool_versions() {
  local versions
  versions="$(nginx -v 2>&1 | sed 's/^nginx version: //')"
  command -v haproxy >/dev/null && versions+=", HAProxy $(haproxy -v | awk 'NR == 1 { print $3 }')"
  if [ -n "$h2c" ]; then
    versions+=", $(h2load --version 2>&1 | awk 'NR == 1 { print $1, $2 }')"
  else
    versions+=", wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')"
  fi
  printf '%s\n' "$versions"
}

mkdir -p "$root/bench/results"
routes_suffix=""; [ "$routes" -gt 1 ] && routes_suffix="-routes$routes"
[ -z "$h2c" ] || routes_suffix+="-h2c"
[ "$load_threads" -eq 1 ] || routes_suffix+="-load$load_threads"
[ -n "$out" ] || out="$root/bench/results/edge-$(date +%Y-%m-%d-%H%M)$routes_suffix.md"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ] && commit+=" (with uncommitted changes)"
{
  echo "# Edge benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "- machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), Linux $(uname -r); Moor at $commit"
  echo "- $(tool_versions)"
  if [ -n "$h2c" ]; then
    echo "- h2load -t$load_threads -c$connections -m1: HTTP/2 cleartext (prior knowledge) to the proxy, HTTP/1.1 from the proxy to the backend; p50 and p99 from h2load's per-request log"
  else
    echo "- wrk -t$load_threads -c$connections --latency, keep-alive"
  fi
  echo "- backend: nginx with $load_threads worker process(es) serving a 1 KiB file"
  echo "- GET $bench_path (1 KiB); ${warmup} s + ${duration} s warm-up (two runs), median of $rounds round(s) of ${duration} s, proxies alternating within each round"
  if [ -n "$bare_peers" ]; then
    echo "- HAProxy and nginx add no forwarding headers (--bare-peers); Moor adds X-Forwarded-*, Forwarded and X-Request-Id"
  else
    echo "- every proxy sets X-Forwarded-For/-Proto/-Host/-Port, Forwarded and X-Request-Id (when absent), as Moor does"
  fi
  if [ "$routes" -gt 1 ]; then
    echo "- $routes path-prefix routes plus a catch-all / in every proxy; the request matches the last route"
  else
    echo "- one route: / to the backend"
  fi
  echo "- Moor/peer req/s above 1 and Moor/peer p99 below 1 favour Moor; spread is (max - min) / mean of the rounds' req/s;"
  echo "  CPU/req is the proxy's CPU time (user + system, all its processes and threads) per request; backend+$client CPU/req"
  echo "  is the same for the nginx backend and $client together, which share the machine's cores with the proxy;"
  if [ "$load_threads" -eq 1 ]; then
    echo "  backend+$client cores is req/s × that CPU/req: near 1.00 at one proxy thread, those two single-threaded programs"
    echo "  filled the core the proxy left them, and no proxy could have gone faster than req/s ÷ that number"
  else
    echo "  backend+$client cores is req/s × that CPU/req: the share of the machine's cores those two used"
  fi
  echo
  printf '| %s |\n' "${header//$'\t'/ | }"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for row in "${rows[@]}"; do printf '| %s |\n' "${row//$'\t'/ | }"; done
  if [ ${#failure_of[@]} -gt 0 ]; then
    echo
    echo "Failures:"
    for key in "${!failure_of[@]}"; do echo "- ${label[${key%%:*}]} with ${key##*:} thread(s): ${failure_of[$key]}"; done | sort
  fi
  echo
  echo "## Rounds"
  echo
  echo "| round | proxy | threads | req/s | p50 (ms) | p99 (ms) | CPU/req (µs) | backend+$client CPU/req (µs) | backend+$client cores |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s' "$rounds_md"
} >"$out"
moor_say "table written to $out"

if [ ${#failure_of[@]} -gt 0 ]; then
  moor_say "${#failure_of[@]} proxy run(s) failed (see above and $out)."
  exit 1
fi
