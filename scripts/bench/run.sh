#!/usr/bin/env bash
# Cold/warm benchmark of the opsnotify notifier against a local MariaDB and a local webhook sink,
# side by side with a minimal Python reference (scripts/bench/reference_notifier.py), in one run.
# Results and the table go to bench-results/<timestamp>/ (git-ignored); docs/performance.md
# explains them. Bounded: RUNS cold runs per variant, WARMUP + WARM_N warm events per warm run,
# PROBE_RUNS per stage probe; about three minutes in all on 2 cores.
#
#   scripts/bench/run.sh                 # RUNS=20 PROBE_RUNS=10 WARMUP=5000 WARM_N=20000
#   RUNS=10 SKIP_BUILD=1 scripts/bench/run.sh
#   BASELINE_JAR=/path/to/older/opsnotify-notifier.jar scripts/bench/run.sh   # + that jar, same rounds
#
# Needs root for apt-get (python3-pymysql, mariadb-server, curl) unless they are installed.
# MariaDB: Debian's mariadb-server binaries, a throw-away datadir, 127.0.0.1 and a free port,
# run as root with --user=root; stopped on exit. Nothing is left running.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/scripts/bench"
RUNS=${RUNS:-20}
PROBE_RUNS=${PROBE_RUNS:-10}
WARMUP=${WARMUP:-5000}
WARM_N=${WARM_N:-20000}
JAVA17_HOME=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=/usr/bin/python3
JAR="$ROOT/notifier/target/opsnotify-notifier.jar"
OUT="$ROOT/bench-results/$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$OUT/work"
mkdir -p "$WORK"
(( RUNS >= 1 && RUNS <= 200 && PROBE_RUNS >= 0 && PROBE_RUNS <= 200 )) || { echo "RUNS must be 1..200" >&2; exit 2; }
(( WARM_N >= 1 && WARM_N <= 200000 && WARMUP >= 0 && WARMUP <= 100000 )) || { echo "WARM_N/WARMUP out of bounds" >&2; exit 2; }

log() { printf '== %s\n' "$*" >&2; }
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- prerequisites ---------------------------------------------------------------------------
need=()
$PY -c 'import pymysql' 2>/dev/null || need+=(python3-pymysql)
command -v curl >/dev/null || need+=(curl)
command -v mariadbd >/dev/null || need+=(mariadb-server)
command -v nginx >/dev/null || need+=(nginx-light)
if (( ${#need[@]} )); then
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$JAR" ]]; then
  log "building the Lambda jar"
  (cd "$ROOT" && JAVA_HOME=$JAVA17_HOME mvn -q -DskipTests package)
fi

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
DB_PORT=$(free_port)
SINK_PORT=$(free_port)
KA_PORT=$(free_port)
NGX_PORT=$(free_port)

DB_PID=""; SINK_PID=""; KA_PID=""; NGX_PID=""
cleanup() {
  [[ -n "$NGX_PID" ]] && kill "$NGX_PID" 2>/dev/null || true
  [[ -n "$SINK_PID" ]] && kill "$SINK_PID" 2>/dev/null || true
  [[ -n "$KA_PID" ]] && kill "$KA_PID" 2>/dev/null || true
  if [[ -n "$DB_PID" ]]; then
    kill "$DB_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$DB_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$WORK/mariadb"
}
trap cleanup EXIT

# ---- MariaDB on 127.0.0.1 --------------------------------------------------------------------
log "starting MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$DB_PORT"
mariadb-install-db --no-defaults --datadir="$WORK/mariadb" --user=root \
  --auth-root-authentication-method=socket >"$WORK/mariadb-install.log" 2>&1
mariadbd --no-defaults --datadir="$WORK/mariadb" --user=root --bind-address=127.0.0.1 --port="$DB_PORT" \
  --socket="$WORK/mariadb.sock" --pid-file="$WORK/mariadb.pid" --log-error="$WORK/mariadb.err" \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --innodb-buffer-pool-size=64M --skip-log-bin --max-connections=50 &
DB_PID=$!
for i in $(seq 1 100); do
  mariadb --no-defaults -S "$WORK/mariadb.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
  kill -0 "$DB_PID" 2>/dev/null || { cat "$WORK/mariadb.err" >&2; exit 1; }
  (( i == 100 )) && { echo "MariaDB did not start in 20 s" >&2; exit 1; }
  sleep 0.2
done
mariadb --no-defaults -S "$WORK/mariadb.sock" -uroot <<'SQL'
CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench-password';
GRANT SELECT ON shop.* TO 'bench'@'127.0.0.1';
USE shop;
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200) NOT NULL);
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NOT NULL,
  currency CHAR(3) NOT NULL, status VARCHAR(20) NOT NULL, created_at DATETIME NOT NULL,
  KEY (customer_id));
INSERT INTO customers VALUES (1, '山田 太郎', 'taro@example.jp'), (2, 'Ada <Lovelace> & Co', 'ada@example.com'),
  (3, 'Zoë Müller', 'zoe@example.de');
INSERT INTO orders SELECT seq, 1 + seq % 3, ROUND(seq * 1.37, 2), IF(seq % 3 = 1, 'JPY', 'EUR'), 'paid',
  '2026-01-01 00:00:00' + INTERVAL seq MINUTE FROM seq_1_to_1000;
SQL
ROWS=1000

# ---- webhook sinks, config, event ---------------------------------------------------------------
$PY "$BENCH/sink.py" "$SINK_PORT" &
SINK_PID=$!
$PY "$BENCH/sink.py" "$KA_PORT" --keep-alive &
KA_PID=$!
for port in "$SINK_PORT" "$KA_PORT"; do
  for i in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$port/count" >/dev/null 2>&1 && break
    (( i == 50 )) && { echo "sink on $port did not start" >&2; exit 1; }
    sleep 0.1
  done
done
# a native sink too: the Python sink's own CPU (~0.3 ms a request) bounds the warm rate on 2 cores
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$NGX_PORT; location / { return 200 "ok"; } }
}
NGX
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGX_PID=$!
for i in $(seq 1 50); do
  curl -fs -X POST -d x "http://127.0.0.1:$NGX_PORT/" >/dev/null 2>&1 && break
  (( i == 50 )) && { echo "nginx sink did not start" >&2; exit 1; }
  sleep 0.1
done
NGX_WEBHOOK="http://127.0.0.1:$NGX_PORT/services/T0BENCH/B0BENCH/bench-token"
WEBHOOK="http://127.0.0.1:$SINK_PORT/services/T0BENCH/B0BENCH/bench-token"
KA_WEBHOOK="http://127.0.0.1:$KA_PORT/services/T0BENCH/B0BENCH/bench-token"
cat >"$WORK/opsnotify.yaml" <<YAML
database:
  url: jdbc:mariadb://127.0.0.1:$DB_PORT/shop
  user: bench
  password: \${env:DB_PASSWORD}
slack:
  webhookUrl: \${env:OPSNOTIFY_WEBHOOK}
events:
  order.created:
    query: |
      SELECT o.id, o.total, o.currency, o.status, c.name AS customer, c.email
      FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = :id
    text: "New order #{{id}} from {{customer}} ({{email}}): {{total}} {{currency}}, {{status}}"
YAML
# order 42 belongs to customer 1, 山田 太郎
cat >"$WORK/event.json" <<'JSON'
{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn":"arn:aws:sns:eu-west-1:123456789012:orders:0f1e2d3c","Sns":{"Type":"Notification","MessageId":"95df01b4-ee98-5cb9-9903-4c221d41eb5e","TopicArn":"arn:aws:sns:eu-west-1:123456789012:orders","Subject":null,"Message":"{\"type\":\"order.created\",\"id\":42}","Timestamp":"2026-01-01T00:00:00.000Z","SignatureVersion":"1","MessageAttributes":{}}}]}
JSON
export OPSNOTIFY_CONFIG="$WORK/opsnotify.yaml" DB_PASSWORD=bench-password OPSNOTIFY_WEBHOOK="$WEBHOOK"
export DB_HOST=127.0.0.1 DB_PORT DB_USER=bench DB_NAME=shop WEBHOOK_URL="$WEBHOOK"
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS

J17="$JAVA17_HOME/bin/java"
J25="$JAVA25_HOME/bin/java"
C1="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
MAIN="io.opsnotify.notifier.LocalLambda"
EV="$WORK/event.json"
posts=0   # POSTs the default sink must have received by the end

log "sanity: one Java and one Python invocation; each must deliver the Japanese name intact"
check_last() { $PY -c 'import json,sys; t=json.load(sys.stdin)["text"]; print("  posted:", t, file=sys.stderr); assert "山田 太郎" in t' \
  < <(curl -fs "http://127.0.0.1:$SINK_PORT/last"); }
$J17 $C1 -cp "$JAR" $MAIN "$EV" | tee "$WORK/sanity-java.txt" >&2
grep -q '"delivered":1' "$WORK/sanity-java.txt" || { echo "Java sanity run did not deliver" >&2; exit 1; }
check_last || { echo "Java posted the wrong text" >&2; exit 1; }
$PY "$BENCH/reference_notifier.py" "$EV" | tee "$WORK/sanity-python.txt" >&2
grep -q '"delivered": 1' "$WORK/sanity-python.txt" || { echo "Python sanity run did not deliver" >&2; exit 1; }
check_last || { echo "Python posted the wrong text" >&2; exit 1; }
posts=$((posts + 2))

# ---- class-data archives (training run = one real invocation) ------------------------------------
log "AppCDS training run (JDK 17, -XX:ArchiveClassesAtExit)"
$J17 $C1 -XX:ArchiveClassesAtExit="$WORK/app17.jsa" -cp "$JAR" $MAIN "$EV" >"$WORK/train17.txt" 2>&1
posts=$((posts + 1))
variants=(
  "java17-c1=$J17 $C1 -cp $JAR $MAIN $EV"
  "java17-c1-appcds=$J17 $C1 -XX:SharedArchiveFile=$WORK/app17.jsa -cp $JAR $MAIN $EV"
  "java17-noflags=$J17 -cp $JAR $MAIN $EV"
)
if [[ -x "$J25" ]]; then
  log "AOT cache training run (JDK 25, -XX:AOTCacheOutput)"
  $J25 $C1 -XX:AOTCacheOutput="$WORK/app25.aot" -cp "$JAR" $MAIN "$EV" >"$WORK/train25.txt" 2>&1
  posts=$((posts + 1))
  variants+=(
    "java25-c1=$J25 $C1 -cp $JAR $MAIN $EV"
    "java25-c1-aotcache=$J25 $C1 -XX:AOTCache=$WORK/app25.aot -cp $JAR $MAIN $EV"
  )
fi
if [[ -n "${BASELINE_JAR:-}" ]]; then
  # an earlier build of the Lambda jar, timed in the same interleaved rounds: "unchanged or better?"
  [[ -f "$BASELINE_JAR" ]] || { echo "BASELINE_JAR $BASELINE_JAR not found" >&2; exit 2; }
  log "AppCDS training run of the baseline jar"
  $J17 $C1 -XX:ArchiveClassesAtExit="$WORK/base17.jsa" -cp "$BASELINE_JAR" $MAIN "$EV" >"$WORK/train-base17.txt" 2>&1
  posts=$((posts + 1))
  variants+=(
    "baseline-java17-c1=$J17 $C1 -cp $BASELINE_JAR $MAIN $EV"
    "baseline-java17-c1-appcds=$J17 $C1 -XX:SharedArchiveFile=$WORK/base17.jsa -cp $BASELINE_JAR $MAIN $EV"
  )
fi
variants+=("python-reference=$PY $BENCH/reference_notifier.py $EV")
ls -l "$WORK"/app17.jsa "$WORK"/app25.aot 2>/dev/null >&2 || true

# ---- cold path: whole processes, interleaved rounds -------------------------------------------------
log "cold path: $RUNS rounds of ${#variants[@]} variants, interleaved (+2 warm-up rounds)"
$PY "$BENCH/cold.py" "$RUNS" 2 "$OUT/cold.json" python-reference "${variants[@]}" >"$OUT/cold.md"
posts=$((posts + (RUNS + 2) * ${#variants[@]}))

# ---- where the cold time goes: one stage per fresh JVM (C1, no archive) ------------------------------
mkdir -p "$WORK/classes"
"$JAVA17_HOME/bin/javac" -nowarn -d "$WORK/classes" -cp "$JAR" "$BENCH/WarmBench.java" "$BENCH/StageProbe.java"
if (( PROBE_RUNS > 0 )); then
  log "stage probes: $PROBE_RUNS rounds"
  probes=()
  for st in none jackson-jr jackson-core snakeyaml jmustache config jdbc http jdk-httpclient; do
    probes+=("$st=$J17 $C1 -cp $WORK/classes:$JAR StageProbe $st $EV")
  done
  TITLE="stage alone in a fresh JVM" $PY "$BENCH/cold.py" "$PROBE_RUNS" 1 "$OUT/probes.json" none "${probes[@]}" >"$OUT/probes.md"
  posts=$((posts + 2 * (PROBE_RUNS + 1)))   # http and jdk-httpclient post
  # the same stages with an AppCDS archive each (trained on the stage itself): what a stage still
  # costs once class parsing and verification are archived. CDS archives classes from jars only.
  log "stage probes with AppCDS: $PROBE_RUNS rounds"
  (cd "$WORK/classes" && "$JAVA17_HOME/bin/jar" cf "$WORK/probe.jar" StageProbe*.class)
  probes=()
  for st in none jackson-jr jackson-core snakeyaml jmustache jdbc http; do
    $J17 $C1 -XX:ArchiveClassesAtExit="$WORK/probe-$st.jsa" -cp "$WORK/probe.jar:$JAR" StageProbe $st "$EV" \
      >"$WORK/probe-train-$st.txt" 2>&1
    probes+=("$st=$J17 $C1 -XX:SharedArchiveFile=$WORK/probe-$st.jsa -cp $WORK/probe.jar:$JAR StageProbe $st $EV")
  done
  TITLE="stage alone, with its AppCDS archive" $PY "$BENCH/cold.py" "$PROBE_RUNS" 1 "$OUT/probes-cds.json" none "${probes[@]}" >"$OUT/probes-cds.md"
  posts=$((posts + 1 + PROBE_RUNS + 1))   # http: training run + runs
fi

# ---- warm path: one JVM, one handler ---------------------------------------------------------------
log "warm path: $WARMUP warm-up + $WARM_N measured events per run"
WCP="$WORK/classes:$JAR"
$J17 $C1 -cp "$WCP" WarmBench "$WARMUP" "$WARM_N" "$ROWS" "$WEBHOOK" | tee "$OUT/warm-java17-c1.txt" >&2
$J17 -cp "$WCP" WarmBench "$WARMUP" "$WARM_N" "$ROWS" "$WEBHOOK" | tee "$OUT/warm-java17-noflags.txt" >&2
$J17 $C1 -cp "$WCP" WarmBench "$WARMUP" "$WARM_N" "$ROWS" "$KA_WEBHOOK" | tee "$OUT/warm-java17-c1-keepalive-sink.txt" >&2
$J17 $C1 -cp "$WCP" WarmBench "$WARMUP" "$WARM_N" "$ROWS" "$NGX_WEBHOOK" | tee "$OUT/warm-java17-c1-nginx-sink.txt" >&2
$J17 $C1 -cp "$WCP" WarmBench "$WARMUP" "$WARM_N" "$ROWS" dry-run | tee "$OUT/warm-java17-c1-dry-run.txt" >&2
posts=$((posts + 2 * (WARMUP + WARM_N)))

# every invocation above posted exactly once to the default sink
got=$(curl -fs "http://127.0.0.1:$SINK_PORT/count")
log "sink received $got POSTs, expected $posts"
[[ "$got" == "$posts" ]] || { echo "delivery count mismatch" >&2; exit 1; }

# ---- report ---------------------------------------------------------------------------------------------
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load before run: $LOAD0"
  echo "java17: $($J17 -version 2>&1 | sed -n 2p)"
  [[ -x "$J25" ]] && echo "java25: $($J25 -version 2>&1 | sed -n 2p)"
  echo "python: $($PY --version 2>&1), PyMySQL $($PY -c 'import pymysql; print(pymysql.__version__)'); MariaDB $(mariadbd --version | awk '{print $3}')"
  echo
  cat "$OUT/cold.md"
  if [[ -f "$OUT/probes.md" ]]; then
    echo; echo "stage probes (fresh JVM each, java17-c1, no archive; cost = median - none):"; cat "$OUT/probes.md"
    echo; echo "stage probes with an AppCDS archive per stage:"; cat "$OUT/probes-cds.md"
  fi
  echo
  echo "| warm path (one JVM, one handler) | events/s | p50 ms | p99 ms |"
  echo "|---|---:|---:|---:|"
  for f in java17-c1 java17-noflags java17-c1-keepalive-sink java17-c1-nginx-sink java17-c1-dry-run; do
    grep '^RESULT' "$OUT/warm-$f.txt" | sed -E "s/RESULT events_per_s=([0-9.]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+)/| $f | \1 | \2 | \3 |/"
  done
} | tee "$OUT/results.md"
log "results in $OUT"
