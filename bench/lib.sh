# Shared by bench/run.sh and bench/faults.sh (sourced, not run).

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
