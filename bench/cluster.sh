#!/usr/bin/env bash
# Three instances behind a proxy, in one command (issue 15):
#   bench/cluster.sh                  full run: the burst (20,000 shoppers in 5 s) and a step search, each
#                                     straight at one instance and through the proxy at three; then the kill run
#   CLUSTER_QUICK=1 bench/cluster.sh  a small run for development (2,000 shoppers in the burst, no step search)
#   CLUSTER_REDIS=cluster bench/cluster.sh
#                                     the same three instances on a local Redis Cluster instead of one Redis: three
#                                     masters and three replicas (Debian's redis-server, redis-cli --cluster create,
#                                     ports CLUSTER_REDIS_PORT..+5), phase 3 only by default, and phase 3 kills the
#                                     Redis master serving the sale instead of an instance: its replica is promoted
# Builds the service jar (as bench/run.sh does) and bench/gatling; starts one redis-server (Debian's, configured
# as the embedded one) and one Postgres (Debian's, initdb in a temp dir), three packaged JVMs on them
# (127.0.0.1:18101-18103, same JWT secret, standalone mode for POST /dev/tokens, X-Forwarded-For trusted:
# server.forward-headers-strategy=native) and HAProxy in front (bench/edge/haproxy.cfg on 127.0.0.1:18100,
# stats on 18109), all on loopback. Then:
#   1. BenchMain straight at instance 1 (the other two idle): burst (and in a full run the step search)
#   2. BenchMain through the proxy at the three: the same
#   3. ClusterMain through the proxy: a burst with an Idempotency-Key per shopper, instance 2 killed with
#      kill -9 mid-burst, attempts without an outcome retried with the same key; then the checks through the
#      API: stock conserved, exactly the units granted, failures only requests in flight at the kill, the dead
#      consumer's pending ledger entries taken over, reconciliation in sync, every hold ended exactly once
#   4. ClusterTable: the result table, printed and written to bench/results/cluster-<time>/table.md (with
#      direct/ and proxy/ reports, kill.json, the proxy's stats and every log)
# Stops everything it started, whatever happens. Exit code 0 only if every correctness check passed; the
# performance targets are reported (met / NOT met), not enforced.
# Knobs: CLUSTER_PORT (18100: the proxy; instances +1..+3, stats +9), CLUSTER_REDIS_PORT (18179),
# CLUSTER_PG_PORT (18154), CLUSTER_SKIP_BUILD=1, CLUSTER_PHASES (direct,proxy,kill), CLUSTER_HOLD_DURATION (75s, in seconds),
# CLUSTER_CLAIM_AFTER (2s: flashsale.ledger.claim-after), CLUSTER_KILL ("-Dcluster.rate=500 -Dcluster.seconds=5
# -Dcluster.units=1500 -Dcluster.killAfterSeconds=2" by default), SERVICE_JAVA_OPTS, LOADGEN_JAVA_OPTS,
# BENCH_EXTRA (more -Dbench.* for phases 1 and 2), CLUSTER_SERVICE_ARGS (more --options for the instances).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source "bench/lib.sh"

PORT="${CLUSTER_PORT:-18100}"
PROXY_URL="http://127.0.0.1:${PORT}"
STATS_URL="http://127.0.0.1:$((PORT + 9))/stats;csv"
REDIS_PORT="${CLUSTER_REDIS_PORT:-18179}"
PG_PORT="${CLUSTER_PG_PORT:-18154}"
REDIS_MODE="${CLUSTER_REDIS:-single}"
if [[ "${REDIS_MODE}" == "cluster" ]]; then
  PHASES="${CLUSTER_PHASES:-kill}"
else
  PHASES="${CLUSTER_PHASES:-direct,proxy,kill}"
fi
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="bench/results/cluster-${STAMP}"
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k}"
LOADGEN_JAVA_OPTS="${LOADGEN_JAVA_OPTS:--Xms512m -Xmx1g}"
# longer than any scenario with its checks (so each grants exactly its units), as bench/run.sh's 75 s
HOLD_DURATION="${CLUSTER_HOLD_DURATION:-75s}"
CLAIM_AFTER="${CLUSTER_CLAIM_AFTER:-2s}"
if [[ "${CLUSTER_QUICK:-0}" == "1" ]]; then
  SIZE=(-Dbench.quick=true -Dbench.shoppers=2000 -Dbench.scenarios=burst -Dbench.warmupRate=200 -Dbench.warmupSeconds=5)
  KILL="${CLUSTER_KILL:--Dcluster.rate=200 -Dcluster.seconds=5 -Dcluster.units=600 -Dcluster.killAfterSeconds=2}"
else
  SIZE=(-Dbench.scenarios=burst,step -Dbench.stepRates=500,1000,1500,2000,2500,3000,3500,4000,5000,6000)
  KILL="${CLUSTER_KILL:--Dcluster.rate=500 -Dcluster.seconds=5 -Dcluster.units=1500 -Dcluster.killAfterSeconds=2}"
fi
mkdir -p "${OUT}"

REDIS_PORTS=("${REDIS_PORT}")
if [[ "${REDIS_MODE}" == "cluster" ]]; then
  REDIS_PORTS=($(seq "${REDIS_PORT}" $((REDIS_PORT + 5))))
fi
BUS_PORTS=()
if [[ "${REDIS_MODE}" == "cluster" ]]; then
  for p in "${REDIS_PORTS[@]}"; do BUS_PORTS+=($((p + 10000))); done
fi
for p in "${PORT}" $((PORT + 1)) $((PORT + 2)) $((PORT + 3)) $((PORT + 9)) "${REDIS_PORTS[@]}" "${BUS_PORTS[@]}" "${PG_PORT}"; do
  port_free "$p" || { echo "Port $p is already in use; set CLUSTER_PORT / CLUSTER_REDIS_PORT / CLUSTER_PG_PORT" >&2; exit 2; }
done
need_command haproxy haproxy
need_command redis-server redis-server
need_command redis-cli redis-tools

build_service "${CLUSTER_SKIP_BUILD:-0}"

DATA="$(mktemp -d /tmp/flashsale-cluster-XXXXXX)"
REDIS_PID=""
REDIS_PIDS=()
PG_PID=""
PROXY_PID=""
LOADGEN_PID=""
APP_PIDS=()
cleanup() {
  local status=$?
  if [[ -n "${LOADGEN_PID}" ]]; then stop_pids 5 "${LOADGEN_PID}"; fi
  if [[ -n "${PROXY_PID}" ]]; then stop_pids 5 "${PROXY_PID}"; fi
  if [[ ${#APP_PIDS[@]} -gt 0 ]]; then stop_pids 30 "${APP_PIDS[@]}"; fi
  if [[ ${#REDIS_PIDS[@]} -gt 0 ]]; then stop_pids 10 "${REDIS_PIDS[@]}"; fi
  if [[ -n "${PG_PID}" ]]; then kill -INT "${PG_PID}" 2>/dev/null || true; stop_pids 20 "${PG_PID}"; fi
  rm -rf "${DATA}"
  exit "${status}"
}
trap cleanup EXIT INT TERM

SERVICE_REDIS=()
if [[ "${REDIS_MODE}" == "cluster" ]]; then
  # three masters, three replicas; a short node timeout so that the killed master's replica takes over in seconds
  for p in "${REDIS_PORTS[@]}"; do
    mkdir -p "${DATA}/redis-${p}"
    start_redis redis-server "${p}" "${DATA}/redis-${p}" "${OUT}/redis-${p}.log" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000
    REDIS_PIDS+=("${STARTED_PID}")
  done
  for p in "${REDIS_PORTS[@]}"; do
    for _ in $(seq 50); do redis-cli -p "${p}" ping > /dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${REDIS_PORTS[@]}") --cluster-replicas 1 --cluster-yes \
    > "${OUT}/redis-cluster-create.log" 2>&1
  for _ in $(seq 100); do
    ok=0
    for p in "${REDIS_PORTS[@]}"; do redis-cli -p "${p}" cluster info | grep -q 'cluster_state:ok' && ok=$((ok + 1)); done
    [[ "${ok}" == 6 ]] && break
    sleep 0.2
  done
  [[ "${ok}" == 6 ]] || { echo "Redis Cluster not formed; see ${OUT}/redis-cluster-create.log" >&2; exit 3; }
  SERVICE_REDIS=(--spring.data.redis.cluster.nodes="$(printf '127.0.0.1:%s,' "${REDIS_PORTS[@]}" | sed 's/,$//')")
  # run by ClusterMain at the kill with the sale id: SIGKILL of the master serving the sale's slot
  cat > "${DATA}/kill-redis-master.sh" <<KILL
#!/usr/bin/env bash
slot=\$(redis-cli -p ${REDIS_PORT} cluster keyslot "fs:{\$1}:stock")
for p in ${REDIS_PORTS[*]}; do
  line=\$(redis-cli -p "\$p" cluster nodes 2>/dev/null | grep myself)
  [[ "\$line" == *master* ]] || continue
  for range in \$(echo "\$line" | cut -d' ' -f9-); do
    from=\${range%-*}; to=\${range#*-}
    if (( slot >= from && slot <= to )); then
      pid=\$(redis-cli -p "\$p" info server | grep process_id | cut -d: -f2 | tr -d '\r')
      kill -9 "\$pid"
      echo "killed the Redis master 127.0.0.1:\$p (pid \$pid) serving slot \$slot of sale \$1" >> "${OUT}/redis-kill.log"
      exit 0
    fi
  done
done
echo "no master found for slot \$slot" >> "${OUT}/redis-kill.log"
exit 1
KILL
  chmod +x "${DATA}/kill-redis-master.sh"
  REDIS_PID="${REDIS_PIDS[0]}"
  echo "Redis Cluster formed: three masters, three replicas"
else
  start_redis redis-server "${REDIS_PORT}" "${DATA}" "${OUT}/redis.log"
  REDIS_PID="${STARTED_PID}"
  REDIS_PIDS=("${REDIS_PID}")
fi
start_postgres "${PG_PORT}" "${DATA}/postgres" "${OUT}/postgres.log"
PG_PID="${STARTED_PID}"
echo "Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -c3-) on ${REDIS_PORTS[*]} (pids ${REDIS_PIDS[*]}), Postgres on ${PG_PORT} (pid ${PG_PID})"

# one HS256 secret for the three, so a token minted by one is valid on all
JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_app() {
  local n=$1
  # shellcheck disable=SC2086
  start_instance "${JAR}" $((PORT + n)) "${DATA}/app${n}" "${OUT}/app${n}.log" "${REDIS_PORT}" "${PG_PORT}" "${JWT_SECRET}" \
    --server.forward-headers-strategy=native --flashsale.reservation.hold-duration="${HOLD_DURATION}" \
    --flashsale.ledger.claim-after="${CLAIM_AFTER}" "${SERVICE_REDIS[@]}" ${CLUSTER_SERVICE_ARGS:-}
  APP_PIDS+=("${STARTED_PID}")
  disown "${STARTED_PID}"  # the kill phase kills one: no job notice
}
# the first alone (it runs the Flyway migrations), then the other two
start_app 1
wait_ready "Instance 1" "${APP_PIDS[0]}" "http://127.0.0.1:$((PORT + 1))/actuator/health/readiness" "${OUT}/app1.log" 240
start_app 2
start_app 3
wait_ready "Instance 2" "${APP_PIDS[1]}" "http://127.0.0.1:$((PORT + 2))/actuator/health/readiness" "${OUT}/app2.log" 240
wait_ready "Instance 3" "${APP_PIDS[2]}" "http://127.0.0.1:$((PORT + 3))/actuator/health/readiness" "${OUT}/app3.log" 240

EDGE_BIND="127.0.0.1:${PORT}" EDGE_STATS_BIND="127.0.0.1:$((PORT + 9))" EDGE_APP1="127.0.0.1:$((PORT + 1))" \
  EDGE_APP2="127.0.0.1:$((PORT + 2))" EDGE_APP3="127.0.0.1:$((PORT + 3))" \
  haproxy -db -f bench/edge/haproxy.cfg > "${OUT}/haproxy.log" 2>&1 &
PROXY_PID=$!
wait_ready HAProxy "${PROXY_PID}" "${PROXY_URL}/actuator/health/readiness" "${OUT}/haproxy.log" 30
for _ in $(seq 30); do
  [[ "$(curl -s "${STATS_URL}" | grep -c '^instances,app[0-9],.*,UP')" == 3 ]] && break
  sleep 1
done
MACHINE="$(machine)"
echo "Instances ${APP_PIDS[*]} and HAProxy ${PROXY_PID} ready; ${MACHINE}"

RESULT=0
# bench_phase NAME URL PIDS: BenchMain's scenarios against URL, CPU counted over the JVMs PIDS
bench_phase() {
  echo; echo "=== $1: BenchMain at $2 ==="
  set +e
  : > "${OUT}/$1.log"
  # shellcheck disable=SC2086
  java ${LOADGEN_JAVA_OPTS} ${LOADGEN_POOL} --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$(loadgen_classpath)" \
    -Dbench.baseUrl="$2" -Dbench.pid="$3" -Dbench.storePids="${REDIS_PID},${PG_PID},${PROXY_PID}" \
    -Dbench.out="${OUT}/$1" -Dbench.machine="${MACHINE}" -Dbench.targets=engine \
    -Dbench.productRedis="redis-server on ${REDIS_PORT}, shared by the three instances" \
    -Dbench.serviceJavaOpts="${SERVICE_JAVA_OPTS}" -Dbench.holdDuration="${HOLD_DURATION}" \
    "${SIZE[@]}" ${BENCH_EXTRA:-} dev.flashsale.bench.BenchMain > "${OUT}/$1.log" 2>&1 &
  LOADGEN_PID=$!
  tail -n +1 -f --pid="${LOADGEN_PID}" "${OUT}/$1.log" | grep --line-buffered -E '^(=== |[a-z-]+ / engine:|Run aborted)' || true
  wait "${LOADGEN_PID}" || RESULT=1
  LOADGEN_PID=""
  set -e
}
if [[ ",${PHASES}," == *",direct,"* ]]; then bench_phase direct "http://127.0.0.1:$((PORT + 1))" "${APP_PIDS[0]}"; fi
if [[ ",${PHASES}," == *",proxy,"* ]]; then bench_phase proxy "${PROXY_URL}" "$(IFS=,; echo "${APP_PIDS[*]}")"; fi
curl -s "${STATS_URL}" > "${OUT}/stats-bench.csv"

if [[ ",${PHASES}," == *",kill,"* ]]; then
  KILL_TARGET=(-Dcluster.killPid="${APP_PIDS[1]}" -Dcluster.killed="one instance")
  WHAT="instance 2 (pid ${APP_PIDS[1]})"
  if [[ "${REDIS_MODE}" == "cluster" ]]; then
    KILL_TARGET=(-Dcluster.killCommand="${DATA}/kill-redis-master.sh" -Dcluster.killed="the Redis Cluster master serving the sale")
    WHAT="the Redis master serving the sale"
  fi
  echo; echo "=== kill: ClusterMain through ${PROXY_URL}, kill -9 of ${WHAT} mid-burst ==="
  set +e
  : > "${OUT}/kill.log"
  # shellcheck disable=SC2086
  java ${LOADGEN_JAVA_OPTS} ${LOADGEN_POOL} -cp "$(loadgen_classpath)" -Dcluster.proxyUrl="${PROXY_URL}" -Dcluster.out="${OUT}" \
    -Djdk.httpclient.keepalive.timeout=5 "${KILL_TARGET[@]}" -Dcluster.redisPort="${REDIS_PORT}" -Dcluster.holdSeconds="${HOLD_DURATION%s}" \
    ${KILL} dev.flashsale.bench.ClusterMain > "${OUT}/kill.log" 2>&1 &
  LOADGEN_PID=$!
  tail -n +1 -f --pid="${LOADGEN_PID}" "${OUT}/kill.log"
  wait "${LOADGEN_PID}" || RESULT=1
  LOADGEN_PID=""
  set -e
  curl -s "${STATS_URL}" > "${OUT}/stats-kill.csv"
  if [[ -f "${OUT}/redis-kill.log" ]]; then cat "${OUT}/redis-kill.log"; fi
fi

java -cp "$(loadgen_classpath)" dev.flashsale.bench.ClusterTable "${OUT}" "${MACHINE}" || RESULT=1
echo "Table: ${OUT}/table.md"
exit "${RESULT}"
