#!/usr/bin/env bash
# Replays WAF corpora through Moor's edge and prints what its WAF refused: see "WAF" in bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

usage() {
  cat <<'EOF_USAGE'
Usage: bench/waf.sh DIR [options]

Replays the requests of DIR (JSON lines, as ../shared/waf-corpus holds the OWASP Core Rule Set's regression requests
for SQL injection and XSS) and of the benign corpus bench/waf-benign through a real edge: each request is sent as an
HTTP/1.1 request on its own connection to an edge whose route has SQL-injection and XSS detection blocking, in front of
a backend that answers 200. A 403 naming a detector's rule is a detection. Prints, per paranoia level, the attack lines
refused by family and by the paranoia level of the line, and the benign lines refused; then the same corpora through
the detector alone (CorpusReplay: every level, the lines the CRS expects not to flag, the held-out benign lines, the
time per request).

Options:
  --levels LIST   paranoia levels to run through the edge, comma-separated from 1 to 4 (default: 1,2)
  --benign DIR    the benign corpus (default: bench/waf-benign)
  --out FILE      where the report goes (default: bench/results/waf-<date>.md)
  -h, --help      this text
EOF_USAGE
}

fail() { moor_say "$*"; exit 1; }

[ $# -gt 0 ] || { usage >&2; exit 1; }
case "$1" in -h|--help) usage; exit 0 ;; esac
corpus=$1
shift
levels=1,2
benign="$root/bench/waf-benign"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --levels) levels=${2:?--levels needs a value}; shift 2 ;;
    --benign) benign=${2:?--benign needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option: $1" ;;
  esac
done
[[ $levels =~ ^[1-4](,[1-4])*$ ]] || fail "--levels: $levels (expected: paranoia levels 1 to 4, comma-separated)"
ls "$corpus"/*.jsonl >/dev/null 2>&1 || [[ $corpus == *.jsonl && -f $corpus ]] ||
  fail "$corpus: no .jsonl file (expected: a directory of JSON lines such as ../shared/waf-corpus, or one such file)"
ls "$benign"/*.jsonl >/dev/null 2>&1 || fail "--benign: $benign holds no .jsonl file"

JAVA_HOME=$(moor_find_java)
export JAVA_HOME
cd "$root"
moor_say "compiling the edge and its test classes (./mvnw -pl edge -am test-compile)..."
./mvnw -q -B -pl edge -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/waf.classpath >/dev/null
classpath="edge/target/test-classes:edge/target/classes:$(cat edge/target/waf.classpath)"

mkdir -p bench/results
[ -n "$out" ] || out="bench/results/waf-$(date +%Y-%m-%d-%H%M).md"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || commit+=" (with uncommitted changes)"
{
  echo "# WAF corpus replay, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "- Moor at $commit; corpora: $corpus ($(cat "$corpus"/*.jsonl 2>/dev/null | wc -l) lines), $benign ($(cat "$benign"/*.jsonl | wc -l) lines)"
  echo "- through the edge: \`bench/waf.sh\` (CorpusThroughEdge), each request on its own connection, SQL-injection and XSS detection blocking"
  echo
  echo '```'
} >"$report"
moor_say "through the edge, paranoia levels $levels..."
# The edge's own log lines (start, listening) are not part of the report.
"$JAVA_HOME/bin/java" -cp "$classpath" dev.moor.edge.waf.CorpusThroughEdge "$levels" "$corpus" "$benign" 2>/dev/null |
  grep -v '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]' | tee -a "$report"
{
  echo '```'
  echo
  echo "The detector alone (CorpusReplay), every paranoia level:"
  echo
  echo '```'
} >>"$report"
moor_say "the detector alone, paranoia levels 1 to 4..."
"$JAVA_HOME/bin/java" -cp "$classpath" dev.moor.edge.waf.CorpusReplay "$corpus" "$benign" | tee -a "$report"
echo '```' >>"$report"
cp "$report" "$out"
moor_say "report written to $out"
