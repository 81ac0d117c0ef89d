#!/usr/bin/env bash
# CPU per reserve (and waiting-room join) request and where it goes, for before/after comparisons.
#   bench/profile/run.sh JAR [OUT]      e.g. bench/profile/run.sh target/flash-sale-0.1.0-SNAPSHOT.jar /tmp/after
#   PROFILE_LOADS=join bench/profile/run.sh JAR [OUT]   only the loads named (granted, sold-out, join)
# Starts the jar in standalone mode on 127.0.0.1:18090 (fresh temp data dir, the benchmark's JVM flags,
# per-address rate limit lifted: every request comes from 127.0.0.1) and drives it with wrk for 15 s a
# load, closed loop, a different shopper token per request: reserves of a sale with no units (sold out) on
# 64 kept-alive connections, then on 16 connections that close after every answer; joins to the waiting
# room of a sale admitting 1 a second (so nearly every join queues) on 64 kept-alive connections; then
# reserves of a sale with plenty of units, kept-alive and new connections as above. Each load comes after
# a warm-up of its own path. The loads that make holds come last: every hold brings work that runs later
# (its reminder, the ledger, its expiry; some 50,000 holds here), which would otherwise be counted in the
# loads after it. Prints requests, rate, p99, non-2xx answers and the service JVM's CPU per request,
# background work included; with OUT, records a JFR profile of each load to OUT.<load>.jfr (compare two
# runs with: python3 bench/profile/jfr-table.py BEFORE AFTER).
# Needs wrk (apt-get install wrk) and python3. Stops everything it started.
set -uo pipefail
JAR=$1; JFR=${2:-}
HERE="$(cd "$(dirname "$0")" && pwd)"
PORT=18090; DATA=$(mktemp -d /tmp/flashsale-profile-XXXXXX)
OPTS="-XX:+UseSerialGC -Xms256m -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k"
[ -n "$JFR" ] && OPTS="$OPTS -XX:FlightRecorderOptions=stackdepth=512"
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
# shellcheck disable=SC2086
java $OPTS -jar "$JAR" --server.port=$PORT --flashsale.data-dir="$DATA" --flashsale.demo.enabled=false \
  --flashsale.reservation.hold-duration=75s \
  --flashsale.rate-limit.ip.capacity=1000000000 --flashsale.rate-limit.ip.refill-per-second=1000000000 \
  > "$DATA/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; sleep 3; pkill -f "$DATA" 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 120); do curl -s -o /dev/null localhost:$PORT/actuator/health/liveness && break; sleep 0.5; done
ADMIN=$(curl -s -XPOST localhost:$PORT/dev/tokens -H 'content-type: application/json' \
  -d '{"userId":"admin","roles":["ADMIN"]}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
python3 "$HERE/tokens.py" "$DATA/jwt-secret" 20000 s > "$DATA/tokens"
PRODUCT=$(curl -s -XPOST localhost:$PORT/admin/api/products -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"name":"프로파일 상품","category":"bench","originalPrice":10000,"coupangUrl":"https://www.coupang.com/vp/products/1"}' \
  | sed -E 's/.*"id":([0-9]+).*/\1/')
sale() {
  curl -s -XPOST localhost:$PORT/admin/api/sales -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
    -d "{\"productId\":$PRODUCT,\"salePrice\":5900,\"totalQuantity\":$1,\"perUserLimit\":1000,\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2099-01-01T00:00:00Z\"}" \
    | sed -E 's/.*"id":([0-9]+).*/\1/'
}
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }   # user + system, in clock ticks (1/100 s)
wanted() { [[ ",${PROFILE_LOADS:-granted,sold-out,join}," == *",$1,"* ]]; }
load() { # name sale keep|close connections seconds [path after /api/sales/<sale>, default /reservations]
  [[ $1 == warm-up ]] || wanted "${1%% *}" || return 0
  [ -n "$JFR" ] && jcmd $PID JFR.start name=p settings=profile > /dev/null
  local before; before=$(cpu)
  local out; out=$(wrk -t1 -c"$4" -d"$5"s --latency -s "$HERE/wrk-reserve.lua" "http://127.0.0.1:$PORT" -- \
    "$DATA/tokens" "/api/sales/$2${6:-/reservations}" "$3")
  local after; after=$(cpu)
  [ -n "$JFR" ] && jcmd $PID JFR.stop name=p filename="$JFR.$(echo "$1" | tr ' ' '-').jfr" > /dev/null
  local n; n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$1: $n requests, $(echo "$out" | awk '/Requests\/sec/{print $2}')/s, p99 $(echo "$out" | awk '/ 99%/{print $2}')," \
    "non-2xx $(echo "$out" | awk '/Non-2xx/{print $5}'), service CPU $(python3 -c "print(round(($after-$before)*10/$n,3))") ms per request"
}
room() { # a sale of 1,000 units behind a waiting room admitting 1 a second
  local id; id=$(sale 1000)
  curl -s -o /dev/null -XPUT "localhost:$PORT/admin/api/sales/$id/waiting-room" -H "Authorization: Bearer $ADMIN" \
    -H 'content-type: application/json' -d '{"enabled":true,"admitPerSecond":1,"admissionTtl":"PT30S"}'
  echo "$id"
}
if wanted sold-out; then
  NONE=$(sale 0)
  load warm-up "$NONE" keep 32 10 > /dev/null
  load warm-up "$NONE" close 16 5 > /dev/null
  load "sold-out keep-alive 64" "$NONE" keep 64 15
  load "sold-out new-conn 16" "$NONE" close 16 15
fi
if wanted join; then
  load warm-up "$(room)" keep 32 10 /queue > /dev/null
  load "join keep-alive 64" "$(room)" keep 64 15 /queue
fi
if wanted granted; then
  PLENTY=$(sale 10000000)
  load warm-up "$PLENTY" keep 32 10 > /dev/null
  load "granted keep-alive 64" "$PLENTY" keep 64 15
  load "granted new-conn 16" "$PLENTY" close 16 15
fi
