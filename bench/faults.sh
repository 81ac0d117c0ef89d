#!/usr/bin/env bash
# The fault suite in one command:
#   bench/faults.sh
# Builds the service jar and bench/gatling, starts the packaged service on 127.0.0.1 in standalone mode
# with a fresh temp data dir (its own embedded Redis and Postgres), mints shopper tokens from
# POST /dev/tokens, and runs FaultMain (bench/gatling): for each fault a fresh sale with a unit for every
# arrival, an open-model burst of reserves (one shopper, one reserve, its own token), the fault injected
# mid-burst, then the invariants through the API (GET /api/sales/{id}/stock: available + held + sold ==
# total, grants <= held + sold <= grants + answers without an outcome; GET /admin/api/sales/{id}/
# reconciliation until streamDrained and inSync). Faults, in order:
#   redis-pause    the embedded Redis stopped with SIGSTOP for 10 s mid-burst, then SIGCONT
#   redis-kill     the embedded Redis killed with kill -9 mid-burst, restarted 2 s later with its own
#                  command line (read from /proc/<pid>/cmdline) in its own directory: same port, same AOF
#   postgres-down  the embedded Postgres stopped as pg_ctl stop -m fast does (SIGINT to the postmaster; pg_ctl
#                  itself refuses to run as root) for 60 s mid-burst, then started again with the command
#                  line in its postmaster.opts
#   app-kill       (last: it ends the first instance) a second instance on the first one's Redis and
#                  Postgres shares the burst; the first JVM is killed with kill -9 mid-burst, the load goes
#                  to the second 1 s later
#   fuzz           random methods, paths, bodies and headers on the API (every answer a 4xx problem,
#                  never a 5xx, the sale's stock unchanged)
# Prints the table (fault, requests, granted, lost, duplicated, 5xx, recovery time) and writes it to
# bench/results/faults-<time>/table.md with service.log and faults.log. Stops everything it started,
# whatever happens. Exit code 0 only if every check passed.
# Knobs: FAULTS_PORT (18090), FAULTS_LIST (redis-pause,redis-kill,postgres-down,fuzz,app-kill), FAULTS_RATE (200
# arrivals/s), FAULTS_SKIP_BUILD=1, SERVICE_JAVA_OPTS, FAULTS_EXTRA (more -Dfaults.* properties).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${FAULTS_PORT:-18090}"
BASE_URL="http://127.0.0.1:${PORT}"
LIST="${FAULTS_LIST:-redis-pause,redis-kill,postgres-down,fuzz,app-kill}"
RATE="${FAULTS_RATE:-200}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="bench/results/faults-${STAMP}"
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k}"
mkdir -p "${OUT}"

if curl -s -o /dev/null "${BASE_URL}/actuator/health/liveness"; then
  echo "Port ${PORT} is already in use; set FAULTS_PORT" >&2
  exit 2
fi
# shellcheck source=bench/lib.sh
source "bench/lib.sh"
build_service "${FAULTS_SKIP_BUILD:-0}"

DATA="$(mktemp -d /tmp/flashsale-faults-XXXXXX)"
SERVICE_PID=""
LOADGEN_PID=""
SECOND_PID=""
SECOND_PORT="${FAULTS_SECOND_PORT:-18091}"
SECOND_URL="http://127.0.0.1:${SECOND_PORT}"
# one HS256 secret for both instances, so a token minted by one is valid on the other
JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup() {
  local status=$?
  local p c children=""
  if [[ -n "${LOADGEN_PID}" ]]; then kill "${LOADGEN_PID}" 2>/dev/null || true; fi
  # a paused Redis would never stop: let it go on first
  for p in $(pgrep -f -- "${DATA}" || true); do kill -CONT "$p" 2>/dev/null || true; done
  if [[ -n "${SECOND_PID}" ]]; then
    kill "${SECOND_PID}" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "${SECOND_PID}" 2>/dev/null || break; sleep 0.5; done
    kill -9 "${SECOND_PID}" 2>/dev/null || true
  fi
  if [[ -f "${OUT}/redis-restarted.pid" ]]; then children="$(cat "${OUT}/redis-restarted.pid")"; fi
  # the embedded Redis writes its pid file in the data dir (it outlives a JVM killed by the app-kill fault)
  if [[ -f "${DATA}/redis/redis.pid" ]]; then children="${children} $(cat "${DATA}/redis/redis.pid")"; fi
  if [[ -n "${SERVICE_PID}" ]] && kill -0 "${SERVICE_PID}" 2>/dev/null; then
    children="${children} $(descendants "${SERVICE_PID}")"
    kill "${SERVICE_PID}" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "${SERVICE_PID}" 2>/dev/null || break; sleep 0.5; done
    kill -9 "${SERVICE_PID}" 2>/dev/null || true
    sleep 1
  fi
  # the embedded Redis (a child of the JVM, or the one FaultMain restarted) and Postgres (pg_ctl detaches
  # the postmaster; found by our unique data dir), if left behind
  children="${children} $(pgrep -f -- "${DATA}" || true)"
  for c in ${children}; do kill "$c" 2>/dev/null || true; done
  sleep 1
  for c in ${children}; do kill -9 "$c" 2>/dev/null || true; done
  rm -rf "${DATA}"
  exit "${status}"
}
trap cleanup EXIT INT TERM

echo "Starting ${JAR} on ${BASE_URL} (data in ${DATA})"
# every simulated shopper comes from 127.0.0.1: the per-address rate limit is lifted (its Redis call stays)
# shellcheck disable=SC2086
java ${SERVICE_JAVA_OPTS} -jar "${JAR}" --server.port="${PORT}" --flashsale.data-dir="${DATA}" \
  --flashsale.demo.enabled=false --flashsale.security.jwt.secret="${JWT_SECRET}" \
  --flashsale.rate-limit.ip.capacity=1000000000 --flashsale.rate-limit.ip.refill-per-second=1000000000 \
  ${FAULTS_SERVICE_ARGS:-} > "${OUT}/service.log" 2>&1 &
SERVICE_PID=$!
disown "${SERVICE_PID}"  # the app-kill fault kills it: no job notice
wait_ready Service "${SERVICE_PID}" "${BASE_URL}/actuator/health/readiness" "${OUT}/service.log" 180

# the embedded Redis: a child process of the JVM whose command line names redis-server
REDIS_PID=""
for c in $(descendants "${SERVICE_PID}"); do
  if tr '\0' ' ' < "/proc/$c/cmdline" 2>/dev/null | grep -q redis-server; then REDIS_PID="$c"; break; fi
done
[[ -n "${REDIS_PID}" ]] || { echo "No embedded Redis found under pid ${SERVICE_PID}" >&2; exit 3; }
# the embedded Postgres: the postmaster whose data dir is under ours; postmaster.opts has its command line
PG_OPTS_FILE="$(find "${DATA}" -name postmaster.opts | head -1)"
[[ -n "${PG_OPTS_FILE}" ]] || { echo "No embedded Postgres found in ${DATA}" >&2; exit 3; }
PG_DATA="$(dirname "${PG_OPTS_FILE}")"
echo "Service pid ${SERVICE_PID}; embedded Redis pid ${REDIS_PID}: $(tr '\0' ' ' < "/proc/${REDIS_PID}/cmdline")"
echo "Embedded Postgres: $(cat "${PG_OPTS_FILE}")"

if [[ ",${LIST}," == *",app-kill,"* ]]; then
  REDIS_PORT="$(tr '\0' ' ' < "/proc/${REDIS_PID}/cmdline" | grep -o ':[0-9]*' | tail -1 | tr -d :)"
  PG_PORT="$(grep -o '"-p" "[0-9]*"' "${PG_OPTS_FILE}" | grep -o '[0-9][0-9]*')"
  echo "Starting a second instance on ${SECOND_URL} (Redis 127.0.0.1:${REDIS_PORT}, Postgres 127.0.0.1:${PG_PORT})"
  # shellcheck disable=SC2086
  start_instance "${JAR}" "${SECOND_PORT}" "${DATA}/second" "${OUT}/service-second.log" "${REDIS_PORT}" "${PG_PORT}" \
    "${JWT_SECRET}" ${FAULTS_SERVICE_ARGS:-}
  SECOND_PID="${STARTED_PID}"
  wait_ready "Second instance" "${SECOND_PID}" "${SECOND_URL}/actuator/health/readiness" "${OUT}/service-second.log" 180
fi

set +e
: > "${OUT}/faults.log"
# shellcheck disable=SC2086
java -Xms256m -Xmx512m ${LOADGEN_POOL} -cp "$(loadgen_classpath)" \
  -Dfaults.baseUrl="${BASE_URL}" -Dfaults.dataDir="${DATA}" -Dfaults.out="${OUT}" -Dfaults.rate="${RATE}" \
  -Dfaults.redisPid="${REDIS_PID}" -Dfaults.pgData="${PG_DATA}" -Dfaults.list="${LIST}" \
  -Dfaults.servicePid="${SERVICE_PID}" -Dfaults.secondUrl="${SECOND_URL}" ${FAULTS_EXTRA:-} \
  dev.flashsale.bench.FaultMain >> "${OUT}/faults.log" 2>&1 &
LOADGEN_PID=$!
tail -n +1 -f --pid="${LOADGEN_PID}" "${OUT}/faults.log"
wait "${LOADGEN_PID}"
RESULT=$?
LOADGEN_PID=""
set -e
echo "Table: ${OUT}/table.md (service log ${OUT}/service.log)"
exit "${RESULT}"
