#!/usr/bin/env bash
# The flash-sale load benchmark in one command (issues 5, 10 and 13):
#   bench/run.sh                 full run: spec (20,000 shoppers in 60 s), burst (20,000 in 5 s), a step
#                                search, the kept-alive scenario and a step search on kept-alive
#                                connections, each for the Redis engine, the row-lock baseline and the
#                                bare-stack ceiling
#   BENCH_SCENARIOS=waiting-room BENCH_TARGETS=engine bench/run.sh
#                                the burst through the waiting room (20,000 shoppers open their
#                                notification streams, join a sale's waiting room in 5 s, follow their
#                                tickets by the streams' pushes and reserve when admitted; the engine
#                                only), on its own: its streams need a bigger heap than the other
#                                scenarios' 256 MiB (below)
#   BENCH_QUICK=1 bench/run.sh   a small run (about 10 minutes) for development
# It builds the service jar, the ceiling (bench/ceiling) and the Gatling module (bench/gatling), starts
# the packaged service on 127.0.0.1 with a fresh data dir (its own embedded Redis and Postgres) and
# flashsale.baseline.enabled=true, starts the ceiling beside it on its own redis-server (installed with
# apt-get if missing) with the same JVM flags, runs the scenarios (BenchMain), checks every outcome
# through the APIs, writes bench/results/<time>/{summary.json,report.md,report.html,gatling/,service.log,
# ceiling.log} and stops everything it started, whatever happens. Exit code 0 only if every correctness
# check passed; the issue's performance targets are reported (met / NOT met), not enforced.
#
# Knobs (environment): BENCH_PORT (18080), BENCH_CEILING_PORT (18081), BENCH_CEILING_REDIS_PORT (18379),
# BENCH_SKIP_BUILD=1, BENCH_SCENARIOS (spec,burst,step,keepalive,keepalive-step; or waiting-room), BENCH_TARGETS (engine,baseline,ceiling),
# BENCH_HOLD_DURATION (75s), SERVICE_JAVA (java: the product's and the ceiling's JVM), SERVICE_JAVA_OPTS (product
# and ceiling), BENCH_SERVICE_ARGS (more
# --options for the product), LOADGEN_JAVA_OPTS, BENCH_EXTRA (more -Dbench.* properties, see
# bench/gatling Settings), BENCH_PUBLISH=1 (also copy summary.json and report.md to docs/benchmarks/<time>/,
# for a run docs/performance.md quotes), BENCH_CEILING_REDIS_SERVER (redis-server: the binary of the ceiling's Redis,
# e.g. the product's embedded one to compare like with like).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${BENCH_PORT:-18080}"
BASE_URL="http://127.0.0.1:${PORT}"
CEILING_PORT="${BENCH_CEILING_PORT:-18081}"
CEILING_URL="http://127.0.0.1:${CEILING_PORT}"
CEILING_REDIS_PORT="${BENCH_CEILING_REDIS_PORT:-18379}"
SCENARIOS="${BENCH_SCENARIOS:-spec,burst,step,keepalive,keepalive-step}"
TARGETS="${BENCH_TARGETS:-engine,baseline,ceiling}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="bench/results/${STAMP}"
# Serial GC and a 256 MiB heap: on 2 cores it costs less CPU than G1 and keeps RSS well under 512 MiB.
# The ceiling gets the same flags, so the two JVMs differ only in what runs inside them.
HEAP="256m"
GC="-XX:+UseSerialGC"
ROOM_ARGS=""
if [[ ",${SCENARIOS}," == *",waiting-room,"* ]]; then
  # up to 20,000 open notification streams at ~32 KiB of heap each (docs/configuration.md,
  # stream-max-connections): a heap that holds them, and the instance's stream cap raised to match;
  # G1 with a 20 ms pause target, as docs/operations.md advises for an instance holding thousands of
  # streams (the serial collector's young pauses while they open reach 0.5 s: docs/performance.md)
  HEAP="1536m"
  GC="-XX:+UseG1GC -XX:MaxGCPauseMillis=20"
  ROOM_ARGS="--flashsale.notifications.stream-max-connections=20000"
  [[ "${SCENARIOS}" == "waiting-room" ]] || echo "Note: every scenario of this run gets the waiting room's ${HEAP} heap and ${GC}" >&2
fi
SERVICE_JAVA="${SERVICE_JAVA:-java}"
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:-${GC} -Xms${HEAP} -Xmx${HEAP} -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError}"
LOADGEN_JAVA_OPTS="${LOADGEN_JAVA_OPTS:--Xms512m -Xmx1g}"
# Holds last 75 s instead of 10 min: longer than any scenario (so each grants exactly its units),
# short enough that they expire while later scenarios load the service (restore delay under load).
BENCH_HOLD_DURATION="${BENCH_HOLD_DURATION:-75s}"
mkdir -p "${OUT}"
# shellcheck source=bench/lib.sh
source "bench/lib.sh"

if [[ "${BENCH_QUICK:-0}" == "1" ]]; then
  SIZE=(-Dbench.quick=true -Dbench.shoppers=4000 -Dbench.specSeconds=12 -Dbench.burstSeconds=5
        -Dbench.stepSeconds=5 -Dbench.stepRates=200,500,1000,2000,3500,5000 -Dbench.keepAliveSeconds=5)
else
  SIZE=()
fi

if curl -s -o /dev/null "${BASE_URL}/actuator/health/liveness"; then
  echo "Port ${PORT} is already in use; set BENCH_PORT" >&2
  exit 2
fi
WITH_CEILING=0
if [[ ",${TARGETS}," == *",ceiling,"* ]]; then
  WITH_CEILING=1
  if curl -s -o /dev/null "${CEILING_URL}/" || (exec 3<>"/dev/tcp/127.0.0.1/${CEILING_REDIS_PORT}") 2>/dev/null; then
    echo "Port ${CEILING_PORT} or ${CEILING_REDIS_PORT} is already in use; set BENCH_CEILING_PORT / BENCH_CEILING_REDIS_PORT" >&2
    exit 2
  fi
  # The ceiling's own Redis: a plain redis-server process (Debian package redis-server), not the
  # product's embedded one, so the product's Redis work and the ceiling's never mix.
  REDIS_SERVER="${BENCH_CEILING_REDIS_SERVER:-redis-server}"
  if [[ "${REDIS_SERVER}" == "redis-server" ]]; then
    need_command redis-server redis-server
  elif ! command -v "${REDIS_SERVER}" > /dev/null; then
    echo "No ${REDIS_SERVER}; or leave ceiling out of BENCH_TARGETS" >&2
    exit 2
  fi
fi

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building the service jar and the benchmark..."
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B -f bench/gatling/pom.xml compile
  if [[ "${WITH_CEILING}" == "1" ]]; then ./mvnw -q -B -f bench/ceiling/pom.xml -DskipTests package; fi
fi
JAR="$(ls target/flash-sale-*.jar | grep -v plain | head -1)"
CEILING_JAR="$(ls bench/ceiling/target/flash-sale-ceiling-*.jar 2>/dev/null | grep -v plain | head -1 || true)"

DATA="$(mktemp -d /tmp/flashsale-bench-XXXXXX)"
CEILING_DATA="$(mktemp -d /tmp/flashsale-ceiling-XXXXXX)"  # apart from DATA, whose processes count as the product's
SERVICE_PID=""
CEILING_PID=""
CEILING_REDIS_PID=""
cleanup() {
  local status=$?
  local p
  for p in ${CEILING_PID} ${CEILING_REDIS_PID}; do  # the ceiling first, then its Redis
    kill "$p" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [[ -n "${SERVICE_PID}" ]] && kill -0 "${SERVICE_PID}" 2>/dev/null; then
    # the embedded Redis is a child; pg_ctl detaches the postmaster, found by our unique data dir
    local children; children="$(descendants "${SERVICE_PID}") $(pgrep -f -- "${DATA}/" || true)"
    kill "${SERVICE_PID}" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "${SERVICE_PID}" 2>/dev/null || break; sleep 0.5; done
    kill -9 "${SERVICE_PID}" 2>/dev/null || true
    sleep 1
    for c in ${children}; do kill -9 "$c" 2>/dev/null || true; done  # embedded Redis/Postgres, if left behind
  fi
  rm -rf "${DATA}" "${CEILING_DATA}"
  exit "${status}"
}
trap cleanup EXIT INT TERM

echo "Starting ${JAR} on ${BASE_URL} (data in ${DATA}, JVM: ${SERVICE_JAVA_OPTS})"
# every simulated shopper comes from 127.0.0.1: the per-address rate limit is lifted (its Redis call stays)
# shellcheck disable=SC2086
"${SERVICE_JAVA}" ${SERVICE_JAVA_OPTS} -jar "${JAR}" --server.port="${PORT}" --flashsale.data-dir="${DATA}" \
  --flashsale.baseline.enabled=true --flashsale.demo.enabled=false \
  --flashsale.rate-limit.ip.capacity=1000000000 --flashsale.rate-limit.ip.refill-per-second=1000000000 \
  --flashsale.reservation.hold-duration="${BENCH_HOLD_DURATION}" ${ROOM_ARGS} ${BENCH_SERVICE_ARGS:-} > "${OUT}/service.log" 2>&1 &
SERVICE_PID=$!
wait_ready Service "${SERVICE_PID}" "${BASE_URL}/actuator/health/readiness" "${OUT}/service.log" 180

# the product's embedded Redis: a child process of the JVM, named after its binary
PRODUCT_REDIS="$(for c in $(descendants "${SERVICE_PID}"); do tr '\0' ' ' < "/proc/$c/cmdline" 2>/dev/null; echo; done \
  | grep -o '[^ /]*redis-server[^ ]*' | head -1 || true)"
PRODUCT_REDIS="embedded ${PRODUCT_REDIS:-redis-server} (standalone mode: appendonly everysec, notify-keyspace-events Ex, hz 100)"

CEILING_REDIS=""
if [[ "${WITH_CEILING}" == "1" ]]; then
  # configured as the product's embedded Redis is (src/standalone EmbeddedRedisServer)
  start_redis "${REDIS_SERVER}" "${CEILING_REDIS_PORT}" "${CEILING_DATA}" "${OUT}/ceiling-redis.log"
  CEILING_REDIS_PID="${STARTED_PID}"
  CEILING_REDIS="$(basename "${REDIS_SERVER}") $("${REDIS_SERVER}" --version | grep -o 'v=[0-9.]*' | cut -c3-) on port ${CEILING_REDIS_PORT} (appendonly everysec, notify-keyspace-events Ex, hz 100)"
  echo "Starting ${CEILING_JAR} on ${CEILING_URL} with ${CEILING_REDIS}"
  # shellcheck disable=SC2086
  "${SERVICE_JAVA}" ${SERVICE_JAVA_OPTS} -jar "${CEILING_JAR}" --server.port="${CEILING_PORT}" \
    --spring.data.redis.port="${CEILING_REDIS_PORT}" --ceiling.hold-duration="${BENCH_HOLD_DURATION}" \
    > "${OUT}/ceiling.log" 2>&1 &
  CEILING_PID=$!
  wait_ready Ceiling "${CEILING_PID}" "${CEILING_URL}/ceiling/health" "${OUT}/ceiling.log" 120
fi

MACHINE="$(machine)"
echo "Service pid ${SERVICE_PID} ready; ${MACHINE}"

set +e
# shellcheck disable=SC2086
java ${LOADGEN_JAVA_OPTS} ${LOADGEN_POOL} --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$(loadgen_classpath)" \
  -Dbench.baseUrl="${BASE_URL}" -Dbench.pid="${SERVICE_PID}" -Dbench.dataDir="${DATA}" -Dbench.out="${OUT}" -Dbench.machine="${MACHINE}" \
  -Dbench.ceilingUrl="$([[ ${WITH_CEILING} == 1 ]] && echo "${CEILING_URL}")" -Dbench.ceilingPid="${CEILING_PID:--1}" \
  -Dbench.ceilingRedisPid="${CEILING_REDIS_PID:--1}" -Dbench.ceilingRedis="${CEILING_REDIS:-(no ceiling)}" \
  -Dbench.productRedis="${PRODUCT_REDIS}" -Dbench.serviceJavaOpts="$("${SERVICE_JAVA}" -version 2>&1 | head -1): ${SERVICE_JAVA_OPTS}" \
  -Dbench.holdDuration="${BENCH_HOLD_DURATION}${BENCH_SERVICE_ARGS:+; product args: ${BENCH_SERVICE_ARGS}}" \
  -Dbench.scenarios="${SCENARIOS}" -Dbench.targets="${TARGETS}" \
  "${SIZE[@]}" ${BENCH_EXTRA:-} dev.flashsale.bench.BenchMain 2>&1 | tee "${OUT}/bench.log"
RESULT=${PIPESTATUS[0]}
set -e
ln -sfn "${STAMP}" bench/results/latest
echo "Report: ${OUT}/report.html (summary ${OUT}/summary.json)"
if [[ "${BENCH_PUBLISH:-0}" == "1" && -f "${OUT}/summary.json" ]]; then
  # the report behind figures the README quotes, kept under version control (bench/results/ is ignored)
  mkdir -p "docs/benchmarks/${STAMP}"
  cp "${OUT}/summary.json" "${OUT}/report.md" "docs/benchmarks/${STAMP}/"
  echo "Kept summary.json and report.md in docs/benchmarks/${STAMP}/ (commit them with the docs/performance.md change)"
fi
exit "${RESULT}"
