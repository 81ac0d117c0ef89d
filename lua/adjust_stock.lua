-- adjust_stock: an admin adds units to a sale or removes units that are still available
-- (never held or sold ones).
-- Added units pass through units_back: offered to the waitlist's head first, like returned ones.
-- KEYS[1] stock hash, KEYS[2] event stream, KEYS[3] deadlines zset, KEYS[4] waitlist zset,
-- KEYS[5] offers hash (see units_back)
-- ARGV[1] delta (positive adds, negative removes), ARGV[2] admin id, ARGV[3] now ms override or '',
-- ARGV[4] claim window ms
-- Returns {1, available, held, sold, total, offered, offers made} adjusted | {-4} sale stock not initialised
--       | {-11} partial sale (stock hash without all its fields): nothing changed
--       | {-8, available} cannot remove more than is available
-- @include common
local stock, events = KEYS[1], KEYS[2]
local delta, now = tonumber(ARGV[1]), now_ms(ARGV[3])

local state, s = stock_of(stock)
if state == 'missing' then
  return {-4}
elseif state == 'partial' then
  return {SALE_PARTIAL}
end
if delta < 0 and tonumber(s[1]) < -delta then
  return {-8, tonumber(s[1])}
end
redis.call('HINCRBY', stock, 'total', delta)
-- the ADJUSTED event comes before the OFFERED ones its units cause
redis.call('XADD', events, '*', 'type', 'ADJUSTED', 'qty', delta, 'user', ARGV[2], 'at', now)
local made = 0
if delta > 0 then
  made = units_back(stock, delta, nil, waitlist(KEYS[4], KEYS[5], KEYS[3], events, now, ARGV[4]))
else
  redis.call('HINCRBY', stock, 'available', delta)
end
s = redis.call('HMGET', stock, 'available', 'held', 'sold', 'total', 'offered')
return {1, tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4]), tonumber(s[5] or '0'), made}
