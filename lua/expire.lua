-- expire: return the units of HELD holds whose deadline has passed. Idempotent and safe to run
-- from any number of instances at once, early, or twice: a hold that is not HELD or not yet due
-- is left alone. Called by the sweeper (ids taken from the deadline set) and by the expired-key
-- listener (one id).
-- KEYS[1] stock hash, KEYS[2] deadlines zset, KEYS[3] per-user units hash, KEYS[4] event stream
-- ARGV[1] key prefix of this sale, 'fs:{saleId}:' (hold, shadow and per-shopper keys are built
--         from it: same hash tag, so the same Cluster slot as KEYS)
-- ARGV[2] now ms override or '', ARGV[3] max holds to expire in this call,
-- ARGV[4..] hold ids to consider; none = the due ones from the deadline set
-- Returns {1, expired count, earliest remaining deadline ms or -1, then one entry per expired hold: how
--          many ms past its own deadline it came back (now - deadline)}
--       | {-4} nothing of the sale in Redis (no stock, no deadlines, no per-shopper counts): nothing to do
--       | {-11} partial sale (stock hash incomplete, or gone while holds survive): nothing changed;
--               units returned now would go to counters that never took them
-- @include common
local stock, deadlines, users, events = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local prefix, now, batch = ARGV[1], now_ms(ARGV[2]), tonumber(ARGV[3])

local state = stock_of(stock)
if state == 'partial' then
  return {SALE_PARTIAL}
elseif state == 'missing' then
  if leftovers(deadlines, users) then
    return {SALE_PARTIAL}
  end
  for i = 4, #ARGV do
    if redis.call('HGET', prefix .. 'hold:' .. ARGV[i], 'state') == 'HELD' then
      return {SALE_PARTIAL}
    end
  end
  return {-4}
end

local ids = {}
if #ARGV >= 4 then
  for i = 4, #ARGV do ids[#ids + 1] = ARGV[i] end
else
  ids = redis.call('ZRANGEBYSCORE', deadlines, '-inf', now, 'LIMIT', 0, batch)
end

local count, delays = 0, {}
for _, id in ipairs(ids) do
  local hold = prefix .. 'hold:' .. id
  local h = redis.call('HMGET', hold, 'user', 'qty', 'state', 'deadline')
  if h[3] == 'HELD' and tonumber(h[4]) <= now then
    local qty = tonumber(h[2])
    units_back(stock, qty, 'held')
    user_units_down(users, h[1], qty)
    redis.call('HSET', hold, 'state', 'EXPIRED', 'closed', now)
    redis.call('DEL', prefix .. 'shadow:' .. id)
    redis.call('SREM', prefix .. 'u:' .. h[1], id)
    redis.call('XADD', events, '*', 'type', 'EXPIRED', 'hold', id, 'user', h[1], 'qty', qty, 'at', now,
      'deadline', h[4])
    count = count + 1
    delays[count] = now - tonumber(h[4])
  end
  if h[3] ~= 'HELD' or tonumber(h[4]) <= now then
    redis.call('ZREM', deadlines, id)
  end
end
local next_due = redis.call('ZRANGE', deadlines, 0, 0, 'WITHSCORES')
local reply = {1, count, next_due[2] and tonumber(next_due[2]) or -1}
for i = 1, count do reply[i + 3] = delays[i] end
return reply
