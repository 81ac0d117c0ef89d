#!/usr/bin/env bash
# The flash-sale load benchmark in one command (issue 5):
#   bench/run.sh                 full run: spec (20,000 shoppers in 60 s), burst (20,000 in 5 s) and
#                                a step search, each for the Redis engine and the row-lock baseline
#   BENCH_QUICK=1 bench/run.sh   a small run (a few minutes) for development
# It builds the service jar and the Gatling module, starts the packaged service on 127.0.0.1 with a
# fresh data dir (its own embedded Redis and Postgres) and flashsale.baseline.enabled=true, runs the
# scenarios (bench/gatling, BenchMain), checks every outcome through the API, writes
# bench/results/<time>/{summary.json,report.md,report.html,gatling/,service.log} and stops everything
# it started, whatever happens. Exit code 0 only if every correctness check passed; the issue's
# performance targets are reported (met / NOT met), not enforced.
#
# Knobs (environment): BENCH_PORT (18080), BENCH_SKIP_BUILD=1, BENCH_SCENARIOS (spec,burst,step),
# BENCH_TARGETS (engine,baseline), BENCH_HOLD_DURATION (75s), SERVICE_JAVA_OPTS, LOADGEN_JAVA_OPTS,
# BENCH_EXTRA (more -Dbench.* properties, see bench/gatling BenchMain).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${BENCH_PORT:-18080}"
BASE_URL="http://127.0.0.1:${PORT}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="bench/results/${STAMP}"
# Serial GC and a 256 MiB heap: on 2 cores it costs less CPU than G1 and keeps RSS well under 512 MiB
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k}"
LOADGEN_JAVA_OPTS="${LOADGEN_JAVA_OPTS:--Xms512m -Xmx1g}"
# Holds last 75 s instead of 10 min: longer than any scenario (so each grants exactly its units),
# short enough that they expire while later scenarios load the service (restore delay under load).
BENCH_HOLD_DURATION="${BENCH_HOLD_DURATION:-75s}"
mkdir -p "${OUT}"

if [[ "${BENCH_QUICK:-0}" == "1" ]]; then
  SIZE=(-Dbench.shoppers=4000 -Dbench.specSeconds=12 -Dbench.burstSeconds=5
        -Dbench.stepSeconds=5 -Dbench.stepRates=200,500,1000,2000,3500,5000)
else
  SIZE=()
fi

if curl -s -o /dev/null "${BASE_URL}/actuator/health/liveness"; then
  echo "Port ${PORT} is already in use; set BENCH_PORT" >&2
  exit 2
fi

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building the service jar and the benchmark..."
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B -f bench/gatling/pom.xml compile
fi
JAR="$(ls target/flash-sale-*.jar | grep -v plain | head -1)"

DATA="$(mktemp -d /tmp/flashsale-bench-XXXXXX)"
SERVICE_PID=""
descendants() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; descendants "$p"; done; }
cleanup() {
  local status=$?
  if [[ -n "${SERVICE_PID}" ]] && kill -0 "${SERVICE_PID}" 2>/dev/null; then
    # the embedded Redis is a child; pg_ctl detaches the postmaster, found by our unique data dir
    local children; children="$(descendants "${SERVICE_PID}") $(pgrep -f -- "${DATA}/" || true)"
    kill "${SERVICE_PID}" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "${SERVICE_PID}" 2>/dev/null || break; sleep 0.5; done
    kill -9 "${SERVICE_PID}" 2>/dev/null || true
    sleep 1
    for c in ${children}; do kill -9 "$c" 2>/dev/null || true; done  # embedded Redis/Postgres, if left behind
  fi
  rm -rf "${DATA}"
  exit "${status}"
}
trap cleanup EXIT INT TERM

echo "Starting ${JAR} on ${BASE_URL} (data in ${DATA}, JVM: ${SERVICE_JAVA_OPTS})"
# every simulated shopper comes from 127.0.0.1: the per-address rate limit is lifted (its Redis call stays)
# shellcheck disable=SC2086
java ${SERVICE_JAVA_OPTS} -jar "${JAR}" --server.port="${PORT}" --flashsale.data-dir="${DATA}" \
  --flashsale.baseline.enabled=true --flashsale.demo.enabled=false \
  --flashsale.rate-limit.ip.capacity=1000000000 --flashsale.rate-limit.ip.refill-per-second=1000000000 \
  --flashsale.reservation.hold-duration="${BENCH_HOLD_DURATION}" > "${OUT}/service.log" 2>&1 &
SERVICE_PID=$!
for i in $(seq 180); do
  if curl -sf -o /dev/null "${BASE_URL}/actuator/health/readiness"; then break; fi
  if ! kill -0 "${SERVICE_PID}" 2>/dev/null; then echo "Service died; see ${OUT}/service.log" >&2; exit 3; fi
  if [[ $i == 180 ]]; then echo "Service not ready after 180 s" >&2; exit 3; fi
  sleep 1
done

MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Service pid ${SERVICE_PID} ready; ${MACHINE}"

set +e
# shellcheck disable=SC2086
java ${LOADGEN_JAVA_OPTS} --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "bench/gatling/target/classes:$(cat bench/gatling/target/classpath.txt)" \
  -Dbench.baseUrl="${BASE_URL}" -Dbench.pid="${SERVICE_PID}" -Dbench.dataDir="${DATA}" -Dbench.out="${OUT}" -Dbench.machine="${MACHINE}" \
  -Dbench.scenarios="${BENCH_SCENARIOS:-spec,burst,step}" -Dbench.targets="${BENCH_TARGETS:-engine,baseline}" \
  "${SIZE[@]}" ${BENCH_EXTRA:-} dev.flashsale.bench.BenchMain 2>&1 | tee "${OUT}/bench.log"
RESULT=${PIPESTATUS[0]}
set -e
ln -sfn "${STAMP}" bench/results/latest
echo "Report: ${OUT}/report.html (summary ${OUT}/summary.json)"
exit "${RESULT}"
