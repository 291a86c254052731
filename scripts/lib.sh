# Shared by ./moor, scripts/test, scripts/base-images and the benchmarks. Source it; it defines functions only.

moor_say() { printf 'moor: %s\n' "$*" >&2; }

# Prints the home of a JDK whose major version is at least 25 (with javac), preferring JAVA_HOME.
moor_find_java() {
  local candidates=() d v best="" best_v=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    case "$v" in ''|*[!0-9]*) continue ;; esac
    if [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    moor_say "Moor needs a JDK 25 or newer and found none (looked at JAVA_HOME, /usr/lib/jvm, /opt/java)."
    moor_say "Install one (for example Temurin 25) and set JAVA_HOME to it, then run this again."
    return 1
  fi
  printf '%s\n' "$best"
}

# The JVM flags Moor runs with, into the array MOOR_JAVA_FLAGS (./moor and the benchmarks that time Moor use them).
# Netty 4.2 on Java 25 uses sun.misc.Unsafe for direct buffers only when told to (13% of the edge's CPU), and its
# leak detector samples buffers in production unless disabled (6%); tests run with it at paranoid. The build's
# ahead-of-time cache (moor.aot beside JAR, made by CliTraining) is added when it is newer than JAR: a command's
# JVM, and the server it starts, then load and link Moor's classes from it (moor up on a running server: 2.0 s ->
# 1.45 s to the first 200).
moor_java_flags() { # JAR
  local cache
  cache="$(dirname "$1")/moor.aot"
  MOOR_JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
    -Dio.netty.noUnsafe=false -Dio.netty.leakDetection.level=disabled)
  if [ "$cache" -nt "$1" ]; then
    MOOR_JAVA_FLAGS+=(-XX:AOTCache="$cache" -Xlog:aot=off -Xlog:cds=off)
  fi
}

moor_docker_socket() {
  case "${DOCKER_HOST:-}" in
    unix://*) printf '%s\n' "${DOCKER_HOST#unix://}" ;;
    '') printf '%s\n' /var/run/docker.sock ;;
    *) return 1 ;;
  esac
}

# True when a Docker engine answers its ping.
moor_docker_answers() {
  if command -v docker >/dev/null 2>&1; then
    timeout 10 docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1 && return 0
  fi
  local sock
  sock=$(moor_docker_socket) || return 1
  [ -S "$sock" ] || return 1
  if command -v curl >/dev/null 2>&1; then
    [ "$(timeout 10 curl -s --unix-socket "$sock" http://localhost/_ping 2>/dev/null)" = OK ]
  else
    return 1
  fi
}

moor_wait_for_docker() {
  local i
  for i in $(seq 1 60); do
    moor_docker_answers && return 0
    sleep 1
  done
  return 1
}

# Makes sure a Docker engine answers: installs Debian's docker.io and starts dockerd when none does and
# this runs as root on Debian or Ubuntu; otherwise says what to do and fails.
moor_ensure_docker() {
  moor_docker_answers && return 0
  if [ -n "${DOCKER_HOST:-}" ] && ! moor_docker_socket >/dev/null; then
    moor_say "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST; start it or unset DOCKER_HOST."
    return 1
  fi
  if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
    moor_say "no Docker engine answers at $(moor_docker_socket)."
    moor_say "Start Docker (for example: sudo systemctl start docker), or set DOCKER_HOST, then run this again."
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    moor_say "no Docker engine here: installing Debian's docker.io (apt-get install docker.io)..."
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; }; then
      moor_say "installing docker.io failed; install Docker yourself and run this again."
      return 1
    fi
  fi
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    moor_say "starting the Docker engine (systemctl start docker)..."
    systemctl start docker >/dev/null 2>&1 && moor_wait_for_docker && return 0
  fi
  local log=/var/log/moor-dockerd.log
  moor_say "starting the Docker engine (dockerd, log in $log)..."
  nohup dockerd >"$log" 2>&1 </dev/null &
  moor_wait_for_docker && return 0
  # Some sandboxes cannot create the default docker0 bridge; Moor gives every app its own network anyway.
  if grep -qiE 'bridge|docker0' "$log" 2>/dev/null; then
    moor_say "dockerd could not set up its default bridge; starting it with --bridge=none..."
    pkill -x dockerd 2>/dev/null; sleep 1
    nohup dockerd --bridge=none >>"$log" 2>&1 </dev/null &
    moor_wait_for_docker && return 0
  fi
  moor_say "dockerd did not answer within 60 s; its log: $log"
  tail -n 20 "$log" >&2
  return 1
}

# Makes sure the commands named exist, installing their Debian packages (command=package pairs) when run as
# root on Debian or Ubuntu; otherwise says which are missing and fails.
moor_ensure_commands() {
  local pair command package missing=()
  for pair in "$@"; do
    command=${pair%%=*}; package=${pair#*=}
    command -v "$command" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
    moor_say "missing: ${missing[*]} (install these packages, then run this again)"
    return 1
  fi
  moor_say "installing Debian packages: ${missing[*]}..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Makes sure Let's Encrypt's test ACME server is here (Debian's pebble: pebble and its DNS stand-in
# pebble-challtestsrv), which the server's ACME tests start on ports of their own; installs it when run as root on
# Debian or Ubuntu, otherwise says what to do and fails.
moor_ensure_pebble() {
  command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
    moor_say "the ACME tests need Debian's pebble package (pebble, pebble-challtestsrv): install it, then run this again."
    return 1
  fi
  moor_say "installing Debian's pebble (Let's Encrypt's test ACME server) for the ACME tests..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pebble >/dev/null &&
    command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1
}

# The end of a benchmark that ran a Moor server of its own (MOOR_HOME under WORK): stops the server, removes every
# container and network of INSTALLATION (when known), keeps WORK for its logs when the run failed (STATUS != 0).
moor_bench_cleanup() { # STATUS ROOT WORK INSTALLATION
  local status=$1 root=$2 work=$3 installation=$4
  "$root/moor" server stop >/dev/null 2>&1
  if [ -n "$installation" ]; then
    docker ps -aq --filter "label=moor.owner=$installation" | xargs -r docker rm -f >/dev/null 2>&1
    docker network ls -q --filter "label=moor.owner=$installation" | xargs -r docker network rm >/dev/null 2>&1
  fi
  if [ "$status" -ne 0 ]; then
    moor_say "logs of this run are kept in $work"
  else
    rm -rf "$work"
  fi
}
