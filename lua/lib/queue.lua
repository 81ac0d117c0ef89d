-- Waiting-room helpers, inlined into the queue_*.lua scripts (after `common`, for now_ms).
-- Keys of one sale's room, all under the sale's hash tag (one Cluster slot):
--   meta     fs:{saleId}:wr:meta      hash: seq (last ticket/order number), seed, seedSha256,
--            shuffledAt, entrants (pre-queue size at the draw), win + winCount (admissions in the
--            current second), admissions (admissions ever made: part of every jti), expired and
--            left (shoppers who abandoned: admitted without reserving in time, or no heartbeat),
--            estimates and estimatesWithin (see est), tickAt (the last admission tick, ms) and tickGap
--            (a moving average of the time between ticks from any instance, ms: what the wait estimate
--            counts on; busy or paused instances tick later than their tick-interval)
--   queue    fs:{saleId}:wr:queue     zset shopper -> order (pre-queue: ticket number; after the
--            draw: place 1..entrants; later joins: the next seq, so first come first served)
--   tickets  fs:{saleId}:wr:tickets   hash shopper -> ticket number (one ticket per shopper)
--   state    fs:{saleId}:wr:state     hash shopper -> 'A:<jti>' admitted, 'U:<jti>:<idempotency key>'
--            used for a reserve, 'X' admission expired unused, 'L' left (no poll for leave-after);
--            no field while waiting
--   admitted fs:{saleId}:wr:admitted  zset shopper -> admission deadline ms (the expiry truth)
--   seen     fs:{saleId}:wr:seen      zset shopper -> last poll ms, for queued shoppers after the draw
--   log      fs:{saleId}:wr:log       hash second (epoch s) -> admissions made in it (audit of the rate)
--   est      fs:{saleId}:wr:est       hash shopper -> '<estimated wait ms>:<when told ms>', the first wait
--            estimate a queued shopper was shown (join, poll or push), compared with the actual wait
--            at admission (meta estimates / estimatesWithin count the comparisons)

-- Commits the draw's seed the first time a room is touched: the seed stays secret until the
-- draw, its SHA-256 is public at once. Java passes a fresh candidate every call; only the first sticks.
local function commit_seed(meta, seed, sha)
  if seed ~= '' and redis.call('HSETNX', meta, 'seedSha256', sha) == 1 then
    redis.call('HSET', meta, 'seed', seed)
  end
end

-- The draw: tickets 1..n of the pre-queue, in ticket order, shuffled by Fisher-Yates where the
-- swap partner of place i (i = n down to 2) is 1 + (the first 12 hex digits of
-- SHA-1(seed .. ':' .. i), read as a number) mod i. Anyone holding the revealed seed and n
-- recomputes the whole order. Queued shoppers' scores become their place; every one of them gets
-- a fresh `seen` (the leave-after clock starts at the draw, not at their join).
local function draw(meta, queue, seen, now)
  if redis.call('HEXISTS', meta, 'shuffledAt') == 1 then
    return
  end
  local seed = redis.call('HGET', meta, 'seed')
  local entries = redis.call('ZRANGE', queue, 0, -1, 'WITHSCORES')
  local by_ticket, n = {}, 0
  for k = 1, #entries, 2 do
    local ticket = tonumber(entries[k + 1])
    by_ticket[ticket] = entries[k]
    if ticket > n then n = ticket end
  end
  local order = {}
  for i = 1, n do order[i] = i end
  for i = n, 2, -1 do
    local j = 1 + (tonumber(string.sub(redis.sha1hex(seed .. ':' .. i), 1, 12), 16) % i)
    order[i], order[j] = order[j], order[i]
  end
  for place = 1, n do
    local shopper = by_ticket[order[place]]
    if shopper then
      redis.call('ZADD', queue, place, shopper)
      redis.call('ZADD', seen, now, shopper)
    end
  end
  redis.call('HSET', meta, 'shuffledAt', now, 'entrants', n)
end

-- Units that a reserve could still take: available plus units offered to the waitlist (field
-- 'offered' when the engine keeps one), or the sale's total before its stock exists in Redis.
local function units_left(stock, total)
  local s = redis.call('HMGET', stock, 'available', 'offered')
  if not s[1] then
    return tonumber(total)
  end
  return tonumber(s[1]) + tonumber(s[2] or '0')
end

-- The wait told to a queued shopper at `rank` (0-based), in ms, rounded to 100 ms (the ticket shows it in
-- seconds to a tenth). queue_admit paces admissions across each second, every tick admitting the budget
-- up to one tick-interval ahead, so the (rank + 1)-th admission from now is due (rank + 1) / rate s from
-- now less a tick-interval, and comes at the first tick after that: on average half the time between
-- ticks later (tickGap as measured, the tick-interval until then); never sooner than that half gap.
-- A floor: the stock ceiling may admit slower.
local measured_gap -- read once per script call: queue_watch estimates for up to 500 shoppers
local function wait_estimate(k, rank, rate, tick)
  measured_gap = measured_gap or tonumber(redis.call('HGET', k.meta, 'tickGap') or tick)
  local gap = measured_gap
  local ms = math.max(gap / 2, (rank + 1) * 1000 / rate - tick + gap / 2)
  return math.max(100, math.floor(ms / 100 + 0.5) * 100)
end

-- Called by each admission tick: the moving average of the time between ticks (weight 1/5 to the newest).
local function time_tick(meta, now)
  local last = tonumber(redis.call('HGET', meta, 'tickAt') or '0')
  if last > 0 and now > last and now - last < 10000 then
    local average = tonumber(redis.call('HGET', meta, 'tickGap') or (now - last))
    redis.call('HSET', meta, 'tickGap', math.floor(average * 0.8 + (now - last) * 0.2 + 0.5))
  end
  redis.call('HSET', meta, 'tickAt', now)
end

-- A shopper's ticket: {1, ticket, status, rank (0-based, -1 if not queued), jti or '', deadline ms or 0,
-- wait estimate ms or 0}. The first time it shows a WAITING shopper a position, the estimate shown with
-- it is remembered for the accuracy check.
local function ticket_view(k, shopper, total, rate, tick, now)
  local ticket = redis.call('HGET', k.tickets, shopper)
  if not ticket then
    return {-2}
  end
  local state = redis.call('HGET', k.state, shopper)
  if state then
    local kind = string.sub(state, 1, 1)
    if kind == 'A' then
      return {1, tonumber(ticket), 'ADMITTED', -1, string.sub(state, 3),
              tonumber(redis.call('ZSCORE', k.admitted, shopper) or '0'), 0}
    end
    local names = {U = 'USED', X = 'EXPIRED', L = 'LEFT'}
    return {1, tonumber(ticket), names[kind], -1, '', 0, 0}
  end
  local rank = redis.call('ZRANK', k.queue, shopper)
  local status = 'WAITING'
  if redis.call('HEXISTS', k.meta, 'shuffledAt') == 0 then
    status = 'PRE_QUEUE'
  elseif units_left(k.stock, total) <= 0 then
    status = 'SOLD_OUT'
  end
  local estimate = 0
  if rank and status ~= 'PRE_QUEUE' then
    estimate = wait_estimate(k, rank, tonumber(rate), tonumber(tick))
    if status == 'WAITING' then
      redis.call('HSETNX', k.est, shopper, estimate .. ':' .. now)
    end
  end
  return {1, tonumber(ticket), status, rank or -1, '', 0, estimate}
end

-- KEYS[1..8] in the same order in every queue script that takes them all.
local function room_keys()
  return {meta = KEYS[1], queue = KEYS[2], tickets = KEYS[3], state = KEYS[4], admitted = KEYS[5],
          seen = KEYS[6], stock = KEYS[7], est = KEYS[8]}
end
