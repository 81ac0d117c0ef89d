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

-- The wait told to a queued shopper, from queue_admit's pacing: the admissions of each wall-clock second
-- are numbered 1..rate, number j being due once ms into the second + tick-interval >= j x 1000 / rate, and
-- a tick admits the numbers due by then; a second's numbers left when its last tick has passed are lost.
-- Ticks are expected every tickGap ms (measured; the tick-interval until then) from the last one (tickAt),
-- an overdue one at once. So a shopper's admission is counted through the seconds from now's: each admits
-- up to the budget of its last tick (now's less the admissions already made in it), and the shopper's
-- number comes due at the first tick at or after its time. Counting what the ticks already did matters:
-- a queue that ran dry part of a second (the start of a sale) leaves budget that the next tick admits at
-- once, and a room admitting on schedule is a tick ahead of a plain place / rate. A floor: the stock
-- ceiling may admit slower.
local ESTIMATE_HORIZON = 120 -- seconds counted one by one; the rest at their average
local pace -- per script call: queue_watch estimates for up to 500 shoppers

local function pacing(k, rate, tick, now)
  local m = redis.call('HMGET', k.meta, 'tickGap', 'tickAt', 'win', 'winCount')
  local gap = math.max(1, tonumber(m[1] or tick))
  local last = tonumber(m[2] or now)
  local second = math.floor(now / 1000)
  return {rate = rate, tick = tick, gap = gap, last = last, second = second,
          first = math.max(now, last + gap), made = tonumber(m[3] or '-1') == second and tonumber(m[4]) or 0,
          upto = {}}
end

-- The first tick at or after ms t.
local function tick_from(p, t)
  if t <= p.first then
    return p.first
  end
  return p.last + p.gap * math.ceil((t - p.last) / p.gap)
end

-- Admissions the ticks of second i from now's can still make.
local function capacity(p, i)
  local s = (p.second + i) * 1000
  local t = p.last + p.gap * math.floor((s + 999 - p.last) / p.gap)
  if t < p.first or t < s then
    if math.floor(p.first / 1000) * 1000 ~= s then
      return 0
    end
    t = p.first
  end
  local budget = math.min(p.rate, math.floor(p.rate * (t - s + p.tick) / 1000))
  return math.max(0, budget - (i == 0 and p.made or 0))
end

-- In ms, rounded to 10 ms (the ticket shows it in seconds to a hundredth), at least 10. p.upto[i] counts
-- the admissions of seconds 0..i, extended as far as needed (a binary search finds the shopper's second).
local function wait_estimate(k, rank, rate, tick, now)
  pace = pace or pacing(k, rate, tick, now)
  local p, n = pace, rank + 1
  while #p.upto < ESTIMATE_HORIZON and (p.upto[#p.upto] or 0) < n do
    p.upto[#p.upto + 1] = (p.upto[#p.upto] or 0) + capacity(p, #p.upto)
  end
  local at
  if p.upto[#p.upto] < n then
    local later = p.upto[#p.upto] - p.upto[1] -- seconds 1 .. horizon - 1
    at = (p.second + ESTIMATE_HORIZON) * 1000 + (n - p.upto[#p.upto]) * 1000 * (ESTIMATE_HORIZON - 1) / math.max(1, later)
  else
    local lo, hi = 1, #p.upto
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if p.upto[mid] >= n then hi = mid else lo = mid + 1 end
    end
    local before = lo > 1 and p.upto[lo - 1] or 0
    local number = (lo == 1 and p.made or 0) + n - before
    at = tick_from(p, (p.second + lo - 1) * 1000 + math.max(0, math.ceil(number * 1000 / rate) - tick))
  end
  return math.max(10, math.floor((at - now) / 10 + 0.5) * 10)
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
-- wait estimate ms or -1}. A WAITING shopper gets an estimate only while the units left cover the place even
-- if every shopper admitted and ahead buys (rank + 1 + admitted-and-unused <= units left): further back,
-- admission waits for shoppers who do not buy, which no estimate can time. The first estimate shown to a
-- shopper is remembered for the accuracy check.
local stock_now -- per script call: queue_watch reads up to 500 tickets
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
              tonumber(redis.call('ZSCORE', k.admitted, shopper) or '0'), -1}
    end
    local names = {U = 'USED', X = 'EXPIRED', L = 'LEFT'}
    return {1, tonumber(ticket), names[kind], -1, '', 0, -1}
  end
  local rank = redis.call('ZRANK', k.queue, shopper)
  stock_now = stock_now or {units = units_left(k.stock, total), unused = redis.call('ZCARD', k.admitted)}
  local status = 'WAITING'
  if redis.call('HEXISTS', k.meta, 'shuffledAt') == 0 then
    status = 'PRE_QUEUE'
  elseif stock_now.units <= 0 then
    status = 'SOLD_OUT'
  end
  local estimate = -1
  if rank and status == 'WAITING' and rank + 1 + stock_now.unused <= stock_now.units then
    estimate = wait_estimate(k, rank, tonumber(rate), tonumber(tick), now)
    redis.call('HSETNX', k.est, shopper, estimate .. ':' .. now)
  end
  return {1, tonumber(ticket), status, rank or -1, '', 0, estimate}
end

-- KEYS[1..8] in the same order in every queue script that takes them all.
local function room_keys()
  return {meta = KEYS[1], queue = KEYS[2], tickets = KEYS[3], state = KEYS[4], admitted = KEYS[5],
          seen = KEYS[6], stock = KEYS[7], est = KEYS[8]}
end
