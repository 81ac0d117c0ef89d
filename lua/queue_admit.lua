-- queue_admit: one tick of a sale's waiting room (every instance runs it every tick-interval;
-- running it twice, or from two instances, admits no more: the budget lives here).
-- KEYS[1..8] as queue_join (layout: lua/lib/queue.lua), KEYS[9] log hash fs:{saleId}:wr:log
-- ARGV[1] opensAt ms, ARGV[2] startsAt ms, ARGV[3] admitPerSecond, ARGV[4] admission TTL ms,
-- ARGV[5] margin percent, ARGV[6] leave-after ms, ARGV[7] sale total,
-- ARGV[8] candidate seed, ARGV[9] its SHA-256, ARGV[10] now ms override or '', ARGV[11] tick interval ms
-- In order: commit the seed and time the tick (meta tickGap); from startsAt make the draw; expire admissions past their deadline
-- (state X); queued shoppers not seen for leave-after leave (state L); then admit from the head
-- of the queue at most
--   the second's paced budget - admissions already made in this second (wall-clock second of Redis
--   TIME), the paced budget being admitPerSecond x (ms into the second + tick interval) / 1000 (rounded
--   down, at most admitPerSecond): each tick admits the share of the tick interval after it, so a
--   second's admissions are spread across it and never exceed admitPerSecond, and
--   units left * (100 + margin) / 100 (rounded down) - admitted and unused,
-- each admitted shopper getting a deadline now + TTL and a fresh jti '<ticket>.<admission number>'.
-- The wait estimate first shown to each admitted shopper (est) is compared with the actual wait
-- (now - when it was shown), counted in meta estimates and estimatesWithin (within +-20 %).
-- Returns {admitted now, expired now, left now, queued, admitted and unused,
--          {estimate ms, actual ms, ...} of the shoppers admitted now who were shown an estimate,
--          1 when no unit is left (queued tickets read SOLD_OUT, see ticket_view) else 0}
-- @include common
-- @include queue
local k = room_keys()
local log = KEYS[9]
local opens, starts, rate, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local margin, leave_after, total = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
local now = now_ms(ARGV[10])
local tick = tonumber(ARGV[11])
if now < opens then
  return {0, 0, 0, 0, 0, {}, 0}
end
commit_seed(k.meta, ARGV[8], ARGV[9])
time_tick(k.meta, now)
if now < starts then
  return {0, 0, 0, redis.call('ZCARD', k.queue), 0, {}, 0}
end
draw(k.meta, k.queue, k.seen, now)

local expired = 0
for _, shopper in ipairs(redis.call('ZRANGEBYSCORE', k.admitted, '-inf', '(' .. now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', k.admitted, shopper)
  redis.call('HSET', k.state, shopper, 'X')
  expired = expired + 1
end

local left = 0
for _, shopper in ipairs(redis.call('ZRANGEBYSCORE', k.seen, '-inf', '(' .. (now - leave_after), 'LIMIT', 0, 1000)) do
  redis.call('ZREM', k.seen, shopper)
  if redis.call('ZREM', k.queue, shopper) == 1 then
    redis.call('HSET', k.state, shopper, 'L')
    redis.call('HDEL', k.est, shopper)
    left = left + 1
  end
end

if expired > 0 then redis.call('HINCRBY', k.meta, 'expired', expired) end
if left > 0 then redis.call('HINCRBY', k.meta, 'left', left) end

local second = math.floor(now / 1000)
local win = redis.call('HMGET', k.meta, 'win', 'winCount')
local this_second = 0
if tonumber(win[1] or '-1') == second then
  this_second = tonumber(win[2])
end
local unused = redis.call('ZCARD', k.admitted)
local units = units_left(k.stock, total)
local ceiling = math.floor(units * (100 + margin) / 100)
local paced = math.min(rate, math.floor(rate * (now % 1000 + tick) / 1000))
local n = math.min(paced - this_second, ceiling - unused)
local admitted = 0
local waits, within = {}, 0
if n > 0 then
  for _, shopper in ipairs(redis.call('ZRANGE', k.queue, 0, n - 1)) do
    local number = redis.call('HINCRBY', k.meta, 'admissions', 1)
    local jti = redis.call('HGET', k.tickets, shopper) .. '.' .. number
    redis.call('ZREM', k.queue, shopper)
    redis.call('ZREM', k.seen, shopper)
    redis.call('ZADD', k.admitted, now + ttl, shopper)
    redis.call('HSET', k.state, shopper, 'A:' .. jti)
    admitted = admitted + 1
    local shown = redis.call('HGET', k.est, shopper)
    if shown then
      redis.call('HDEL', k.est, shopper)
      local estimate, at = string.match(shown, '(%d+):(%d+)')
      local actual = now - tonumber(at)
      waits[#waits + 1] = tonumber(estimate)
      waits[#waits + 1] = actual
      if math.abs(actual - tonumber(estimate)) * 5 <= tonumber(estimate) then
        within = within + 1
      end
    end
  end
  if admitted > 0 then
    redis.call('HSET', k.meta, 'win', second, 'winCount', this_second + admitted)
    redis.call('HINCRBY', log, second, admitted)
  end
  if #waits > 0 then
    redis.call('HINCRBY', k.meta, 'estimates', #waits / 2)
    redis.call('HINCRBY', k.meta, 'estimatesWithin', within)
  end
end
return {admitted, expired, left, redis.call('ZCARD', k.queue), unused + admitted, waits, units <= 0 and 1 or 0}
