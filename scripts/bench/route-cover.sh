#!/usr/bin/env bash
# Time of the computation behind `opsnotify sync-cf-routes`: parse the full 2.6 MB ip-ranges.json
# and fit CloudFront's IPv4 prefixes into K routes (scripts/bench/RouteCoverBench.java). No AWS call.
# Cold: RUNS fresh JVMs per flag set, each timed from outside (process wall time) and inside (the
# work alone): first with the flags scripts/opsnotify starts the CLI with (C1 only, Serial GC), then
# with the JVM's defaults. Warm: one JVM, WARMUP + N iterations, median of the last N.
# Bounded; under a minute on 2 cores.
#
#   scripts/bench/route-cover.sh                    # RUNS=10 K=50 WARMUP=50 N=50
#   RUNS=5 K=50 SKIP_BUILD=1 scripts/bench/route-cover.sh
#
# docs/performance.md ("sync-cf-routes: computing the route set") records a run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-10}
K=${K:-50}
WARMUP=${WARMUP:-50}
N=${N:-50}
JAVA=${JAVA:-java}
FILE=${FILE:-}
(( RUNS >= 1 && RUNS <= 100 )) || { echo "RUNS must be 1..100" >&2; exit 2; }
(( K >= 1 && K <= 1000 )) || { echo "K must be 1..1000" >&2; exit 2; }

# the real 2026-08-22 file the tests use, carried by the repository
FILE=${FILE:-$ROOT/cli/src/test/resources/fixtures/ip-ranges/ip-ranges-2026-08-22.json}
[[ -f "$FILE" ]] || { echo "ip-ranges.json not found; set FILE=" >&2; exit 2; }

OUT="$ROOT/cli/target/route-cover-bench"
mkdir -p "$OUT/classes"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  # with -am the notifier module writes the file first and cli, built last, overwrites it; package
  # (not compile) so that the notifier's test-jar, a test dependency of cli, exists in the reactor
  # on a fresh clone where nothing was ever installed into ~/.m2
  (cd "$ROOT" && mvn -q -pl cli -am package -DskipTests dependency:build-classpath \
     -Dmdep.outputFile="$OUT/deps.txt" -Dmdep.includeScope=runtime)
fi
CP="$ROOT/cli/target/classes:$(cat "$OUT/deps.txt")"
javac -d "$OUT/classes" -cp "$CP" "$ROOT/scripts/bench/RouteCoverBench.java"
CP="$OUT/classes:$CP"

LAUNCHER_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"   # as in scripts/opsnotify
echo "file: $FILE ($(stat -c %s "$FILE") bytes), K=$K, $("$JAVA" -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cold() {  # $1 = label, rest = JVM flags
  local label=$1; shift
  local walls=() works=() i t0 t1 wall line
  for ((i = 1; i <= RUNS; i++)); do
    t0=$(date +%s%N)
    line=$("$JAVA" "$@" -cp "$CP" RouteCoverBench "$FILE" "$K" cold)
    t1=$(date +%s%N)
    wall=$(( (t1 - t0) / 1000000 ))
    walls+=("$wall")
    works+=("$(sed -E 's/.*work_ms=([0-9.]+).*/\1/' <<<"$line")")
    echo "  $label run $i: wall_ms=$wall $line"
  done
  echo "cold [$label]: median process wall ${walls[*]:+$(median "${walls[@]}")} ms (JVM start + read + parse + fit + exit), median work $(median "${works[@]}") ms, over $RUNS JVMs"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# shellcheck disable=SC2086
cold "launcher flags" $LAUNCHER_FLAGS
cold "JVM defaults"
# shellcheck disable=SC2086
echo "warm [launcher flags]: $("$JAVA" $LAUNCHER_FLAGS -cp "$CP" RouteCoverBench "$FILE" "$K" warm "$WARMUP" "$N")"
echo "warm [JVM defaults]:   $("$JAVA" -cp "$CP" RouteCoverBench "$FILE" "$K" warm "$WARMUP" "$N")"
