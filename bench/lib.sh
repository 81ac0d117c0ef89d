# Shared by the bench scripts (run.sh, faults.sh, cluster.sh); sourced, not run.

# Every load generator JVM gets these. The JDK's HttpClient completes each sendAsync on CompletableFuture's
# default executor, and with fewer than 3 cores (common pool parallelism 1) that executor starts a new
# thread per task: 130,000 threads in a waiting-room run. A common pool of 4 runs them on pooled threads.
LOADGEN_POOL="-Djava.util.concurrent.ForkJoinPool.common.parallelism=4"

# every descendant pid of $1 (the embedded Redis is a child of the service JVM)
descendants() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; descendants "$p"; done; }

# wait_ready NAME PID URL LOG SECONDS: until URL answers 2xx; exit 3 if PID dies or SECONDS pass
wait_ready() {
  local name=$1 pid=$2 url=$3 log=$4 seconds=$5 i
  for i in $(seq "${seconds}"); do
    if curl -sf -o /dev/null "${url}"; then return 0; fi
    if ! kill -0 "${pid}" 2>/dev/null; then echo "${name} died; see ${log}" >&2; exit 3; fi
    sleep 1
  done
  echo "${name} not ready after ${seconds} s" >&2
  exit 3
}

# need_command BINARY PACKAGE: installs the Debian PACKAGE (apt-get, as root) when BINARY is missing;
# exit 2 if it is still missing
need_command() {
  if ! command -v "$1" > /dev/null && [[ "$(id -u)" == "0" ]] && command -v apt-get > /dev/null; then
    echo "Installing $2 (apt-get)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null
  fi
  command -v "$1" > /dev/null || { echo "This needs $1 (apt-get install $2)" >&2; exit 2; }
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_redis BINARY PORT DIR LOG [--more options]: a redis-server on loopback configured as the product's
# embedded one (src/standalone EmbeddedRedisServer: AOF every second, expired-key events, hz 100); its pid in STARTED_PID
start_redis() {
  "$1" --port "$2" --bind 127.0.0.1 --dir "$3" --appendonly yes --appendfsync everysec \
    --notify-keyspace-events Ex --hz 100 --save "" --daemonize no "${@:5}" > "$4" 2>&1 &
  STARTED_PID=$!
}

# start_postgres PORT DIR LOG: Debian's Postgres (initdb, then postgres on 127.0.0.1:PORT, user postgres,
# trust on loopback) in DIR; its pid in STARTED_PID. Postgres refuses to run as root, so as root it
# runs as nobody (setpriv), owning DIR.
start_postgres() {
  local port=$1 dir=$2 log=$3 bin as=()
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -x "${bin}/initdb" ]] || { echo "This needs Postgres (apt-get install postgresql)" >&2; exit 2; }
  mkdir -p "${dir}"
  if [[ "$(id -u)" == "0" ]]; then
    chown nobody "${dir}"
    chmod o+x "$(dirname "${dir}")"
    as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  fi
  "${as[@]}" "${bin}/initdb" -D "${dir}" -U postgres --auth=trust -E UTF8 > "${log}" 2>&1
  "${as[@]}" "${bin}/postgres" -D "${dir}" -p "${port}" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="${dir}" >> "${log}" 2>&1 &
  STARTED_PID=$!
  local i
  for i in $(seq 60); do
    if "${bin}/pg_isready" -q -h 127.0.0.1 -p "${port}"; then return 0; fi
    kill -0 "${STARTED_PID}" 2>/dev/null || { echo "Postgres died; see ${log}" >&2; exit 3; }
    sleep 0.5
  done
  echo "Postgres not ready after 30 s; see ${log}" >&2
  exit 3
}

# start_instance JAR PORT DATA_DIR LOG REDIS_PORT PG_PORT JWT_SECRET [--more options]: the packaged
# service on external Redis and Postgres (loopback), standalone mode on (POST /dev/tokens), the demo
# catalog off, the per-address rate limit lifted (every benchmark shopper comes from 127.0.0.1; its
# Redis call stays); JVM flags from SERVICE_JAVA_OPTS; its pid in STARTED_PID
start_instance() {
  local jar=$1 port=$2 data=$3 log=$4 redis_port=$5 pg_port=$6 secret=$7
  shift 7
  # shellcheck disable=SC2086
  java ${SERVICE_JAVA_OPTS} -jar "${jar}" --server.port="${port}" --flashsale.data-dir="${data}" \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="${redis_port}" \
    --spring.r2dbc.url="r2dbc:postgresql://127.0.0.1:${pg_port}/postgres" --spring.r2dbc.username=postgres \
    --spring.r2dbc.password=postgres --flashsale.standalone=true --flashsale.demo.enabled=false \
    --flashsale.security.jwt.secret="${secret}" \
    --flashsale.rate-limit.ip.capacity=1000000000 --flashsale.rate-limit.ip.refill-per-second=1000000000 \
    "$@" > "${log}" 2>&1 &
  STARTED_PID=$!
}

# stop_pids SECONDS PID...: SIGTERM, up to SECONDS for them to go, then SIGKILL
stop_pids() {
  local seconds=$1 p alive i
  shift
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for i in $(seq $((seconds * 4))); do
    alive=0
    for p in "$@"; do if kill -0 "$p" 2>/dev/null; then alive=1; fi; done
    [[ "${alive}" == 1 ]] || return 0
    sleep 0.25
  done
  for p in "$@"; do kill -9 "$p" 2>/dev/null || true; done
}

# the machine in one line, for reports: cores, CPU model, memory, load average now
machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, load average before the run $(cut -d' ' -f1-3 /proc/loadavg)"
}

# the load generator's class path (bench/gatling, compiled)
loadgen_classpath() { echo "bench/gatling/target/classes:$(cat bench/gatling/target/classpath.txt)"; }

# build_service SKIP: unless SKIP is 1, builds the service jar (tests skipped) and bench/gatling; JAR names the jar
build_service() {
  if [[ "$1" != "1" ]]; then
    echo "Building the service jar and bench/gatling..."
    ./mvnw -q -B -DskipTests package
    ./mvnw -q -B -f bench/gatling/pom.xml compile
  fi
  JAR="$(ls target/flash-sale-*.jar | grep -v plain | head -1)"
}
