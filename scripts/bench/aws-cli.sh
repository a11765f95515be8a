#!/usr/bin/env bash
# Wall time of opsnotify's AWS commands side by side with the AWS CLI making the same calls,
# against the local AWS endpoint (io.opsnotify.awslocal.AwsLocalMain, test classes) on 127.0.0.1,
# in one run, interleaved (cold.py). docs/performance.md ("AWS commands vs the AWS CLI")
# explains the variants and the results. Results go to bench-results/aws-<timestamp>/.
#
#   scripts/bench/aws-cli.sh                  # RUNS=15
#   RUNS=5 SKIP_BUILD=1 scripts/bench/aws-cli.sh
#
# Knobs: RUNS (1..100, default 15), SKIP_BUILD=1, AWS_CLI (default /usr/bin/aws: Debian's awscli
# package), AWS_CLI_V1 (optional second AWS CLI to time, e.g. a pip-installed v1), JAVA (default java).
# Fake credentials only; AWS_EC2_METADATA_DISABLED=true and empty config/credentials files, so
# nothing contacts 169.254.169.254 or reads ~/.aws. The endpoint process exits when this script
# does (its stdin closes) and after 30 minutes at most.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/scripts/bench"
RUNS=${RUNS:-15}
AWS_CLI=${AWS_CLI:-/usr/bin/aws}
AWS_CLI_V1=${AWS_CLI_V1:-}
JAVA=${JAVA:-java}
PY=/usr/bin/python3
JAR="$ROOT/cli/target/opsnotify.jar"
OUT="$ROOT/bench-results/aws-$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$OUT/work"
mkdir -p "$WORK"
(( RUNS >= 1 && RUNS <= 100 )) || { echo "RUNS must be 1..100" >&2; exit 2; }
log() { printf '== %s\n' "$*" >&2; }
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

[[ -x "$AWS_CLI" ]] || { echo "no AWS CLI at $AWS_CLI (apt-get install awscli)" >&2; exit 2; }
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$JAR" || ! -d "$ROOT/cli/target/test-classes" ]]; then
  log "building (mvn -q -DskipTests package: the CLI jar and the test classes)"
  (cd "$ROOT" && mvn -q -DskipTests package)
fi
log "test classpath"
(cd "$ROOT" && mvn -q -pl cli -am dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt") >&2
# the reactor's own modules from their target directories, not from ~/.m2
deps=$(tr ':' '\n' <"$WORK/cp.txt" | grep -v '/io/opsnotify/' | paste -sd: -)
CP="$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$ROOT/notifier/target/classes:$deps"

# ---- the local endpoint ------------------------------------------------------------------------
coproc LOCAL { exec "$JAVA" -XX:TieredStopAtLevel=1 -cp "$CP" io.opsnotify.awslocal.AwsLocalMain --minutes 30 2>"$WORK/awslocal.err"; }
LOCAL_PID=$LOCAL_PID
cleanup() {
  exec {LOCAL[1]}>&- 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$LOCAL_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill "$LOCAL_PID" 2>/dev/null || true
}
trap cleanup EXIT
IFS= read -r -t 30 -u "${LOCAL[0]}" ENDPOINT || { cat "$WORK/awslocal.err" >&2; exit 1; }
IFS= read -r -t 5 -u "${LOCAL[0]}" TOPIC_ARN
log "local endpoint $ENDPOINT, topic $TOPIC_ARN"
calls() { echo calls >&"${LOCAL[1]}"; local line; IFS= read -r -t 10 -u "${LOCAL[0]}" line; echo "$line"; }
calls >/dev/null   # the seeding call

# ---- environment: fake credentials, nothing from ~/.aws, no metadata service --------------------
: >"$WORK/aws-config"; : >"$WORK/aws-credentials"
export AWS_ACCESS_KEY_ID=AKIABENCHBENCHBENCH0 AWS_SECRET_ACCESS_KEY=bench-secret-not-real
export AWS_REGION=ap-northeast-1 AWS_DEFAULT_REGION=ap-northeast-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials" AWS_PAGER=""
export SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T0/B0/bench-not-real DB_PASSWORD=bench-not-real
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL JAVA_OPTS OPSNOTIFY_NO_CDS || true
export OPSNOTIFY_CACHE_DIR="$WORK/launcher-cache"

cat >"$WORK/opsnotify.yaml" <<'YAML'
database:
  url: jdbc:mariadb://replica.internal:3306/shop
  user: ops
  password: ${env:DB_PASSWORD}
slack:
  webhookUrl: ${env:SLACK_WEBHOOK_URL}
events:
  order.created:
    query: SELECT o.id, o.total FROM orders o WHERE o.id = :id
    text: "New order #{{id}}: {{total}}"
deploy:
  functionName: opsnotify-notifier
  roleArn: arn:aws:iam::123456789012:role/opsnotify-notifier
  subnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
  securityGroupIds: [sg-0123abcd]
  memoryMb: 512
  timeoutSeconds: 30
  reservedConcurrency: 5
  topicName: opsnotify-events
  maximumRetryAttempts: 2
  maximumEventAgeSeconds: 3600
  environment: {SLACK_WEBHOOK_URL: "${env:SLACK_WEBHOOK_URL}", DB_PASSWORD: "${env:DB_PASSWORD}"}
  tags: {team: ops}
YAML

C1="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
MSG='{"type":"order.created","id":42}'
ATTRS='{"type":{"DataType":"String","StringValue":"order.created"}}'
AWS_PUBLISH="--endpoint-url $ENDPOINT sns publish --topic-arn $TOPIC_ARN --message $MSG --message-attributes $ATTRS"
OPS_PUBLISH="test-event --topic-arn $TOPIC_ARN --type order.created --id 42 --endpoint-url $ENDPOINT"
AWS_SUBNETS="--endpoint-url $ENDPOINT ec2 describe-subnets --subnet-ids subnet-0a1b2c3d subnet-4e5f6a7b"
OPS_PLAN="deploy --config $WORK/opsnotify.yaml --dry-run --endpoint-url $ENDPOINT"

# ---- deploy once, so that deploy --dry-run compares against a deployed notifier -----------------
log "deploying once (creates the function, subscription, ...)"
"$JAVA" $C1 -jar "$JAR" deploy --config "$WORK/opsnotify.yaml" --yes --endpoint-url "$ENDPOINT" >"$WORK/deploy.out" 2>&1 \
  || { cat "$WORK/deploy.out" >&2; exit 1; }
calls >"$WORK/calls-deploy-yes.txt"

# ---- sanity, and the calls each command makes ---------------------------------------------------
# (cold.py splits commands on spaces: none of the arguments above contains one)
"$AWS_CLI" $AWS_PUBLISH >"$WORK/aws-publish.out"
grep -q MessageId "$WORK/aws-publish.out"
echo "aws sns publish: $(calls)" >"$WORK/calls.txt"
"$JAVA" -jar "$JAR" $OPS_PUBLISH >"$WORK/ops-publish.out"
grep -q '^MessageId ' "$WORK/ops-publish.out"
echo "opsnotify test-event: $(calls)" >>"$WORK/calls.txt"
"$AWS_CLI" $AWS_SUBNETS >"$WORK/aws-subnets.out"
[[ $(grep -c '"SubnetId"' "$WORK/aws-subnets.out") == 2 ]]
echo "aws ec2 describe-subnets: $(calls)" >>"$WORK/calls.txt"
"$JAVA" -jar "$JAR" $OPS_PLAN >"$WORK/ops-plan.out"
grep -q 'No changes' "$WORK/ops-plan.out"
echo "opsnotify deploy --dry-run: $(calls)" >>"$WORK/calls.txt"
cat "$WORK/calls.txt" >&2

# the same reads deploy --dry-run makes, one AWS CLI process per call (generated from the call log)
$PY - "$WORK/calls.txt" "$AWS_CLI" "$ENDPOINT" "$WORK" >"$WORK/aws-plan-reads.sh" <<'PYEOF'
import re, sys
calls_txt, aws, endpoint, work = sys.argv[1:]
line = [l for l in open(calls_txt) if l.startswith("opsnotify deploy --dry-run:")][0]
fn, sg = "opsnotify-notifier", "sg-0123abcd"
topic = "arn:aws:sns:ap-northeast-1:123456789012:opsnotify-events"
cmd = {
    "lambda:GetFunction": f"lambda get-function --function-name {fn}",
    "lambda:GetFunctionConfiguration": f"lambda get-function-configuration --function-name {fn}",
    "lambda:GetFunctionConcurrency": f"lambda get-function-concurrency --function-name {fn}",
    "lambda:GetFunctionEventInvokeConfig": f"lambda get-function-event-invoke-config --function-name {fn}",
    "lambda:GetPolicy": f"lambda get-policy --function-name {fn}",
    "lambda:ListTags": f"lambda list-tags --resource arn:aws:lambda:ap-northeast-1:123456789012:function:{fn}",
    "sns:ListTopics": "sns list-topics",
    "sns:ListSubscriptionsByTopic": f"sns list-subscriptions-by-topic --topic-arn {topic}",
    "sns:GetTopicAttributes": f"sns get-topic-attributes --topic-arn {topic}",
    "ec2:DescribeSubnets": "ec2 describe-subnets --subnet-ids subnet-0a1b2c3d subnet-4e5f6a7b",
    "ec2:DescribeSecurityGroups": f"ec2 describe-security-groups --group-ids {sg}",
    "ec2:DescribeVpcs": "ec2 describe-vpcs --vpc-ids vpc-0abc1234",
    "ec2:DescribeRouteTables": "ec2 describe-route-tables --filters Name=vpc-id,Values=vpc-0abc1234",
    "ec2:DescribeVpcEndpoints": "ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=vpc-0abc1234",
    "ec2:DescribeNatGateways": "ec2 describe-nat-gateways --filter Name=vpc-id,Values=vpc-0abc1234",
    "ec2:DescribeNetworkInterfaces": "ec2 describe-network-interfaces --filters Name=interface-type,Values=lambda",
}
print("#!/bin/sh\nset -e")
for action in line.split(":", 1)[1].split()[1:]:
    if action not in cmd:
        sys.exit("no AWS CLI command for " + action)
    print(f"{aws} --endpoint-url {endpoint} {cmd[action]} >/dev/null")
PYEOF
sh "$WORK/aws-plan-reads.sh"
echo "aws-cli, the same reads: $(calls)" >>"$WORK/calls.txt"
tail -1 "$WORK/calls.txt" >&2

# ---- AppCDS archives: one training run of the same command each --------------------------------
log "training AppCDS archives"
"$JAVA" $C1 -XX:ArchiveClassesAtExit="$WORK/test-event.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$JAR" $OPS_PUBLISH >/dev/null
"$JAVA" $C1 -XX:ArchiveClassesAtExit="$WORK/deploy.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$JAR" $OPS_PLAN >/dev/null
# the launcher's own archives (first run of each subcommand creates one in OPSNOTIFY_CACHE_DIR)
"$ROOT/scripts/opsnotify" $OPS_PUBLISH >/dev/null
"$ROOT/scripts/opsnotify" $OPS_PLAN >/dev/null
ls -l "$WORK"/*.jsa "$OPSNOTIFY_CACHE_DIR" >&2
calls >/dev/null

# ---- measurements --------------------------------------------------------------------------------
v1=()
[[ -n "$AWS_CLI_V1" ]] && v1=("aws-cli-v1=$AWS_CLI_V1 $AWS_PUBLISH")
log "publish: $RUNS interleaved rounds"
TITLE="publish one SNS message (1 call)" $PY "$BENCH/cold.py" "$RUNS" 2 "$OUT/publish.json" aws-cli \
  "aws-cli=$AWS_CLI $AWS_PUBLISH" "${v1[@]}" \
  "opsnotify-java-defaults=$JAVA -jar $JAR $OPS_PUBLISH" \
  "opsnotify-c1-serial=$JAVA $C1 -jar $JAR $OPS_PUBLISH" \
  "opsnotify-c1-serial-appcds=$JAVA $C1 -XX:SharedArchiveFile=$WORK/test-event.jsa -jar $JAR $OPS_PUBLISH" \
  "opsnotify-launcher=$ROOT/scripts/opsnotify $OPS_PUBLISH" >"$OUT/publish.md"
cat "$OUT/publish.md"
# every timed run made its calls: (warm-up + RUNS) rounds x variants, summarised per action
summary() { tr ' ' '\n' | tail -n +2 | sort | uniq -c | awk '{printf " %s x%d", $2, $1}'; }
p_calls=$(calls); echo "publish measurement: ${p_calls%% *} calls:$(summary <<<"$p_calls")" >>"$WORK/calls.txt"

v1=()
[[ -n "$AWS_CLI_V1" ]] && v1=("aws-cli-v1=$AWS_CLI_V1 $AWS_SUBNETS")
log "read-only: $RUNS interleaved rounds"
TITLE="read-only" $PY "$BENCH/cold.py" "$RUNS" 2 "$OUT/read.json" aws-cli \
  "aws-cli=$AWS_CLI $AWS_SUBNETS" "${v1[@]}" \
  "aws-cli-same-reads-as-plan=sh $WORK/aws-plan-reads.sh" \
  "opsnotify-plan-java-defaults=$JAVA -jar $JAR $OPS_PLAN" \
  "opsnotify-plan-c1-serial=$JAVA $C1 -jar $JAR $OPS_PLAN" \
  "opsnotify-plan-c1-serial-appcds=$JAVA $C1 -XX:SharedArchiveFile=$WORK/deploy.jsa -jar $JAR $OPS_PLAN" \
  "opsnotify-plan-launcher=$ROOT/scripts/opsnotify $OPS_PLAN" >"$OUT/read.md"
cat "$OUT/read.md"
r_calls=$(calls); echo "read-only measurement: ${r_calls%% *} calls:$(summary <<<"$r_calls")" >>"$WORK/calls.txt"

{
  echo "# AWS commands vs the AWS CLI ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "$("$AWS_CLI" --version 2>&1); $("$JAVA" -version 2>&1 | sed -n 2p); nproc $(nproc); load before $LOAD0, after $(cut -d' ' -f1-3 /proc/loadavg)"
  [[ -n "$AWS_CLI_V1" ]] && echo "AWS CLI v1: $("$AWS_CLI_V1" --version 2>&1)"
  echo
  echo "Calls per command (from the endpoint's log):"
  echo
  sed 's/^/    /' "$WORK/calls.txt"
  echo
  cat "$OUT/publish.md"
  echo
  cat "$OUT/read.md"
  echo
  echo "Archives: $(ls -l "$WORK"/*.jsa | awk '{printf "%s %d MB; ", $NF, $5/1048576}')"
} >"$OUT/results.md"
log "results: $OUT/results.md"
